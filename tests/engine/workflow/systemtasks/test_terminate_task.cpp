#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class TerminateTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endsTheWorkflowWithItsStatusAndOutput()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"term","tasks":[
            {"name":"fork","taskReferenceName":"fork","type":"FORK_JOIN","forkTasks":[
               [{"name":"slow","taskReferenceName":"slow"}],
               [{"name":"t","taskReferenceName":"t","type":"TERMINATE","inputParameters":{"terminationStatus":"FAILED",
                 "workflowOutput":{"why":"${workflow.input.why}"},"terminationReason":"gave up"}}]]},
            {"name":"join","taskReferenceName":"join","type":"JOIN","joinOn":["slow","t"]}]})J").ok());
        const QString id = h.start(QStringLiteral("term"), QJsonObject{{QStringLiteral("why"), QStringLiteral("test")}});
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        QCOMPARE(wf.value(QStringLiteral("reasonForIncompletion")).toString(), QStringLiteral("gave up"));
        QCOMPARE(wf.value(QStringLiteral("output")).toObject(), (QJsonObject{{QStringLiteral("why"), QStringLiteral("test")}}));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("slow"))), QStringLiteral("CANCELED"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("t"))), QStringLiteral("COMPLETED"));
    }

    void completedWrapsANonObjectOutput()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"done","tasks":[
            {"name":"t","taskReferenceName":"t","type":"TERMINATE","inputParameters":{"terminationStatus":"COMPLETED","workflowOutput":7}},
            {"name":"never","taskReferenceName":"never"}]})J").ok());
        const QString id = h.start(QStringLiteral("done"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        QCOMPARE(wf.value(QStringLiteral("output")).toObject(), (QJsonObject{{QStringLiteral("output"), 7}}));
        QCOMPARE(SystemTaskHarness::refs(wf), (QStringList{"t"}));
        // Spec §8.11: without a terminationReason the reason names the status and the task, COMPLETED too.
        QCOMPARE(wf.value(QStringLiteral("reasonForIncompletion")).toString(),
                 QStringLiteral("Workflow is COMPLETED by TERMINATE task: %1")
                     .arg(SystemTaskHarness::task(wf, QStringLiteral("t")).value(QStringLiteral("taskId")).toString()));
    }

    void anInvalidStatusFailsTheTask()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"inv","tasks":[
            {"name":"t","taskReferenceName":"t","type":"TERMINATE","inputParameters":{"terminationStatus":"${workflow.input.s}"}}]})J").ok());
        const QString id = h.start(QStringLiteral("inv"), QJsonObject{{QStringLiteral("s"), QStringLiteral("PAUSED")}});
        const QJsonObject t = SystemTaskHarness::task(h.wf(id), QStringLiteral("t"));
        QCOMPARE(SystemTaskHarness::status(t), QStringLiteral("FAILED"));
        QVERIFY(t.value(QStringLiteral("reasonForIncompletion")).toString().contains(QLatin1String("terminationStatus")));
    }
};

QTEST_GUILESS_MAIN(TerminateTaskTest)
#include "test_terminate_task.moc"
