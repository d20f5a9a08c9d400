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

    // ---- manual retry with resumeSubworkflowTasks (spec §4) ----

    // parent -> child, the child's cw failed for good: both workflows FAILED.
    static QString failedParent(SystemTaskHarness &h)
    {
        const QString id = h.start(QStringLiteral("parent"), QJsonObject{{QStringLiteral("x"), 5}});
        h.settle();
        if (h.completeNext(QStringLiteral("cwork"), {}, TaskStatus::FailedWithTerminalError) != QLatin1String("cw"))
            return {};
        return SystemTaskHarness::status(h.wf(id)) == QLatin1String("FAILED") ? id : QString();
    }

    void resumeRetriesTheFailedChildInsteadOfStartingANewOne()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = failedParent(h);
        QVERIFY(!id.isEmpty());
        const QJsonObject failedSub = SystemTaskHarness::task(h.wf(id), QStringLiteral("sub"));
        const QString subTaskId = failedSub.value(QStringLiteral("taskId")).toString();
        const QString childId = failedSub.value(QStringLiteral("subWorkflowId")).toString();
        QCOMPARE(SystemTaskHarness::status(h.wf(childId)), QStringLiteral("FAILED"));
        h.reopen(); // both ended: the retry finds them in the store
        h.advance(1000);
        QVERIFY(h.call<void>([&](auto reply) { h.core->retryWorkflow(id, true, reply); }).ok());

        QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("RUNNING"));
        QVERIFY(!wf.contains(QStringLiteral("reasonForIncompletion")));
        QCOMPARE(wf.value(QStringLiteral("lastRetriedTime")).toInteger(), h.clock.nowMs());
        QCOMPARE(SystemTaskHarness::refs(wf), QStringList{QStringLiteral("sub")}); // no new attempt of sub
        QJsonObject sub = SystemTaskHarness::task(wf, QStringLiteral("sub"));
        QCOMPARE(sub.value(QStringLiteral("taskId")).toString(), subTaskId);
        QCOMPARE(SystemTaskHarness::status(sub), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(sub.value(QStringLiteral("subWorkflowId")).toString(), childId);
        const QJsonObject child = h.wf(childId);
        QCOMPARE(SystemTaskHarness::status(child), QStringLiteral("RUNNING"));
        QCOMPARE(SystemTaskHarness::refs(child), (QStringList{QStringLiteral("cw"), QStringLiteral("cw")}));
        QCOMPARE(SystemTaskHarness::task(child, QStringLiteral("cw")).value(QStringLiteral("retryCount")).toInt(), 1);
        const auto logs = h.call<QJsonArray>([&](auto reply) { h.core->taskLogs(subTaskId, reply); });
        QVERIFY(logs.ok());
        QCOMPARE(logs.value().size(), 1);
        QVERIFY(logs.value().at(0).toObject().value(QStringLiteral("log")).toString().contains(childId));

        h.reopen(); // a restart in between: the running child still belongs to the same task
        h.settle();
        QCOMPARE(h.completeNext(QStringLiteral("cwork"), QJsonObject{{QStringLiteral("y"), 10}}), QStringLiteral("cw"));
        QCOMPARE(SystemTaskHarness::status(h.wf(childId)), QStringLiteral("COMPLETED"));
        wf = h.wf(id);
        sub = SystemTaskHarness::task(wf, QStringLiteral("sub"));
        QCOMPARE(SystemTaskHarness::status(sub), QStringLiteral("COMPLETED"));
        QCOMPARE(sub.value(QStringLiteral("taskId")).toString(), subTaskId);
        const QJsonArray after = h.poll(QStringLiteral("after"));
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("got")).toInt(), 10);
        QVERIFY(h.update(after.at(0).toObject().value(QStringLiteral("taskId")).toString(), TaskStatus::Completed).ok());
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void withoutTheFlagTheSubWorkflowTaskStartsANewChild()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = failedParent(h);
        QVERIFY(!id.isEmpty());
        const QString oldChild = SystemTaskHarness::task(h.wf(id), QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString();
        QVERIFY(h.call<void>([&](auto reply) { h.core->retryWorkflow(id, false, reply); }).ok());
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::refs(wf), (QStringList{QStringLiteral("sub"), QStringLiteral("sub")}));
        const QString newChild = SystemTaskHarness::task(wf, QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString();
        QVERIFY(!newChild.isEmpty());
        QVERIFY(newChild != oldChild);
        QCOMPARE(SystemTaskHarness::status(h.wf(oldChild)), QStringLiteral("FAILED"));
        QCOMPARE(SystemTaskHarness::status(h.wf(newChild)), QStringLiteral("RUNNING"));
    }

    void resumeWalksDownEveryLevel()
    {
        SystemTaskHarness h;
        defineChild(h);
        QVERIFY(h.define(R"J({"name":"grand","tasks":[
            {"name":"mid","taskReferenceName":"mid","type":"SUB_WORKFLOW","subWorkflowParam":{"name":"parent"},
             "inputParameters":{"x":"${workflow.input.x}"}}]})J").ok());
        const QString grand = h.start(QStringLiteral("grand"), QJsonObject{{QStringLiteral("x"), 3}});
        h.settle();
        QCOMPARE(h.completeNext(QStringLiteral("cwork"), {}, TaskStatus::FailedWithTerminalError), QStringLiteral("cw"));
        QCOMPARE(SystemTaskHarness::status(h.wf(grand)), QStringLiteral("FAILED"));
        const QString parent = SystemTaskHarness::task(h.wf(grand), QStringLiteral("mid")).value(QStringLiteral("subWorkflowId")).toString();
        const QString child = SystemTaskHarness::task(h.wf(parent), QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString();
        QCOMPARE(SystemTaskHarness::status(h.wf(child)), QStringLiteral("FAILED"));

        QVERIFY(h.call<void>([&](auto reply) { h.core->retryWorkflow(grand, true, reply); }).ok());
        for (const QString &wfId : {grand, parent, child})
            QCOMPARE(SystemTaskHarness::status(h.wf(wfId)), QStringLiteral("RUNNING"));
        QCOMPARE(SystemTaskHarness::refs(h.wf(grand)), QStringList{QStringLiteral("mid")});
        QCOMPARE(SystemTaskHarness::refs(h.wf(parent)), QStringList{QStringLiteral("sub")});
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(grand), QStringLiteral("mid"))), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(parent), QStringLiteral("sub"))), QStringLiteral("IN_PROGRESS"));

        QCOMPARE(h.completeNext(QStringLiteral("cwork"), QJsonObject{{QStringLiteral("y"), 6}}), QStringLiteral("cw"));
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        for (const QString &wfId : {child, parent, grand})
            QCOMPARE(SystemTaskHarness::status(h.wf(wfId)), QStringLiteral("COMPLETED"));
    }

    void retryingTheChildWithTheFlagResumesItsParent()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = failedParent(h);
        QVERIFY(!id.isEmpty());
        const QString childId = SystemTaskHarness::task(h.wf(id), QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString();
        QVERIFY(h.call<void>([&](auto reply) { h.core->retryWorkflow(childId, true, reply); }).ok());
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("RUNNING"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), QStringLiteral("sub"))), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(h.completeNext(QStringLiteral("cwork")), QStringLiteral("cw"));
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void resumeInAForkBringsBackTheJoinAndTheCanceledBranch()
    {
        SystemTaskHarness h;
        defineChild(h);
        QVERIFY(h.define(R"J({"name":"forked","tasks":[
            {"name":"fork","taskReferenceName":"fork","type":"FORK_JOIN","forkTasks":[
                [{"name":"sub","taskReferenceName":"sub","type":"SUB_WORKFLOW","subWorkflowParam":{"name":"child"}}],
                [{"name":"side","taskReferenceName":"side"}]]},
            {"name":"join","taskReferenceName":"join","type":"JOIN","joinOn":["sub","side"]}]})J").ok());
        const QString id = h.start(QStringLiteral("forked"));
        h.settle();
        QCOMPARE(h.completeNext(QStringLiteral("cwork"), {}, TaskStatus::FailedWithTerminalError), QStringLiteral("cw"));
        QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("side"))), QStringLiteral("CANCELED"));
        const QString childId = SystemTaskHarness::task(wf, QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString();

        QVERIFY(h.call<void>([&](auto reply) { h.core->retryWorkflow(id, true, reply); }).ok());
        wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("sub"))), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(SystemTaskHarness::task(wf, QStringLiteral("sub")).value(QStringLiteral("subWorkflowId")).toString(), childId);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("join"))), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(h.completeNext(QStringLiteral("side")), QStringLiteral("side"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("RUNNING")); // the join waits for the child
        QCOMPARE(h.completeNext(QStringLiteral("cwork")), QStringLiteral("cw"));
        wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("join"))), QStringLiteral("COMPLETED"));
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
    }

    void resumeWithAFailureOutsideASubWorkflowIsAPlainRetry()
    {
        SystemTaskHarness h;
        defineChild(h);
        const QString id = h.start(QStringLiteral("parent"), QJsonObject{{QStringLiteral("x"), 1}});
        h.settle();
        QCOMPARE(h.completeNext(QStringLiteral("cwork")), QStringLiteral("cw"));
        QCOMPARE(h.completeNext(QStringLiteral("after"), {}, TaskStatus::FailedWithTerminalError), QStringLiteral("after"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("FAILED"));
        QVERIFY(h.call<void>([&](auto reply) { h.core->retryWorkflow(id, true, reply); }).ok());
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::refs(wf), (QStringList{QStringLiteral("sub"), QStringLiteral("after"), QStringLiteral("after")}));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("sub"))), QStringLiteral("COMPLETED"));
    }
};

QTEST_GUILESS_MAIN(SubWorkflowTaskTest)
#include "test_sub_workflow_task.moc"
