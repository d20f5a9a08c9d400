// The recovery module's families of GET /metrics, scraped from a real API server (ApiFixture)
// running the DLQ module, with the engine (and so the breakers) in virtual time:
// orrery_dlq_entries{task_type,status} follows dead-lettering and replay, orrery_breaker_state and
// orrery_breaker_trips_total follow a breaker through open, half-open (the reset timeout elapsed
// on the virtual clock), closed and forced open.
#include "../api/ApiFixture.h"
#include "../api/MetricsText.h"
#include "../api/OpsHelpers.h"

#include "api/dlq/DlqModule.h"
#include "recovery/BreakerRegistry.h"
#include "workflow/EngineCore.h"

#include <QSemaphore>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestRecoveryMetrics : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock;
    ApiFixture m_api;
    OpsHelpers ops{m_api};
    DlqModule m_module{RecoveryConfig{}};

    QByteArray scrape() const
    {
        const RawResponse r = m_api.call("GET", "/metrics", m_api.viewer);
        if (r.status != 200)
            qWarning("GET /metrics: %d %s", r.status, r.body.constData());
        return r.body;
    }
    double value(const QByteArray &series) const { return metricValue(scrape(), series); }

    // Runs `fn` on the engine thread with the breaker registry and waits for it.
    void onBreakers(const std::function<void(BreakerRegistry &)> &fn) const
    {
        QSemaphore done;
        m_api.engine()->onEngineThread([&](EngineCore &core) {
            fn(*BreakerRegistry::attachedTo(&core, &core.clock()));
            done.release();
        });
        done.acquire();
    }

    static QByteArray dlqSeries(const QByteArray &taskType, const QByteArray &status)
    {
        return "orrery_dlq_entries{task_type=\"" + taskType + "\",status=\"" + status + "\"}";
    }

private slots:
    void initTestCase()
    {
        m_api.setEngineClock(&m_clock);
        m_api.startModuleBeforeListen(&m_module);
        const QString failure = m_api.start();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void cleanupTestCase()
    {
        m_api.server()->stop(); // no scrape may run while the module stops
        m_module.stop();
    }

    void familiesAreDeclaredWithTheirHelp()
    {
        const QByteArray text = scrape();
        QVERIFY2(text.contains("# TYPE orrery_dlq_entries gauge\n"), text.constData());
        QVERIFY(text.contains("# TYPE orrery_breaker_state gauge\n"));
        QVERIFY(text.contains("# HELP orrery_breaker_state Circuit breaker state: 0 closed, 1 half-open"));
        QVERIFY(text.contains("# TYPE orrery_breaker_trips_total counter\n"));
        // The store breaker exists from the start, closed and never tripped.
        QCOMPARE(metricValue(text, "orrery_breaker_state{breaker=\"store\"}"), 0.0);
        QCOMPARE(metricValue(text, "orrery_breaker_trips_total{breaker=\"store\"}"), 0.0);
        // Nothing dead-lettered yet: no series.
        QVERIFY(!text.contains("orrery_dlq_entries{"));
    }

    void dlqDepthFollowsDeadLettersAndReplay()
    {
        ops.oneTaskWorkflow("mx_wf", "mx_t", 0);
        for (int i = 0; i < 2; ++i) {
            ops.start("mx_wf");
            QVERIFY(!ops.run("mx_t", "FAILED").isEmpty());
        }
        // The queue adds the entries on its own thread, a moment after the engine gave up.
        QTRY_COMPARE_WITH_TIMEOUT(value(dlqSeries("mx_t", "DEAD")), 2.0, 10000);
        QCOMPARE(value(dlqSeries("mx_t", "REPLAYED")), 0.0);
        QCOMPARE(value(dlqSeries("mx_t", "REPLAYING")), 0.0);

        const QJsonArray dead = obj(m_api.call("GET", "/api/dlq?taskType=mx_t", m_api.viewer))
                                    .value(QStringLiteral("results")).toArray();
        QCOMPARE(dead.size(), 2);
        const QByteArray id = dead.first().toObject().value(QStringLiteral("id")).toString().toUtf8();
        const RawResponse replay = m_api.call("POST", "/api/dlq/" + id + "/replay", m_api.operatorAuth, "{}");
        QVERIFY2(replay.status == 200, replay.body.constData());
        QTRY_COMPARE_WITH_TIMEOUT(value(dlqSeries("mx_t", "DEAD")), 1.0, 10000);
        QCOMPARE(value(dlqSeries("mx_t", "REPLAYED")), 1.0);
    }

    void breakerStateAndTripsFollowTheBreaker()
    {
        const QByteArray state = "orrery_breaker_state{breaker=\"http:flaky.example\"}";
        const QByteArray trips = "orrery_breaker_trips_total{breaker=\"http:flaky.example\"}";
        qint64 resetTimeoutMs = 0;
        onBreakers([&](BreakerRegistry &registry) {
            CircuitBreaker *b = registry.breaker(QStringLiteral("http:flaky.example"));
            resetTimeoutMs = b->config().resetTimeoutMs;
            for (int i = 0; i < b->config().failureThreshold; ++i)
                b->recordFailure(true, QStringLiteral("HTTP 503"));
        });
        QCOMPARE(value(state), 2.0);
        QCOMPARE(value(trips), 1.0);

        m_clock.advanceMs(resetTimeoutMs - 1);
        QCOMPARE(value(state), 2.0);
        m_clock.advanceMs(1); // the reset timeout elapsed: half-open, no new trip
        QCOMPARE(value(state), 1.0);
        QCOMPARE(value(trips), 1.0);

        bool probed = false;
        onBreakers([&](BreakerRegistry &registry) {
            CircuitBreaker *b = registry.breaker(QStringLiteral("http:flaky.example"));
            probed = b->tryAcquire();
            b->recordSuccess();
        });
        QVERIFY(probed);
        QCOMPARE(value(state), 0.0);
        QCOMPARE(value(trips), 1.0);

        // An operator forcing it open is not a trip.
        QCOMPARE(m_api.call("POST", "/api/circuitbreaker/http:flaky.example/open", m_api.admin).status, 200);
        QCOMPARE(value(state), 3.0);
        QCOMPARE(value(trips), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestRecoveryMetrics)
#include "test_recovery_metrics.moc"
