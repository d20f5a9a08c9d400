#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class SubWorkflowTaskTest : public QObject
{
    Q_OBJECT

    static void defineChild(SystemTaskHarness &h)
    {
        QVERIFY(h.define(R"J({"name":"child","version":2,"tasks":[{"name":"cwork","taskReferenceName":"cw","inputParameters":{"x":"${workflow.input.x}"}}],
            "outputParameters":{"doubled":"${cw.output.y}"}})J").ok());
        QVERIFY(h.define(R"J({"name":"parent","tasks":[
            {"name":"sub","taskReferenceName":"sub","type":"SUB_WORKFLOW","subWorkflowParam":{"name":"child"},
             "inputParameters":{"x":"${workflow.input.x}"}},
            {"name":"after","taskReferenceName":"after","inputParameters":{"got":"${sub.output.doubled}"}}]})J").ok());
    }

private Q_SLOTS:
    void parentWaitsForTheChildAndGetsItsOutput()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = h.start(QStringLiteral("parent"), QJsonObject{{QStringLiteral("x"), 21}});
        QJsonObject wf = h.wf(id);
        const QJsonObject sub = SystemTaskHarness::task(wf, QStringLiteral("sub"));
        QCOMPARE(SystemTaskHarness::status(sub), QStringLiteral("IN_PROGRESS"));
        const QString childId = sub.value(QStringLiteral("subWorkflowId")).toString();
        QVERIFY(!childId.isEmpty());
        const QJsonObject child = h.wf(childId);
        QCOMPARE(child.value(QStringLiteral("parentWorkflowId")).toString(), id);
        QCOMPARE(child.value(QStringLiteral("workflowVersion")).toInt(), 2); // version null = latest
        const QJsonArray got = h.poll(QStringLiteral("cwork"));
        QCOMPARE(got.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("x")).toInt(), 21);
        QVERIFY(h.update(got.at(0).toObject().value(QStringLiteral("taskId")).toString(), TaskStatus::Completed,
                         QJsonObject{{QStringLiteral("y"), 42}}).ok());
        h.settle();
        const QJsonArray after = h.poll(QStringLiteral("after"));
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("got")).toInt(), 42);
        wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("sub"))), QStringLiteral("COMPLETED"));
    }

    void aFailedChildFailsTheParent()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = h.start(QStringLiteral("parent"), QJsonObject{{QStringLiteral("x"), 1}});
        h.settle();
        QCOMPARE(h.completeNext(QStringLiteral("cwork"), {}, TaskStatus::FailedWithTerminalError), QStringLiteral("cw"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("sub"))), QStringLiteral("FAILED"));
    }

    void terminatingTheParentTerminatesTheChild()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = h.start(QStringLiteral("parent"), QJsonObject{{QStringLiteral("x"), 1}});
        const QString childId = SystemTaskHarness::task(h.wf(id), QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString();
        QVERIFY(h.call<void>([&](auto reply) { h.core->terminateWorkflow(id, QStringLiteral("stop"), reply); }).ok());
        QCOMPARE(SystemTaskHarness::status(h.wf(childId)), QStringLiteral("TERMINATED"));
    }

    void terminatingTheChildCancelsTheParentTask()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = h.start(QStringLiteral("parent"), QJsonObject{{QStringLiteral("x"), 1}});
        const QString childId = SystemTaskHarness::task(h.wf(id), QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString();
        QVERIFY(h.call<void>([&](auto reply) { h.core->terminateWorkflow(childId, QStringLiteral("stop"), reply); }).ok());
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("sub"))), QStringLiteral("CANCELED"));
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("TERMINATED"));
    }

    void anInlineDefinitionRuns()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"inl","tasks":[
            {"name":"sub","taskReferenceName":"sub","type":"SUB_WORKFLOW","subWorkflowParam":{"name":"adhoc",
              "workflowDefinition":{"name":"adhoc","tasks":[{"name":"iw","taskReferenceName":"iw"}]}}}]})J").ok());
        const QString id = h.start(QStringLiteral("inl"));
        h.settle();
        QCOMPARE(h.completeNext(QStringLiteral("iw"), QJsonObject{{QStringLiteral("z"), 1}}), QStringLiteral("iw"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        QCOMPARE(SystemTaskHarness::task(wf, QStringLiteral("sub")).value(QStringLiteral("outputData")).toObject().value(QStringLiteral("z")).toInt(), 1);
    }

    void anUnknownChildFailsTheTask()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"orphan","tasks":[
            {"name":"sub","taskReferenceName":"sub","type":"SUB_WORKFLOW","subWorkflowParam":{"name":"nosuch"}}]})J").ok());
        const QString id = h.start(QStringLiteral("orphan"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        QVERIFY(SystemTaskHarness::task(wf, QStringLiteral("sub")).value(QStringLiteral("reasonForIncompletion")).toString().contains(QLatin1String("nosuch")));
    }

    void aRestartFindsTheChildAgain()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = h.start(QStringLiteral("parent"), QJsonObject{{QStringLiteral("x"), 1}});
        const QString childId = SystemTaskHarness::task(h.wf(id), QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString();
        h.reopen();
        h.settle();
        QCOMPARE(h.completeNext(QStringLiteral("cwork"), QJsonObject{{QStringLiteral("y"), 2}}), QStringLiteral("cw"));
        h.reopen(); // the child ended; the parent learns it after the restart
        h.settle();
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("sub"))), QStringLiteral("COMPLETED"));
        QCOMPARE(SystemTaskHarness::task(wf, QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString(), childId);
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }
};

QTEST_GUILESS_MAIN(SubWorkflowTaskTest)
#include "test_sub_workflow_task.moc"
