// Recovery on the local dispatch path (LocalWorkerBridge + TaskGuard) with a real worker pool and
// engine core, in virtual time: failures are classified with the task definition's lists, and a
// task whose breaker is open waits in its queue without being charged an attempt.
#include "../workflow/EngineHarness.h"

#include "recovery/BreakerRegistry.h"
#include "recovery/CircuitBreaker.h"
#include "runtime/LocalWorkerBridge.h"
#include "workers/WorkerPool.h"

#include <QJsonArray>
#include <atomic>

using namespace orrery;
using orrery::test::EngineHarness;

namespace {

template<typename P>
bool waitUntil(P done)
{
    QDeadlineTimer deadline(10000);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

QByteArray oneTaskFlow(const char *name)
{
    return QStringLiteral(R"({"name": "%1_flow", "version": 1, "tasks": [{"name": "%1", "taskReferenceName": "t"}]})")
        .arg(QLatin1String(name)).toUtf8();
}

TaskOutcome httpFailure(int status)
{
    return TaskOutcome::failed(QStringLiteral("GET http://svc/x: HTTP %1").arg(status),
                               FailureInfo{QStringLiteral("http"), status, -1, QStringLiteral("http_%1").arg(status)});
}

struct Rig
{
    Rig()
    {
        pool = std::make_unique<WorkerPool>();
        pool->registry().registerFunction(QStringLiteral("fetch"), [this](const TaskAssignment &) {
            ++calls;
            return httpFailure(status.load());
        });
        pool->registry().registerFunction(QStringLiteral("checkout"), [](const TaskAssignment &) {
            FailureInfo f{QStringLiteral("other"), 0, -1, QStringLiteral("STOCK_PENDING")};
            return TaskOutcome::failedTerminal(QStringLiteral("stock not confirmed yet"), f);
        });
        pool->registry().registerFunction(QStringLiteral("flaky"), [this](const TaskAssignment &) {
            ++calls;
            return healthy ? TaskOutcome::completed({{QStringLiteral("ok"), true}}) : httpFailure(503);
        });
        if (!pool->start().ok())
            qFatal("the worker pool did not start");
        bridge = std::make_unique<LocalWorkerBridge>(h.core.get(), pool.get());
    }
    ~Rig()
    {
        bridge.reset();
        pool->stop(0);
    }

    QJsonArray tasksOf(const QString &wf) { return h.workflow(wf).value(QStringLiteral("tasks")).toArray(); }
    QString statusOf(const QString &wf) { return h.workflow(wf).value(QStringLiteral("status")).toString(); }
    QString summary(const QString &wf)
    {
        QStringList out{statusOf(wf)};
        for (const QJsonValue &v : tasksOf(wf)) {
            const QJsonObject t = v.toObject();
            out << QStringLiteral("%1 retry=%2 cb=%3 polls=%4 sched=%5 upd=%6")
                       .arg(t.value(QStringLiteral("status")).toString())
                       .arg(t.value(QStringLiteral("retryCount")).toInt())
                       .arg(t.value(QStringLiteral("callbackAfterSeconds")).toInt())
                       .arg(t.value(QStringLiteral("pollCount")).toInt())
                       .arg(t.value(QStringLiteral("scheduledTime")).toInteger() - 1750000000000LL)
                       .arg(t.value(QStringLiteral("updateTime")).toInteger() - 1750000000000LL);
        }
        return out.join(QStringLiteral(" | ")) + QStringLiteral(" now=%1").arg(h.clock.nowMs() - 1750000000000LL);
    }

    EngineHarness h;
    std::unique_ptr<WorkerPool> pool;
    std::unique_ptr<LocalWorkerBridge> bridge;
    std::atomic<int> calls{0};
    std::atomic<int> status{404};
    std::atomic<bool> healthy{false};
};

} // namespace

class TestLocalRecovery : public QObject
{
    Q_OBJECT

private slots:
    void clientErrorsBecomeTerminal()
    {
        Rig r;
        QVERIFY(r.h.registerTaskDef(R"({"name": "fetch", "retryCount": 3, "retryDelaySeconds": 1})").ok());
        QVERIFY(r.h.registerWorkflow(oneTaskFlow("fetch")).ok());
        r.bridge->enableAllTypes(2);
        const QString wf = r.h.start(QStringLiteral("fetch_flow"));
        QVERIFY(waitUntil([&] { return r.statusOf(wf) == QLatin1String("FAILED"); }));
        const QJsonArray tasks = r.tasksOf(wf);
        QCOMPARE(tasks.size(), 1); // not retried
        const QJsonObject t = tasks.first().toObject();
        QCOMPARE(t.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"));
        const QJsonObject error = t.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("errorClass")).toString(), QStringLiteral("TERMINAL"));
        QCOMPARE(error.value(QStringLiteral("httpStatus")).toInt(), 404);
        QVERIFY(error.value(QStringLiteral("classifiedBy")).toString().contains(QStringLiteral("HTTP 404")));
    }

    void definitionListsOverrideTheBuiltIns()
    {
        Rig r;
        // A 404 worth retrying (the resource appears eventually); a terminal outcome whose code
        // the definition calls transient.
        QVERIFY(r.h.registerTaskDef(R"({"name": "fetch", "retryCount": 1, "retryDelaySeconds": 1, "jitterPercent": 0,
                                        "transientErrors": ["http:404"]})").ok());
        QVERIFY(r.h.registerTaskDef(R"({"name": "checkout", "retryCount": 1, "retryDelaySeconds": 1, "jitterPercent": 0,
                                        "transientErrors": ["STOCK_PENDING"]})").ok());
        QVERIFY(r.h.registerWorkflow(oneTaskFlow("fetch")).ok());
        QVERIFY(r.h.registerWorkflow(oneTaskFlow("checkout")).ok());
        r.bridge->enableAllTypes(2);
        const QString a = r.h.start(QStringLiteral("fetch_flow"));
        const QString b = r.h.start(QStringLiteral("checkout_flow"));
        QVERIFY(waitUntil([&] { return r.tasksOf(a).size() == 2 && r.tasksOf(b).size() == 2; })); // retries scheduled
        QCOMPARE(r.tasksOf(a).first().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
        QCOMPARE(r.tasksOf(b).first().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
        QCOMPARE(r.tasksOf(b).first().toObject().value(QStringLiteral("outputData")).toObject()
                     .value(QStringLiteral("error")).toObject().value(QStringLiteral("classifiedBy")).toString(),
                 QStringLiteral("transientErrors: STOCK_PENDING"));
        r.h.advance(1000);
        QVERIFY(waitUntil([&] { return r.statusOf(a) == QLatin1String("FAILED") && r.statusOf(b) == QLatin1String("FAILED"); }));
    }

    void openBreakerHoldsTasksWithoutChargingAttempts()
    {
        Rig r;
        QVERIFY(r.h.registerTaskDef(R"({"name": "flaky", "retryCount": 5, "retryDelaySeconds": 1, "jitterPercent": 0,
                                        "breaker": {"failureThreshold": 2, "resetTimeoutSeconds": 10}})").ok());
        QVERIFY(r.h.registerWorkflow(oneTaskFlow("flaky")).ok());
        r.bridge->enableAllTypes(1); // one at a time: a deterministic order
        QStringList wfs;
        for (int i = 0; i < 3; ++i)
            wfs << r.h.start(QStringLiteral("flaky_flow"));
        // Two calls fail and trip the breaker; the third task is handed back without a call.
        QVERIFY(waitUntil([&] { return r.calls == 2 && r.tasksOf(wfs[2]).first().toObject().value(QStringLiteral("callbackAfterSeconds")).toInt() > 0; }));
        CircuitBreaker *b = BreakerRegistry::attachedTo(r.h.core.get(), &r.h.core->clock())->find(QStringLiteral("task:flaky"));
        QVERIFY(b);
        QCOMPARE(b->state(), CircuitBreaker::State::Open);
        const QJsonObject waiting = r.tasksOf(wfs[2]).first().toObject();
        QCOMPARE(waiting.value(QStringLiteral("status")).toString(), QStringLiteral("SCHEDULED"));
        QCOMPARE(waiting.value(QStringLiteral("retryCount")).toInt(), 0);
        QCOMPARE(waiting.value(QStringLiteral("callbackAfterSeconds")).toInt(), 10);
        const auto logs = r.h.call<QJsonArray>([&](auto reply) { r.h.core->taskLogs(waiting.value(QStringLiteral("taskId")).toString(), reply); });
        QVERIFY(logs.ok() && !logs->isEmpty());
        QVERIFY(logs->first().toObject().value(QStringLiteral("log")).toString().contains(QStringLiteral("task:flaky is OPEN")));

        // The retries of the first two come due after 1 s: they wait too, nothing is called.
        r.h.advance(1000);
        QVERIFY(waitUntil([&] { return r.tasksOf(wfs[0]).size() == 2
                                       && r.tasksOf(wfs[0]).last().toObject().value(QStringLiteral("callbackAfterSeconds")).toInt() == 9; }));
        QCOMPARE(r.calls.load(), 2);
        QVERIFY(b->rejections() >= 2);

        // The endpoint heals; after the reset timeout one probe goes, closes the breaker, and
        // everything runs. The held task completes in its first and only attempt.
        r.healthy = true;
        for (int s = 0; s < 40 && !(r.statusOf(wfs[0]) == QLatin1String("COMPLETED") && r.statusOf(wfs[1]) == QLatin1String("COMPLETED")
                                    && r.statusOf(wfs[2]) == QLatin1String("COMPLETED")); ++s) {
            r.h.advance(1000);
            for (int k = 0; k < 5; ++k) { // queued hand-outs run, then their outcomes come back
                QCoreApplication::processEvents();
                waitUntil([&] { return r.h.core->localInFlight() == 0; });
            }
        }
        for (const QString &wf : wfs)
            QVERIFY2(r.statusOf(wf) == QLatin1String("COMPLETED"),
                     qPrintable(r.summary(wfs[0]) + QStringLiteral("\n") + r.summary(wfs[1]) + QStringLiteral("\n") + r.summary(wfs[2])
                                + QStringLiteral(" calls=%1").arg(r.calls.load())));
        QCOMPARE(r.tasksOf(wfs[2]).size(), 1);
        QCOMPARE(r.tasksOf(wfs[0]).size(), 2); // the one failure that tripped it, then success
        QCOMPARE(r.calls.load(), 5);
        QCOMPARE(b->state(), CircuitBreaker::State::Closed);
        QCOMPARE(b->trips(), quint64(1));
    }
};

QTEST_GUILESS_MAIN(TestLocalRecovery)
#include "test_local_recovery.moc"
