#include "core/Clock.h"
#include "recovery/CircuitBreaker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

using namespace orrery;
using State = CircuitBreaker::State;

namespace {

BreakerConfig consecutive(int threshold, qint64 resetMs = 60000, int probes = 1)
{
    BreakerConfig c;
    c.failureThreshold = threshold;
    c.resetTimeoutMs = resetMs;
    c.halfOpenProbes = probes;
    return c;
}

QStringList transitions(const QSignalSpy &spy)
{
    QStringList out;
    for (const auto &args : spy)
        out << args.at(1).toString() + QStringLiteral("->") + args.at(2).toString();
    return out;
}

} // namespace

class TestCircuitBreaker : public QObject
{
    Q_OBJECT

private slots:
    void opensAfterConsecutiveFailures()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("http:api"), BreakerConfig(), &clock);
        QSignalSpy spy(&b, &CircuitBreaker::stateChanged);
        for (int i = 0; i < 4; ++i) {
            QVERIFY(b.tryAcquire());
            b.recordFailure(QStringLiteral("connection refused"));
        }
        QCOMPARE(b.state(), State::Closed);
        b.recordSuccess(); // breaks the run
        QCOMPARE(b.consecutiveFailures(), 0);
        for (int i = 0; i < 4; ++i)
            b.recordFailure(QStringLiteral("connection refused"));
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(spy.count(), 0);
        b.recordFailure("HTTP 503");
        QCOMPARE(b.state(), State::Open);
        QCOMPARE(spy.count(), 1);
        const auto args = spy.first();
        QCOMPARE(args.at(0).toString(), QStringLiteral("http:api"));
        QCOMPARE(args.at(1).toString(), QStringLiteral("CLOSED"));
        QCOMPARE(args.at(2).toString(), QStringLiteral("OPEN"));
        QVERIFY2(args.at(3).toString().contains(QStringLiteral("5 consecutive failures")), qPrintable(args.at(3).toString()));
        QVERIFY(args.at(3).toString().contains(QStringLiteral("HTTP 503")));
        QCOMPARE(b.trips(), 1);
        QCOMPARE(b.failures(), 9);
        QCOMPARE(b.successes(), 1);
        QCOMPARE(b.calls(), 10);
        QCOMPARE(b.lastFailureMessage(), QStringLiteral("HTTP 503"));
        QCOMPARE(b.lastFailureMs(), clock.nowMs());

        // Open: fail fast, counted as rejections; more failures change nothing.
        QVERIFY(!b.tryAcquire());
        QVERIFY(!b.tryAcquire());
        QCOMPARE(b.rejections(), 2);
        b.recordFailure("late result");
        b.recordSuccess();
        QCOMPARE(b.state(), State::Open);
        QCOMPARE(spy.count(), 1);
    }

    void halfOpenAfterResetTimeout()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("store"), consecutive(2, 30000), &clock);
        QSignalSpy spy(&b, &CircuitBreaker::stateChanged);
        QCOMPARE(b.msUntilHalfOpen(), -1);
        b.recordFailure();
        b.recordFailure();
        QCOMPARE(b.msUntilHalfOpen(), 30000);
        clock.advanceMs(29999);
        QCOMPARE(b.msUntilHalfOpen(), 1);
        QCOMPARE(b.state(), State::Open);
        QVERIFY(!b.tryAcquire());
        clock.advanceMs(1);
        QCOMPARE(b.msUntilHalfOpen(), 0);
        QCOMPARE(b.state(), State::HalfOpen);
        QCOMPARE(b.state(), State::HalfOpen); // observing twice emits once
        QCOMPARE(b.msUntilHalfOpen(), -1);
        QCOMPARE(transitions(spy), (QStringList{"CLOSED->OPEN", "OPEN->HALF_OPEN"}));
        QVERIFY(spy.last().at(3).toString().contains(QStringLiteral("reset timeout")));
    }

    void halfOpenProbeLimits()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("task:x"), consecutive(1, 1000, 2), &clock);
        b.recordFailure();
        clock.advanceMs(1000);
        QVERIFY(b.tryAcquire());
        QVERIFY(b.tryAcquire());
        QCOMPARE(b.halfOpenProbesInFlight(), 2);
        const quint64 rejectedBefore = b.rejections();
        QVERIFY(!b.tryAcquire());
        QVERIFY(!b.tryAcquire());
        QCOMPARE(b.rejections(), rejectedBefore + 2);
        QSignalSpy spy(&b, &CircuitBreaker::stateChanged);
        b.recordSuccess(); // first probe success closes
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(transitions(spy), (QStringList{"HALF_OPEN->CLOSED"}));
        QVERIFY(spy.first().at(3).toString().contains(QStringLiteral("probe")));
        b.recordSuccess(); // the second probe reports in CLOSED: no transition
        QCOMPARE(spy.count(), 1);
        QVERIFY(b.tryAcquire());
    }

    void probeFailureReopens()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("redis"), consecutive(3, 10000), &clock);
        QSignalSpy spy(&b, &CircuitBreaker::stateChanged);
        for (int i = 0; i < 3; ++i)
            b.recordFailure();
        clock.advanceMs(10000);
        QVERIFY(b.tryAcquire());
        clock.advanceMs(500);
        b.recordFailure("still down"); // a single probe failure is enough
        QCOMPARE(b.state(), State::Open);
        QCOMPARE(b.trips(), 2);
        QCOMPARE(b.msUntilHalfOpen(), 10000); // a new timeout from now
        QVERIFY(spy.last().at(3).toString().contains(QStringLiteral("still down")));
        clock.advanceMs(10000);
        QVERIFY(b.tryAcquire());
        b.recordSuccess();
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(b.consecutiveFailures(), 0);
        // Exactly one signal per transition over the whole cycle.
        QCOMPARE(transitions(spy), (QStringList{"CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN",
                                                "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"}));
        // Closed again: the run starts from zero.
        b.recordFailure();
        b.recordFailure();
        QCOMPARE(b.state(), State::Closed);
    }

    void lostProbeIsForgotten()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("webhook"), consecutive(1, 5000), &clock);
        b.recordFailure();
        clock.advanceMs(5000);
        QVERIFY(b.tryAcquire()); // this probe never reports
        clock.advanceMs(4999);
        QVERIFY(!b.tryAcquire());
        clock.advanceMs(1);
        QVERIFY(b.tryAcquire());
        QCOMPARE(b.state(), State::HalfOpen);
    }

    void nonCountingErrorsAreIgnored()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("http:h"), consecutive(2, 1000), &clock);
        QSignalSpy spy(&b, &CircuitBreaker::stateChanged);
        for (int i = 0; i < 10; ++i)
            b.recordFailure(QStringLiteral("HTTP 404"), false);
        b.recordFailure(false);
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(b.consecutiveFailures(), 0);
        QCOMPARE(b.failures(), 0);
        QCOMPARE(b.ignoredFailures(), 11);
        QVERIFY(b.lastFailureMessage().isEmpty());
        QCOMPARE(b.recentFailures().size(), 11);
        QVERIFY(!b.recentFailures().first().counted);
        // An ignored error between counted ones neither breaks nor extends the run.
        b.recordFailure("a");
        b.recordFailure(QStringLiteral("HTTP 400"), false);
        b.recordFailure("b");
        QCOMPARE(b.state(), State::Open);
        // In HALF_OPEN an ignored error frees its probe slot and decides nothing.
        clock.advanceMs(1000);
        QVERIFY(b.tryAcquire());
        QVERIFY(!b.tryAcquire());
        b.recordFailure(QStringLiteral("HTTP 422"), false);
        QCOMPARE(b.state(), State::HalfOpen);
        QVERIFY(b.tryAcquire());
        QCOMPARE(transitions(spy), (QStringList{"CLOSED->OPEN", "OPEN->HALF_OPEN"}));
    }

    void failureRateOverCalls()
    {
        ManualClock clock;
        BreakerConfig c;
        c.failureThreshold = 0; // rate rule only
        c.failureRateThreshold = 50;
        c.windowSize = 10;
        c.minimumCalls = 10;
        CircuitBreaker b(QStringLiteral("task:rate"), c, &clock);
        QSignalSpy spy(&b, &CircuitBreaker::stateChanged);
        // 9 calls, 5 failures: above 50 % but below minimumCalls.
        for (int i = 0; i < 9; ++i) {
            if (i % 2 == 0)
                b.recordFailure("x");
            else
                b.recordSuccess();
        }
        QCOMPARE(b.windowTotals().calls, 9);
        QCOMPARE(b.windowTotals().failures, 5);
        QCOMPARE(b.state(), State::Closed);
        b.recordSuccess(); // 10 calls, 5 failures: successes never trip
        QCOMPARE(b.state(), State::Closed);
        // The window slides: the oldest outcome (a failure) leaves as this one enters.
        b.recordFailure("y");
        QCOMPARE(b.windowTotals().calls, 10);
        QCOMPARE(b.windowTotals().failures, 5);
        QCOMPARE(b.state(), State::Open); // 5 of 10 = 50 %
        QVERIFY2(spy.first().at(3).toString().contains(QStringLiteral("failure rate 50.0%")),
                 qPrintable(spy.first().at(3).toString()));
        QCOMPARE(spy.count(), 1);
    }

    void failureRateBelowThresholdStaysClosed()
    {
        ManualClock clock;
        BreakerConfig c;
        c.failureThreshold = 0;
        c.failureRateThreshold = 50;
        c.windowSize = 10;
        c.minimumCalls = 5;
        CircuitBreaker b(QStringLiteral("t"), c, &clock);
        for (int round = 0; round < 50; ++round) { // 40 % failures forever, never 50 % so far
            b.recordSuccess();
            b.recordSuccess();
            b.recordFailure();
            b.recordSuccess();
            b.recordFailure();
        }
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(b.windowTotals().calls, 10);
        QCOMPARE(b.windowTotals().failures, 4);
    }

    void failureRateOverSeconds()
    {
        ManualClock clock(1'700'000'000'000);
        BreakerConfig c;
        c.failureThreshold = 0;
        c.failureRateThreshold = 75;
        c.windowType = BreakerConfig::WindowType::Seconds;
        c.windowSize = 10;
        c.minimumCalls = 4;
        CircuitBreaker b(QStringLiteral("http:t"), c, &clock);
        b.recordSuccess();
        b.recordSuccess();
        b.recordSuccess();
        clock.advanceMs(5000);
        b.recordFailure();
        QCOMPARE(b.windowTotals().calls, 4);
        QCOMPARE(b.windowTotals().failures, 1);
        clock.advanceMs(5000); // t = 10 s: the successes of second 0 have left the window
        QCOMPARE(b.windowTotals().calls, 1);
        b.recordFailure();
        b.recordFailure();
        QCOMPARE(b.state(), State::Closed); // 3 calls < minimumCalls
        b.recordSuccess();
        QCOMPARE(b.state(), State::Closed);
        b.recordFailure(); // 5 calls, 4 failures = 80 %
        QCOMPARE(b.state(), State::Open);
        QCOMPARE(b.trips(), 1);
        clock.advanceMs(11000);
        QCOMPARE(b.windowTotals().calls, 0);
    }

    void forcedStates()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("conductor"), consecutive(1, 1000), &clock);
        QSignalSpy spy(&b, &CircuitBreaker::stateChanged);
        b.forceOpen(QStringLiteral("maintenance"));
        b.forceOpen(); // no second signal
        QCOMPARE(b.state(), State::ForcedOpen);
        QVERIFY(!b.tryAcquire());
        clock.advanceMs(3600 * 1000);
        QCOMPARE(b.state(), State::ForcedOpen); // never moves by itself
        QCOMPARE(b.msUntilHalfOpen(), -1);
        b.recordSuccess();
        QCOMPARE(b.state(), State::ForcedOpen);
        b.forceClose();
        b.forceClose();
        QCOMPARE(b.state(), State::Closed);
        QVERIFY(b.tryAcquire());
        QCOMPARE(b.trips(), 0); // forcing is not a trip
        b.recordFailure(); // trips normally
        b.forceOpen();
        QCOMPARE(transitions(spy), (QStringList{"CLOSED->FORCED_OPEN", "FORCED_OPEN->CLOSED",
                                                "CLOSED->OPEN", "OPEN->FORCED_OPEN"}));
        QCOMPARE(spy.first().at(3).toString(), QStringLiteral("maintenance"));
        QCOMPARE(spy.at(1).at(3).toString(), QStringLiteral("forced closed"));
    }

    void resetClearsEverything()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("store"), consecutive(2), &clock);
        QSignalSpy spy(&b, &CircuitBreaker::stateChanged);
        b.recordFailure("a");
        b.recordFailure("b");
        QVERIFY(!b.tryAcquire());
        b.reset();
        QCOMPARE(b.state(), State::Closed);
        QCOMPARE(transitions(spy), (QStringList{"CLOSED->OPEN", "OPEN->CLOSED"}));
        QCOMPARE(spy.last().at(3).toString(), QStringLiteral("reset"));
        QCOMPARE(b.calls(), 0);
        QCOMPARE(b.failures(), 0);
        QCOMPARE(b.rejections(), 0);
        QCOMPARE(b.trips(), 0);
        QCOMPARE(b.lastFailureMs(), 0);
        QVERIFY(b.recentFailures().isEmpty());
        b.recordFailure();
        b.reset(); // already closed: no signal, but the run is cleared
        QCOMPARE(spy.count(), 2);
        b.recordFailure();
        QCOMPARE(b.state(), State::Closed);
    }

    void recentFailuresRing()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("r"), consecutive(0), &clock);
        for (int i = 0; i < 25; ++i) {
            clock.advanceMs(10);
            b.recordFailure(QStringLiteral("e%1").arg(i), i % 5 != 0);
        }
        const auto recent = b.recentFailures();
        QCOMPARE(recent.size(), CircuitBreaker::kRecentFailures);
        QCOMPARE(recent.first().message, QStringLiteral("e5"));
        QVERIFY(!recent.first().counted);
        QCOMPARE(recent.last().message, QStringLiteral("e24"));
        QCOMPARE(recent.last().timeMs, clock.nowMs());
        QCOMPARE(b.state(), State::Closed); // failureThreshold 0 and no rate rule: never trips
    }

    void toJsonForStatusRoute()
    {
        ManualClock clock;
        CircuitBreaker b(QStringLiteral("http:api.example.com"), consecutive(1, 60000), &clock);
        QJsonObject j = b.toJson();
        QCOMPARE(j.value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));
        QVERIFY(!j.contains(QStringLiteral("lastFailure")));
        QVERIFY(!j.contains(QStringLiteral("msUntilHalfOpen")));
        b.recordFailure("HTTP 502");
        QVERIFY(!b.tryAcquire());
        clock.advanceMs(20000);
        j = b.toJson();
        QCOMPARE(j.value(QStringLiteral("name")).toString(), QStringLiteral("http:api.example.com"));
        QCOMPARE(j.value(QStringLiteral("state")).toString(), QStringLiteral("OPEN"));
        QCOMPARE(j.value(QStringLiteral("msUntilHalfOpen")).toInteger(), 40000);
        QCOMPARE(j.value(QStringLiteral("openedAtMs")).toInteger(), clock.nowMs() - 20000);
        QCOMPARE(j.value(QStringLiteral("failures")).toInteger(), 1);
        QCOMPARE(j.value(QStringLiteral("rejections")).toInteger(), 1);
        QCOMPARE(j.value(QStringLiteral("trips")).toInteger(), 1);
        QCOMPARE(j.value(QStringLiteral("lastFailure")).toObject().value(QStringLiteral("message")).toString(),
                 QStringLiteral("HTTP 502"));
        QCOMPARE(j.value(QStringLiteral("recentFailures")).toArray().size(), 1);
        QCOMPARE(j.value(QStringLiteral("config")).toObject().value(QStringLiteral("resetTimeoutSeconds")).toDouble(), 60.0);
        clock.advanceMs(40000);
        QCOMPARE(b.toJson().value(QStringLiteral("state")).toString(), QStringLiteral("HALF_OPEN"));
    }

    void configFromJson()
    {
        auto def = BreakerConfig::fromJson(QJsonObject{});
        QVERIFY(def.ok());
        QCOMPARE(def.value(), BreakerConfig());
        QCOMPARE(def->failureThreshold, 5);
        QCOMPARE(def->resetTimeoutMs, 60000);
        QCOMPARE(def->halfOpenProbes, 1);

        auto full = BreakerConfig::fromJson(QJsonDocument::fromJson(R"({"failureThreshold":3,"failureRateThreshold":40,
            "slidingWindowType":"seconds","slidingWindowSize":30,"minimumCalls":8,"resetTimeoutSeconds":15,
            "halfOpenProbes":3})").object());
        QVERIFY(full.ok());
        QCOMPARE(full->windowType, BreakerConfig::WindowType::Seconds);
        QCOMPARE(full->windowSize, 30);
        QCOMPARE(full->resetTimeoutMs, 15000);
        QCOMPARE(BreakerConfig::fromJson(full->toJson()).value(), full.value());

        // Fields not given come from the base.
        auto overlay = BreakerConfig::fromJson(QJsonObject{{QStringLiteral("halfOpenProbes"), 2}}, QString(), full.value());
        QVERIFY(overlay.ok());
        QCOMPARE(overlay->halfOpenProbes, 2);
        QCOMPARE(overlay->failureThreshold, 3);

        auto bad = BreakerConfig::fromJson(QJsonDocument::fromJson(R"({"failureRateThreshold":101,
            "slidingWindowType":"BOGUS","halfOpenProbes":0,"resetTimeoutSeconds":0})").object(), QStringLiteral("breaker"));
        QVERIFY(!bad.ok());
        QStringList paths;
        for (const FieldError &e : bad.error().fieldErrors)
            paths << e.path;
        QCOMPARE(paths, (QStringList{"breaker.failureRateThreshold", "breaker.slidingWindowType",
                                     "breaker.resetTimeoutSeconds", "breaker.halfOpenProbes"}));

        auto unreachable = BreakerConfig::fromJson(QJsonDocument::fromJson(
            R"({"failureRateThreshold":50,"slidingWindowSize":5,"minimumCalls":10})").object());
        QVERIFY(!unreachable.ok());
        QCOMPARE(unreachable.error().fieldErrors.first().path, QStringLiteral("minimumCalls"));
        QVERIFY(unreachable.error().fieldErrors.first().message.contains(QStringLiteral("could never open")));

        BreakerConfig code;
        code.resetTimeoutMs = 250; // sub-second timeouts are fine in code
        QVERIFY(code.validate().isEmpty());
        code.resetTimeoutMs = 0;
        QCOMPARE(code.validate().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "test_circuit_breaker.moc"
