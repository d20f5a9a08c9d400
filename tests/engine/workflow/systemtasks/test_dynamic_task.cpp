#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class DynamicTaskTest : public QObject
{
    Q_OBJECT

    static constexpr const char *kDef = R"J({"name":"dyn","tasks":[
        {"name":"user_task","taskReferenceName":"d","type":"DYNAMIC","dynamicTaskNameParam":"taskToExecute",
         "inputParameters":{"taskToExecute":"${workflow.input.t}","files":3,"duration":"10s"}},
        {"name":"after","taskReferenceName":"after","inputParameters":{"got":"${d.output.ok}"}}]})J";

private Q_SLOTS:
    void runsTheNamedWorkerTaskAlsoAfterARestart()
    {
        SystemTaskHarness h;
        QVERIFY(h.registerTaskDef(R"J({"name":"ship_fast","retryCount":0,"responseTimeoutSeconds":60})J").ok());
        QVERIFY(h.define(kDef).ok());
        const QString id = h.start(QStringLiteral("dyn"), QJsonObject{{QStringLiteral("t"), QStringLiteral("ship_fast")}});
        QJsonObject d = SystemTaskHarness::task(h.wf(id), QStringLiteral("d"));
        QCOMPARE(SystemTaskHarness::status(d), QStringLiteral("SCHEDULED"));
        QCOMPARE(d.value(QStringLiteral("taskType")).toString(), QStringLiteral("ship_fast"));
        QCOMPARE(d.value(QStringLiteral("taskDefName")).toString(), QStringLiteral("ship_fast"));
        h.reopen(); // the mapped task goes back to its queue
        const QJsonArray got = h.poll(QStringLiteral("ship_fast"));
        QCOMPARE(got.size(), 1);
        const QJsonObject t = got.at(0).toObject();
        QCOMPARE(t.value(QStringLiteral("referenceTaskName")).toString(), QStringLiteral("d"));
        QCOMPARE(t.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("files")).toInt(), 3);
        QVERIFY(h.update(t.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed, {{QStringLiteral("ok"), true}}).ok());
        const QJsonArray after = h.poll(QStringLiteral("after"));
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("got")).toBool(), true);
    }

    void runsASystemTypeByName()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(kDef).ok());
        QString id = h.start(QStringLiteral("dyn"), QJsonObject{{QStringLiteral("t"), QStringLiteral("NOOP")}});
        QJsonObject d = SystemTaskHarness::task(h.wf(id), QStringLiteral("d"));
        QCOMPARE(d.value(QStringLiteral("taskType")).toString(), QStringLiteral("NOOP"));
        QCOMPARE(SystemTaskHarness::status(d), QStringLiteral("COMPLETED"));
        QCOMPARE(h.poll(QStringLiteral("after")).size(), 1);
        // A WAIT keeps its timer across a restart.
        id = h.start(QStringLiteral("dyn"), QJsonObject{{QStringLiteral("t"), QStringLiteral("WAIT")}});
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), QStringLiteral("d"))), QStringLiteral("IN_PROGRESS"));
        h.reopen();
        h.settle();
        h.advance(11'000);
        d = SystemTaskHarness::task(h.wf(id), QStringLiteral("d"));
        QCOMPARE(d.value(QStringLiteral("taskType")).toString(), QStringLiteral("WAIT"));
        QCOMPARE(SystemTaskHarness::status(d), QStringLiteral("COMPLETED"));
        QCOMPARE(h.poll(QStringLiteral("after")).size(), 1);
    }

    void aMissingOrUnknownNameFailsTheWorkflow()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(kDef).ok());
        QString id = h.start(QStringLiteral("dyn"));
        QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        QVERIFY(wf.value(QStringLiteral("reasonForIncompletion")).toString().startsWith(
            QStringLiteral("Cannot map a dynamic task based on the parameter and input. Parameter= taskToExecute")));
        QVERIFY(SystemTaskHarness::task(wf, QStringLiteral("d")).isEmpty());
        id = h.start(QStringLiteral("dyn"), QJsonObject{{QStringLiteral("t"), QStringLiteral("no_such_task")}});
        wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        QVERIFY(wf.value(QStringLiteral("reasonForIncompletion")).toString().startsWith(
            QStringLiteral("Invalid task specified. Cannot find task by name no_such_task")));
    }

    void aNameInputThatIsNotSetIsRefusedAtRegistration()
    {
        SystemTaskHarness h;
        auto r = h.define(R"J({"name":"baddyn","tasks":[
            {"name":"user_task","taskReferenceName":"d","type":"DYNAMIC","dynamicTaskNameParam":"taskToExecute","inputParameters":{"x":1}}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[0].dynamicTaskNameParam"));
        r = h.define(R"J({"name":"baddyn2","tasks":[
            {"name":"user_task","taskReferenceName":"d","type":"DYNAMIC","dynamicTaskNameParam":"t","inputParameters":{"t":"FORK_JOIN"}}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[0].inputParameters.t"));
    }
};

QTEST_GUILESS_MAIN(DynamicTaskTest)
#include "test_dynamic_task.moc"
