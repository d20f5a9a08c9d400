#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

// Workflow-level policies: failureWorkflow, idempotencyKey, workflow and poll timeouts.
class WorkflowPoliciesTest : public QObject
{
    Q_OBJECT

    static Result<QString> startKeyed(SystemTaskHarness &h, const QString &key, const QString &strategy)
    {
        StartWorkflowRequest req;
        req.name = QStringLiteral("keyed");
        req.idempotencyKey = key;
        req.idempotencyStrategy = strategy;
        return h.call<QString>([&](auto reply) { h.core->startWorkflow(req, reply); });
    }

private Q_SLOTS:
    void aFailureStartsTheFailureWorkflow()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"cleanup","tasks":[{"name":"undo","taskReferenceName":"undo",
            "inputParameters":{"failed":"${workflow.input.workflowId}","why":"${workflow.input.reason}","status":"${workflow.input.failureStatus}"}}]})J").ok());
        QVERIFY(h.define(R"J({"name":"fragile","failureWorkflow":"cleanup","tasks":[{"name":"risky","taskReferenceName":"risky","retryCount":0}]})J").ok());
        const QString id = h.start(QStringLiteral("fragile"), QJsonObject{{QStringLiteral("order"), 9}});
        QCOMPARE(h.completeNext(QStringLiteral("risky"), {}, TaskStatus::FailedWithTerminalError), QStringLiteral("risky"));
        h.settle();
        const QJsonArray undo = h.poll(QStringLiteral("undo"));
        QCOMPARE(undo.size(), 1);
        const QJsonObject in = undo.at(0).toObject().value(QStringLiteral("inputData")).toObject();
        QCOMPARE(in.value(QStringLiteral("failed")).toString(), id);
        QCOMPARE(in.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
        QVERIFY(in.value(QStringLiteral("why")).toString().contains(QLatin1String("risky")) || !in.value(QStringLiteral("why")).toString().isEmpty());
    }

    void anOperatorTerminateDoesNotStartIt()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"cleanup","tasks":[{"name":"undo","taskReferenceName":"undo"}]})J").ok());
        QVERIFY(h.define(R"J({"name":"fragile","failureWorkflow":"cleanup","tasks":[{"name":"risky","taskReferenceName":"risky"}]})J").ok());
        const QString id = h.start(QStringLiteral("fragile"));
        QVERIFY(h.call<void>([&](auto reply) { h.core->terminateWorkflow(id, QString(), reply); }).ok());
        h.settle();
        QVERIFY(h.poll(QStringLiteral("undo")).isEmpty());
    }

    void idempotencyStrategies()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"keyed","tasks":[{"name":"k","taskReferenceName":"k"}]})J").ok());
        auto first = startKeyed(h, QStringLiteral("order-1"), QStringLiteral("FAIL"));
        QVERIFY(first.ok());
        auto again = startKeyed(h, QStringLiteral("order-1"), QStringLiteral("RETURN_EXISTING"));
        QVERIFY(again.ok());
        QCOMPARE(again.value(), first.value());
        auto refused = startKeyed(h, QStringLiteral("order-1"), QStringLiteral("FAIL"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().httpStatus(), 409);
        QVERIFY(!startKeyed(h, QStringLiteral("order-1"), QStringLiteral("FAIL_ON_RUNNING")).ok());
        QCOMPARE(h.completeNext(QStringLiteral("k")), QStringLiteral("k"));
        auto afterEnd = startKeyed(h, QStringLiteral("order-1"), QStringLiteral("FAIL_ON_RUNNING"));
        QVERIFY(afterEnd.ok());
        QVERIFY(afterEnd.value() != first.value());
    }

    void workflowTimeoutInVirtualTime()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"slowwf","timeoutSeconds":60,"timeoutPolicy":"TIME_OUT_WF","failureWorkflow":"cleanup",
            "tasks":[{"name":"slow","taskReferenceName":"slow"}]})J").ok());
        QVERIFY(h.define(R"J({"name":"cleanup","tasks":[{"name":"undo","taskReferenceName":"undo"}]})J").ok());
        const QString id = h.start(QStringLiteral("slowwf"));
        h.advance(59'000);
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("RUNNING"));
        h.advance(1'000);
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("TIMED_OUT"));
        QVERIFY(wf.value(QStringLiteral("reasonForIncompletion")).toString().contains(QLatin1String("timed out")));
        QCOMPARE(h.poll(QStringLiteral("undo")).size(), 1); // engine-driven: the failure workflow runs
    }

    void alertOnlyWorkflowTimeoutKeepsRunning()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"alert","timeoutSeconds":5,"tasks":[{"name":"slow","taskReferenceName":"slow"}]})J").ok());
        const QString id = h.start(QStringLiteral("alert"));
        h.advance(10'000);
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("RUNNING"));
    }

    void pollTimeoutWhenNoWorkerPolls()
    {
        SystemTaskHarness h;
        QVERIFY(h.registerTaskDef(R"J({"name":"lonely","pollTimeoutSeconds":30,"retryCount":0,"timeoutPolicy":"RETRY","responseTimeoutSeconds":10})J").ok());
        QVERIFY(h.define(R"J({"name":"nobody","tasks":[{"name":"lonely","taskReferenceName":"lonely"}]})J").ok());
        const QString id = h.start(QStringLiteral("nobody"));
        h.advance(29'000);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), QStringLiteral("lonely"))), QStringLiteral("SCHEDULED"));
        h.advance(1'000);
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("lonely"))), QStringLiteral("TIMED_OUT"));
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("TIMED_OUT"));
    }
};

QTEST_GUILESS_MAIN(WorkflowPoliciesTest)
#include "test_workflow_policies.moc"
