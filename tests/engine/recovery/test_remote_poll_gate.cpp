// Circuit breakers on the remote worker routes (docs/recovery.md, "Remote pollers"), over a real
// API server running the recovery module, the engine and breakers in virtual time: a poll for a
// type whose breaker "task:<type>" is open gets Conductor's empty answer and leases nothing, the
// refusal is counted (pollsRefused, orrery_breaker_polls_refused_total), a half-open breaker
// hands out exactly its probe quota, the probe's reported outcome closes or reopens it, remote
// failures trip it, and a forced-open breaker of a type without a `breaker` object gates too.
#include "../api/ApiFixture.h"
#include "../api/MetricsText.h"
#include "../api/OpsHelpers.h"

#include "api/dlq/DlqModule.h"
#include "recovery/BreakerRegistry.h"
#include "recovery/RemotePollGate.h"
#include "workflow/EngineCore.h"

#include <QJsonDocument>
#include <QSemaphore>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

constexpr qint64 kResetMs = 30'000;

} // namespace

class TestRemotePollGate : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock;
    ApiFixture m_api;
    OpsHelpers ops{m_api};
    DlqModule m_module{RecoveryConfig{}};

    // A batch poll that never waits (the engine's long-poll deadline is on the virtual clock).
    QJsonArray poll(const QByteArray &type, int count) const
    {
        const RawResponse r = m_api.call("GET", "/api/tasks/poll/batch/" + type + "?count=" + QByteArray::number(count)
                                                    + "&timeout=0&workerid=remote-1",
                                         m_api.operatorAuth);
        if (r.status != 200)
            qWarning("poll %s: %d %s", type.constData(), r.status, r.body.constData());
        return arr(r);
    }
    int queued(const QByteArray &type) const
    {
        return obj(m_api.call("GET", "/api/tasks/queue/sizes?taskType=" + type, m_api.viewer)).value(QString::fromUtf8(type)).toInt(-1);
    }
    QJsonObject breaker(const QString &name) const { return ops.breaker(name); }
    QString state(const QString &name) const { return breaker(name).value(QStringLiteral("state")).toString(); }
    double refusedMetric(const QByteArray &name) const
    {
        return metricValue(m_api.call("GET", "/metrics", m_api.viewer).body,
                           "orrery_breaker_polls_refused_total{breaker=\"" + name + "\"}");
    }
    int grants() const
    {
        int n = -1;
        QSemaphore done;
        m_api.engine()->onEngineThread([&](EngineCore &core) {
            n = RemotePollGate::attachedTo(&core, BreakerRegistry::attachedTo(&core, &core.clock()))->grantCount();
            done.release();
        });
        done.acquire();
        return n;
    }
    // A type whose definition carries a breaker: 2 failures in a row open it for 30 s, 1 probe.
    void guardedType(const QByteArray &type) const
    {
        ops.oneTaskWorkflow(type + "_wf", type, 0);
        const QByteArray def = "{\"name\":\"" + type + "\",\"retryCount\":0,\"responseTimeoutSeconds\":600,"
                               "\"breaker\":{\"failureThreshold\":2,\"resetTimeoutSeconds\":30,\"halfOpenProbes\":1}}";
        QCOMPARE(m_api.call("PUT", "/api/metadata/taskdefs", m_api.admin, def).status, 200);
    }

private slots:
    void initTestCase()
    {
        m_api.setEngineClock(&m_clock);
        m_api.startModuleBeforeListen(&m_module);
        ApiServerOptions options;
        options.http.clock = &m_clock;
        const QString failure = m_api.start(options);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void cleanupTestCase()
    {
        m_api.server()->stop();
        m_module.stop();
    }

    void remoteFailuresTripTheBreakerAndAnOpenBreakerHandsOutNothing()
    {
        guardedType("gate_t");
        for (int i = 0; i < 4; ++i)
            QVERIFY(!ops.start("gate_t_wf").isEmpty());
        QCOMPARE(queued("gate_t"), 4);

        // Closed: tasks go out; two failures reported by the remote worker open it.
        for (int i = 0; i < 2; ++i) {
            const QJsonArray got = poll("gate_t", 1);
            QCOMPARE(got.size(), 1);
            QCOMPARE(ops.report(got.first().toObject(), "FAILED"), 200);
        }
        QCOMPARE(state(QStringLiteral("task:gate_t")), QStringLiteral("OPEN"));
        QCOMPARE(breaker(QStringLiteral("task:gate_t")).value(QStringLiteral("trips")).toInt(), 1);
        QCOMPARE(queued("gate_t"), 2);

        // Open: Conductor's "nothing to do" ([]), nothing leased, each poll counted.
        QCOMPARE(poll("gate_t", 5).size(), 0);
        QCOMPARE(poll("gate_t", 1).size(), 0);
        QCOMPARE(queued("gate_t"), 2);
        const QJsonObject b = breaker(QStringLiteral("task:gate_t"));
        QCOMPARE(b.value(QStringLiteral("pollsRefused")).toInt(), 2);
        QCOMPARE(b.value(QStringLiteral("rejections")).toInt(), 2);
        QCOMPARE(refusedMetric("task:gate_t"), 2.0);
        QCOMPARE(grants(), 0);
        // count=0 is answered before the engine is asked: not a refusal.
        QCOMPARE(arr(m_api.call("GET", "/api/tasks/poll/batch/gate_t?count=0&timeout=0", m_api.operatorAuth)).size(), 0);
        QCOMPARE(breaker(QStringLiteral("task:gate_t")).value(QStringLiteral("pollsRefused")).toInt(), 2);

        // One millisecond before the reset timeout it is still open.
        m_clock.advanceMs(kResetMs - 1);
        QCOMPARE(poll("gate_t", 5).size(), 0);
        QCOMPARE(breaker(QStringLiteral("task:gate_t")).value(QStringLiteral("pollsRefused")).toInt(), 3);
    }

    void aHalfOpenBreakerAdmitsItsProbeQuotaAndTheProbeClosesIt()
    {
        m_clock.advanceMs(1); // the reset timeout has elapsed
        QCOMPARE(state(QStringLiteral("task:gate_t")), QStringLiteral("HALF_OPEN"));
        const QJsonArray probe = poll("gate_t", 5); // asks for 5, gets the one probe
        QCOMPARE(probe.size(), 1);
        QCOMPARE(grants(), 1);
        QCOMPARE(poll("gate_t", 5).size(), 0); // the probe is out: nothing more
        QCOMPARE(queued("gate_t"), 1);
        QCOMPARE(ops.report(probe.first().toObject(), "COMPLETED"), 200);
        QTRY_COMPARE(state(QStringLiteral("task:gate_t")), QStringLiteral("CLOSED"));
        QCOMPARE(grants(), 0);
        QCOMPARE(poll("gate_t", 5).size(), 1); // closed again: whatever is queued
    }

    void aFailedProbeOpensItAgain()
    {
        for (int i = 0; i < 3; ++i)
            QVERIFY(!ops.start("gate_t_wf").isEmpty());
        for (int i = 0; i < 2; ++i)
            QCOMPARE(ops.report(poll("gate_t", 1).first().toObject(), "FAILED"), 200);
        QCOMPARE(state(QStringLiteral("task:gate_t")), QStringLiteral("OPEN"));
        m_clock.advanceMs(kResetMs);
        const QJsonArray probe = poll("gate_t", 3);
        QCOMPARE(probe.size(), 1);
        QCOMPARE(ops.report(probe.first().toObject(), "FAILED"), 200);
        QCOMPARE(state(QStringLiteral("task:gate_t")), QStringLiteral("OPEN"));
        QCOMPARE(breaker(QStringLiteral("task:gate_t")).value(QStringLiteral("trips")).toInt(), 3);
        QCOMPARE(poll("gate_t", 3).size(), 0);
    }

    void aTerminalFailureDoesNotCount()
    {
        m_clock.advanceMs(kResetMs);
        QVERIFY(!ops.start("gate_t_wf").isEmpty());
        QVERIFY(!ops.start("gate_t_wf").isEmpty());
        // The probe fails terminally: it says nothing about the resource and frees its slot.
        const QJsonArray probe = poll("gate_t", 1);
        QCOMPARE(probe.size(), 1);
        QCOMPARE(ops.report(probe.first().toObject(), "FAILED_WITH_TERMINAL_ERROR"), 200);
        QCOMPARE(state(QStringLiteral("task:gate_t")), QStringLiteral("HALF_OPEN"));
        QCOMPARE(breaker(QStringLiteral("task:gate_t")).value(QStringLiteral("halfOpenProbesInFlight")).toInt(), 0);
        QCOMPARE(poll("gate_t", 5).size(), 1); // a new probe may go
    }

    void aForcedOpenBreakerGatesATypeWithoutABreakerObject()
    {
        ops.oneTaskWorkflow("plain_wf", "plain_t", 0);
        QVERIFY(!ops.start("plain_wf").isEmpty());
        QVERIFY(!ops.start("plain_wf").isEmpty());
        QCOMPARE(poll("plain_t", 1).size(), 1); // no breaker: not gated
        QCOMPARE(m_api.call("POST", "/api/circuitbreaker/task:plain_t/open", m_api.admin).status, 200);
        m_clock.advanceMs(7 * 24 * 3600 * 1000LL); // forced open never moves by itself
        QCOMPARE(poll("plain_t", 10).size(), 0);
        QCOMPARE(queued("plain_t"), 1);
        QCOMPARE(breaker(QStringLiteral("task:plain_t")).value(QStringLiteral("pollsRefused")).toInt(), 1);
        QCOMPARE(m_api.call("POST", "/api/circuitbreaker/task:plain_t/close", m_api.admin).status, 200);
        QCOMPARE(poll("plain_t", 10).size(), 1);
    }

    void updateV2DoesNotHandOutPastAnOpenBreaker()
    {
        QCOMPARE(m_api.call("POST", "/api/circuitbreaker/task:plain_t/open", m_api.admin).status, 200);
        QVERIFY(!ops.start("plain_wf").isEmpty());
        QVERIFY(!ops.start("plain_wf").isEmpty());
        QCOMPARE(m_api.call("POST", "/api/circuitbreaker/task:plain_t/close", m_api.admin).status, 200);
        const QJsonObject first = poll("plain_t", 1).first().toObject();
        QCOMPARE(m_api.call("POST", "/api/circuitbreaker/task:plain_t/open", m_api.admin).status, 200);
        const QJsonObject result{{QStringLiteral("taskId"), first.value(QStringLiteral("taskId"))},
                                 {QStringLiteral("workflowInstanceId"), first.value(QStringLiteral("workflowInstanceId"))},
                                 {QStringLiteral("workerId"), QStringLiteral("remote-1")},
                                 {QStringLiteral("status"), QStringLiteral("COMPLETED")}};
        const RawResponse next = m_api.call("POST", "/api/tasks/update-v2", m_api.operatorAuth,
                                            QJsonDocument(result).toJson(QJsonDocument::Compact));
        QCOMPARE(next.status, 204); // the next task stays queued behind the breaker
        QCOMPARE(queued("plain_t"), 1);
        QCOMPARE(breaker(QStringLiteral("task:plain_t")).value(QStringLiteral("pollsRefused")).toInt(), 2);
    }

    void aSinglePollGets204WhileOpen()
    {
        // The single poll waits 100 ms on the engine's clock: a fixture on the system clock.
        ApiFixture api;
        OpsHelpers helpers{api};
        DlqModule module{RecoveryConfig{}};
        api.startModuleBeforeListen(&module);
        const QString failure = api.start();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        helpers.oneTaskWorkflow("single_wf", "single_t", 0);
        QVERIFY(!helpers.start("single_wf").isEmpty());
        QCOMPARE(api.call("POST", "/api/circuitbreaker/task:single_t/open", api.admin).status, 200);
        const RawResponse refused = api.call("GET", "/api/tasks/poll/single_t?workerid=w", api.operatorAuth);
        QCOMPARE(refused.status, 204);
        QVERIFY(refused.body.isEmpty());
        QCOMPARE(api.call("POST", "/api/circuitbreaker/task:single_t/close", api.admin).status, 200);
        const RawResponse handed = api.call("GET", "/api/tasks/poll/single_t?workerid=w", api.operatorAuth);
        QCOMPARE(handed.status, 200);
        QCOMPARE(handed.json().object().value(QStringLiteral("taskType")).toString(), QStringLiteral("single_t"));
        api.server()->stop();
        module.stop();
    }
};

QTEST_MAIN(TestRemotePollGate)
#include "test_remote_poll_gate.moc"
