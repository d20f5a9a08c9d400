// The recovery module's operating figures (GET /api/stats), in virtual time: the windowed
// breaker trip record (window edges, 24 h expiry, the cap), the DLQ gauge a real queue publishes
// (depth, inflow, outflow, closed), and RecoveryStats turning both into figures, with the breaker
// totals read through a reader that may answer at once, late or never.
#include "../workflow/EngineHarness.h"

#include "api/dlq/RecoveryStats.h"
#include "recovery/BreakerTripLog.h"
#include "recovery/DeadLetterQueue.h"
#include "recovery/DlqGauge.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QtTest>

using namespace orrery;

namespace {

constexpr qint64 kMin = 60'000;
constexpr qint64 kHour = 3'600'000;
constexpr qint64 kDay = 24 * kHour;

DeadLetterInput deadTask(const QString &workflowId)
{
    Task t;
    t.taskId = workflowId + QStringLiteral("-t");
    t.workflowInstanceId = workflowId;
    t.referenceTaskName = QStringLiteral("call");
    t.taskType = QStringLiteral("http");
    t.taskDefName = QStringLiteral("http");
    t.status = TaskStatus::FailedWithTerminalError;
    t.reasonForIncompletion = QStringLiteral("HTTP 404");
    return DeadLetterInput{t, {t}, QStringLiteral("TERMINAL"), QStringLiteral("HTTP 404")};
}

} // namespace

class TestRecoveryStats : public QObject
{
    Q_OBJECT

private slots:
    void tripLogCountsTheWindowAndExpires()
    {
        ManualClock clock;
        const qint64 t0 = clock.nowMs();
        BreakerTripLog log(&clock);
        log.record(QStringLiteral("http:a"));              // t0
        clock.advanceMs(30 * kMin);
        log.record(QStringLiteral("http:a"));              // t0 + 30 min
        log.record(QStringLiteral("task:send"));
        clock.advanceMs(2 * kHour);                        // t0 + 2 h 30
        log.record(QStringLiteral("store"));

        const qint64 now = clock.nowMs();
        auto hour = log.window(kHour, now);
        QCOMPARE(hour.trips, 1);
        QCOMPARE(hour.byBreaker.value(QStringLiteral("store")), 1);
        auto day = log.window(kDay, now);
        QCOMPARE(day.trips, 4);
        QCOMPARE(day.byBreaker.value(QStringLiteral("http:a")), 2);
        QCOMPARE(day.byBreaker.value(QStringLiteral("task:send")), 1);
        QVERIFY(!day.truncated);

        // Edges: (now - window, now]. A trip exactly one window ago is out, one ms later in.
        QCOMPARE(log.window(now - t0, now).trips, 3);
        QCOMPARE(log.window(now - t0 + 1, now).trips, 4);
        // Asked about an earlier instant, later trips do not count.
        QCOMPARE(log.window(kHour, t0 + 31 * kMin).trips, 3);
        QCOMPARE(log.window(kHour, t0 + 29 * kMin).trips, 1);

        // 24 h later the first trips expire from every window, and from memory at the next record.
        clock.setMs(t0 + kDay + 10 * kMin);
        QCOMPARE(log.window(kDay, clock.nowMs()).trips, 3);
        clock.setMs(t0 + kDay + 2 * kHour);
        log.record(QStringLiteral("http:b"));
        QCOMPARE(log.size(), 2); // "store" and "http:b"
        QCOMPARE(log.window(kDay, clock.nowMs()).trips, 2);
        QCOMPARE(log.recordedTotal(), quint64(5));
    }

    void tripLogIsBoundedAndSaysWhenAWindowLostRecords()
    {
        ManualClock clock;
        BreakerTripLog log(&clock, kDay, 10);
        for (int i = 0; i < 25; ++i) {
            log.record(QStringLiteral("http:flappy"));
            clock.advanceMs(kMin);
        }
        QCOMPARE(log.size(), 10);
        const auto day = log.window(kDay, clock.nowMs());
        QCOMPARE(day.trips, 10);
        QVERIFY(day.truncated);
        // The last 5 minutes (trips at minutes 21..24 of 25) are all kept: that window is complete.
        const auto recent = log.window(5 * kMin, clock.nowMs());
        QCOMPARE(recent.trips, 4);
        QVERIFY(!recent.truncated);
        // A clock that steps back keeps the record ordered (the trip counts as "now" of the log).
        clock.advanceMs(-10 * kMin);
        log.record(QStringLiteral("http:flappy"));
        QCOMPARE(log.window(kHour, clock.nowMs() + 10 * kMin).trips, 10); // the cap dropped the oldest
    }

    void tripRateFigure()
    {
        ManualClock clock;
        auto log = std::make_shared<BreakerTripLog>(&clock);
        RecoveryStats stats(nullptr, log);
        StatsFigure none = stats.breakerTripRate(kHour, clock.nowMs());
        QVERIFY(none.value);
        QCOMPARE(*none.value, 0.0); // no trip is a rate of 0, not missing data
        for (int i = 0; i < 3; ++i)
            log->record(QStringLiteral("http:a"));
        clock.advanceMs(2 * kHour);
        for (int i = 0; i < 3; ++i)
            log->record(QStringLiteral("task:b"));
        const StatsFigure hour = stats.breakerTripRate(kHour, clock.nowMs());
        QCOMPARE(*hour.value, 3.0);
        const StatsFigure day = stats.breakerTripRate(kDay, clock.nowMs());
        QCOMPARE(*day.value, 6.0 / 24.0);
        QCOMPARE(day.detail.value(QStringLiteral("trips")).toInt(), 6);
        QCOMPARE(day.detail.value(QStringLiteral("byBreaker")).toObject().value(QStringLiteral("http:a")).toInt(), 3);
        QVERIFY(!day.detail.contains(QStringLiteral("sinceStart"))); // no totals reader
        // Registered, the provider answers through the registry.
        StatsRegistry registry;
        RecoveryStats::registerProviders(&registry, std::make_shared<RecoveryStats>(nullptr, log));
        QVERIFY(registry.provider(QLatin1String(StatsRegistry::kBreakerTripRate)));
        QCOMPARE(*registry.provider(QLatin1String(StatsRegistry::kBreakerTripRate))(kHour, clock.nowMs()).value, 3.0);
        RecoveryStats::removeProviders(&registry);
        QVERIFY(!registry.provider(QLatin1String(StatsRegistry::kBreakerTripRate)));
        QVERIFY(!registry.provider(QLatin1String(StatsRegistry::kDlqDepth)));
    }

    void breakerTotalsAreCachedAndNeverBlockLong()
    {
        ManualClock clock;
        auto log = std::make_shared<BreakerTripLog>(&clock);
        int asked = 0;
        quint64 calls = 100;
        RecoveryStats stats(nullptr, log, [&](RecoveryStats::TotalsDone done) {
            ++asked;
            done(RecoveryStats::BreakerTotals{calls, 2, 3});
        });
        StatsFigure f = stats.breakerTripRate(kHour, clock.nowMs());
        QJsonObject since = f.detail.value(QStringLiteral("sinceStart")).toObject();
        QCOMPARE(since.value(QStringLiteral("calls")).toInt(), 100);
        QCOMPARE(since.value(QStringLiteral("trips")).toInt(), 2);
        QCOMPARE(since.value(QStringLiteral("breakers")).toInt(), 3);
        QCOMPARE(qint64(since.value(QStringLiteral("asOfMs")).toDouble()), clock.nowMs());
        // Within a second (virtual) the same answer serves both windows without asking again.
        calls = 150;
        clock.advanceMs(500);
        f = stats.breakerTripRate(kDay, clock.nowMs());
        QCOMPARE(asked, 1);
        QCOMPARE(f.detail.value(QStringLiteral("sinceStart")).toObject().value(QStringLiteral("calls")).toInt(), 100);
        clock.advanceMs(600);
        f = stats.breakerTripRate(kDay, clock.nowMs());
        QCOMPARE(asked, 2);
        QCOMPARE(f.detail.value(QStringLiteral("sinceStart")).toObject().value(QStringLiteral("calls")).toInt(), 150);

        // A reader that never answers (the engine is stopping): the figure still comes, without
        // totals, after the bounded wait; the next call does not wait again for the same request.
        std::vector<RecoveryStats::TotalsDone> parked;
        RecoveryStats silent(nullptr, log, [&](RecoveryStats::TotalsDone done) { parked.push_back(std::move(done)); }, 50);
        QElapsedTimer elapsed;
        elapsed.start();
        f = silent.breakerTripRate(kHour, clock.nowMs());
        QVERIFY(f.value);
        QVERIFY(!f.detail.contains(QStringLiteral("sinceStart")));
        QCOMPARE(parked.size(), size_t(1));
        f = silent.breakerTripRate(kDay, clock.nowMs());
        QCOMPARE(parked.size(), size_t(1)); // still pending: not asked twice
        // A late answer is used by the next call.
        parked.front()(RecoveryStats::BreakerTotals{7, 1, 1});
        f = silent.breakerTripRate(kDay, clock.nowMs());
        QCOMPARE(f.detail.value(QStringLiteral("sinceStart")).toObject().value(QStringLiteral("calls")).toInt(), 7);
        // An abandoned request is asked again 5 s (virtual) later.
        RecoveryStats silent2(nullptr, log, [&](RecoveryStats::TotalsDone done) { parked.push_back(std::move(done)); }, 10);
        (void)silent2.breakerTripRate(kHour, clock.nowMs());
        clock.advanceMs(6000);
        (void)silent2.breakerTripRate(kHour, clock.nowMs());
        QCOMPARE(parked.size(), size_t(3));
        QVERIFY2(elapsed.elapsed() < 5000, "waited far longer than the bounded waits"); // a hang guard, not a timing test
    }

    void dlqGaugeFollowsARealQueue()
    {
        test::EngineHarness h;
        auto dlq = std::make_unique<DeadLetterQueue>(h.store.get(), DlqConfig(), &h.clock, 7);
        const std::shared_ptr<const DlqGauge> gauge = dlq->gauge();
        auto stats = std::make_shared<RecoveryStats>(gauge, nullptr);
        QVERIFY(!gauge->snapshot(kHour, h.clock.nowMs()).open);
        QVERIFY(!stats->dlqDepth(kHour, h.clock.nowMs()).value); // not open: missing, with a reason
        QVERIFY(!stats->dlqDepth(kHour, h.clock.nowMs()).reason.isEmpty());
        QVERIFY(dlq->open().ok());
        StatsFigure f = stats->dlqDepth(kHour, h.clock.nowMs());
        QVERIFY(f.value);
        QCOMPARE(*f.value, 0.0);

        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            auto id = dlq->add(deadTask(QStringLiteral("wf-%1").arg(i)));
            QVERIFY(id.ok());
            ids << id.value();
        }
        h.clock.advanceMs(2 * kHour);
        auto late = dlq->add(deadTask(QStringLiteral("wf-late")));
        QVERIFY(late.ok());
        f = stats->dlqDepth(kHour, h.clock.nowMs());
        QCOMPARE(*f.value, 4.0); // depth now, whatever the window
        QCOMPARE(f.detail.value(QStringLiteral("inflow")).toInt(), 1);
        QCOMPARE(f.detail.value(QStringLiteral("total")).toInt(), 4);
        f = stats->dlqDepth(kDay, h.clock.nowMs());
        QCOMPARE(*f.value, 4.0);
        QCOMPARE(f.detail.value(QStringLiteral("inflow")).toInt(), 4);

        QVERIFY(dlq->remove(ids.first(), QStringLiteral("ops")).ok());
        f = stats->dlqDepth(kHour, h.clock.nowMs());
        QCOMPARE(*f.value, 3.0);
        QCOMPARE(f.detail.value(QStringLiteral("outflow")).toInt(), 1);
        // The same task reported dead again (the engine re-emits a death after a restart) is
        // neither inflow nor a new entry.
        auto again = dlq->add(deadTask(QStringLiteral("wf-late")));
        QVERIFY(again.ok());
        QCOMPARE(again.value(), late.value());
        f = stats->dlqDepth(kHour, h.clock.nowMs());
        QCOMPARE(*f.value, 3.0);
        QCOMPARE(f.detail.value(QStringLiteral("inflow")).toInt(), 1);
        // A day later the flows have left the window; the depth stays.
        h.clock.advanceMs(kDay);
        f = stats->dlqDepth(kDay, h.clock.nowMs());
        QCOMPARE(*f.value, 3.0);
        QCOMPARE(f.detail.value(QStringLiteral("inflow")).toInt(), 0);

        dlq->close();
        QVERIFY(!stats->dlqDepth(kHour, h.clock.nowMs()).value);
        dlq.reset(); // the gauge outlives the queue (a provider may still hold it)
        QVERIFY(!gauge->snapshot(kHour, h.clock.nowMs()).open);
    }
};

QTEST_GUILESS_MAIN(TestRecoveryStats)
#include "test_recovery_stats.moc"
