#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class StartWorkflowTaskTest : public QObject
{
    Q_OBJECT

    static void defineBoth(SystemTaskHarness &h)
    {
        QVERIFY(h.define(R"J({"name":"target","version":1,"tasks":[{"name":"work","taskReferenceName":"work"}]})J").ok());
        QVERIFY(h.define(R"J({"name":"starter","tasks":[
            {"name":"start","taskReferenceName":"start","type":"START_WORKFLOW","inputParameters":{
                "startWorkflow":{"name":"${workflow.input.name}","version":1,"input":{"x":"${workflow.input.x}"}}}},
            {"name":"after","taskReferenceName":"after","inputParameters":{"started":"${start.output.workflowId}"}}]})J").ok());
    }

private Q_SLOTS:
    void startsAnIndependentWorkflowAndCompletesWithItsId()
    {
        SystemTaskHarness h;
        defineBoth(h);
        StartWorkflowRequest req;
        req.name = QStringLiteral("starter");
        req.correlationId = QStringLiteral("corr-1");
        req.input = QJsonObject{{QStringLiteral("name"), QStringLiteral("target")}, {QStringLiteral("x"), 7}};
        auto started = h.call<QString>([&](auto reply) { h.core->startWorkflow(req, reply); });
        QVERIFY(started.ok());
        const QString id = started.value();
        const QJsonObject start = SystemTaskHarness::task(h.wf(id), QStringLiteral("start"));
        QCOMPARE(SystemTaskHarness::status(start), QStringLiteral("COMPLETED"));
        const QString targetId = start.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("workflowId")).toString();
        QVERIFY(!targetId.isEmpty());
        QVERIFY(targetId != id);
        // The started workflow is not a child: it runs on its own, with the starter's correlationId.
        QJsonObject target = h.wf(targetId);
        QCOMPARE(SystemTaskHarness::status(target), QStringLiteral("RUNNING"));
        QCOMPARE(target.value(QStringLiteral("workflowName")).toString(), QStringLiteral("target"));
        QVERIFY(target.value(QStringLiteral("parentWorkflowId")).toString().isEmpty());
        QCOMPARE(target.value(QStringLiteral("correlationId")).toString(), QStringLiteral("corr-1"));
        QCOMPARE(target.value(QStringLiteral("input")).toObject().value(QStringLiteral("x")).toInt(), 7);
        // The starter did not wait for it.
        const QJsonArray after = h.poll(QStringLiteral("after"));
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("started")).toString(), targetId);
        QVERIFY(h.update(after.at(0).toObject().value(QStringLiteral("taskId")).toString(), TaskStatus::Completed).ok());
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
        QCOMPARE(SystemTaskHarness::status(h.wf(targetId)), QStringLiteral("RUNNING"));
        // Durable: after a restart it is there once and goes on.
        h.reopen();
        h.settle();
        QCOMPARE(SystemTaskHarness::status(h.wf(targetId)), QStringLiteral("RUNNING"));
        QCOMPARE(h.completeNext(QStringLiteral("work")), QStringLiteral("work"));
        QCOMPARE(h.poll(QStringLiteral("work")).size(), 0);
        QCOMPARE(SystemTaskHarness::status(h.wf(targetId)), QStringLiteral("COMPLETED"));
    }

    void aCrashBeforeTheStartStartsItAfterTheRestart()
    {
        SystemTaskHarness h;
        defineBoth(h);
        StartWorkflowRequest req;
        req.name = QStringLiteral("starter");
        req.input = QJsonObject{{QStringLiteral("name"), QStringLiteral("target")}};
        QString id;
        h.core->startWorkflow(req, [&id](Result<QString> r) { id = r.ok() ? r.value() : QString(); });
        h.reopen(); // the queued start dies with the engine
        h.settle();
        QVERIFY(!id.isEmpty());
        const QJsonObject start = SystemTaskHarness::task(h.wf(id), QStringLiteral("start"));
        QCOMPARE(SystemTaskHarness::status(start), QStringLiteral("COMPLETED"));
        const QString targetId = start.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("workflowId")).toString();
        QCOMPARE(SystemTaskHarness::status(h.wf(targetId)), QStringLiteral("RUNNING"));
        QCOMPARE(h.completeNext(QStringLiteral("work")), QStringLiteral("work"));
        QCOMPARE(h.poll(QStringLiteral("work")).size(), 0); // one started workflow, one task
    }

    void aStartTheEngineRefusesFailsTheTask()
    {
        SystemTaskHarness h;
        defineBoth(h);
        const QString id = h.start(QStringLiteral("starter"), QJsonObject{{QStringLiteral("name"), QStringLiteral("nope")}});
        const QJsonObject wf = h.wf(id);
        const QJsonObject start = SystemTaskHarness::task(wf, QStringLiteral("start"));
        QCOMPARE(SystemTaskHarness::status(start), QStringLiteral("FAILED"));
        QVERIFY(start.value(QStringLiteral("reasonForIncompletion")).toString().contains(QStringLiteral("No such workflow defined. name=nope")));
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
    }

    void aMissingRequestFailsTheTask()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"norequest","tasks":[
            {"name":"start","taskReferenceName":"start","type":"START_WORKFLOW","inputParameters":{"startWorkflow":"${workflow.input.req}"}}]})J").ok());
        const QString id = h.start(QStringLiteral("norequest"));
        const QJsonObject start = SystemTaskHarness::task(h.wf(id), QStringLiteral("start"));
        QCOMPARE(SystemTaskHarness::status(start), QStringLiteral("FAILED"));
        QCOMPARE(start.value(QStringLiteral("reasonForIncompletion")).toString(), QStringLiteral("Missing 'startWorkflow' in input data."));
    }

    void aWrongRequestIsRefusedAtRegistration()
    {
        SystemTaskHarness h;
        auto r = h.define(R"J({"name":"bad","tasks":[
            {"name":"start","taskReferenceName":"start","type":"START_WORKFLOW","inputParameters":{"startWorkflow":{"name":"t","version":"one"}}}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[0].inputParameters.startWorkflow.version"));
        r = h.define(R"J({"name":"bad2","tasks":[{"name":"start","taskReferenceName":"start","type":"START_WORKFLOW"}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[0].inputParameters.startWorkflow"));
    }
};

QTEST_GUILESS_MAIN(StartWorkflowTaskTest)
#include "test_start_workflow_task.moc"
