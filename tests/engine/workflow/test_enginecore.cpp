#include "EngineHarness.h"

#include <QJsonArray>
#include <QSignalSpy>

using namespace orrery;
using orrery::test::EngineHarness;

namespace {
const QByteArray kTwoStep = R"({
  "name": "two_step", "version": 1, "schemaVersion": 2,
  "tasks": [
    {"name": "alpha", "taskReferenceName": "a", "inputParameters": {"x": "${workflow.input.x}", "fixed": 7}},
    {"name": "beta", "taskReferenceName": "b", "inputParameters": {"fromA": "${a.output.y}", "text": "got ${a.output.y}!"}}
  ],
  "outputParameters": {"result": "${b.output.z}", "wf": "${workflow.workflowId}"}
})";
} // namespace

class TestEngineCore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsSequenceWithExpressionsToCompletion()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"), {{QStringLiteral("x"), 41}});
        QVERIFY(!id.isEmpty());

        QVERIFY(h.poll(QStringLiteral("beta")).isEmpty()); // not scheduled yet
        const QJsonArray first = h.poll(QStringLiteral("alpha"));
        QCOMPARE(first.size(), 1);
        const QJsonObject a = first.first().toObject();
        QCOMPARE(a.value(QStringLiteral("status")).toString(), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(a.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("x")).toInt(), 41);
        QCOMPARE(a.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("fixed")).toInt(), 7);
        QCOMPARE(a.value(QStringLiteral("pollCount")).toInt(), 1);
        QCOMPARE(a.value(QStringLiteral("workerId")).toString(), QStringLiteral("w1"));
        QCOMPARE(a.value(QStringLiteral("workflowInstanceId")).toString(), id);

        QCOMPARE(h.update(a.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed,
                          {{QStringLiteral("y"), 42}}).value(),
                 a.value(QStringLiteral("taskId")).toString());
        const QJsonObject b = h.poll(QStringLiteral("beta")).first().toObject();
        QCOMPARE(b.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("fromA")).toInt(), 42);
        QCOMPARE(b.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("got 42!"));
        QVERIFY(h.update(b.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed, {{QStringLiteral("z"), QStringLiteral("done")}}).ok());

        const QJsonObject wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(wf.value(QStringLiteral("output")).toObject().value(QStringLiteral("result")).toString(), QStringLiteral("done"));
        QCOMPARE(wf.value(QStringLiteral("output")).toObject().value(QStringLiteral("wf")).toString(), id);
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().size(), 2);
        QVERIFY(wf.value(QStringLiteral("endTime")).toInteger() > 0);
    }

    void lateAndDuplicateResultsAreRefused()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        h.start(QStringLiteral("two_step"));
        const QString taskId = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        // wrong worker while leased
        auto wrong = h.update(taskId, TaskStatus::Completed, {}, QStringLiteral("intruder"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().kind, Error::Kind::Conflict);
        QVERIFY(wrong.error().message.contains(QStringLiteral("leased to worker 'w1'")));
        QVERIFY(h.update(taskId, TaskStatus::Completed, {{QStringLiteral("y"), 1}}).ok());
        // duplicate
        auto dup = h.update(taskId, TaskStatus::Failed);
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().kind, Error::Kind::Conflict);
        QVERIFY(dup.error().message.contains(QStringLiteral("already COMPLETED")));
        // unknown
        auto unknown = h.update(QStringLiteral("no-such-task"), TaskStatus::Completed);
        QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
        QCOMPARE(unknown.error().message, QStringLiteral("No such task found by id: no-such-task"));
        // the duplicate changed nothing: beta is scheduled exactly once
        QCOMPARE(h.poll(QStringLiteral("beta"), QStringLiteral("w1"), 5).size(), 1);
    }

    void failedTaskRetriesAfterFixedDelayInVirtualTime()
    {
        EngineHarness h;
        QVERIFY(h.registerTaskDef(R"({"name":"alpha","retryCount":2,"retryLogic":"FIXED","retryDelaySeconds":10,"jitterPercent":0,"responseTimeoutSeconds":30})").ok());
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t1, TaskStatus::Failed).ok());
        QVERIFY(h.poll(QStringLiteral("alpha")).isEmpty()); // hidden for 10 s
        h.advance(9'999);
        QVERIFY(h.poll(QStringLiteral("alpha")).isEmpty());
        h.advance(1);
        const QJsonObject retry = h.poll(QStringLiteral("alpha")).first().toObject();
        QVERIFY(retry.value(QStringLiteral("taskId")).toString() != t1);
        QCOMPARE(retry.value(QStringLiteral("retryCount")).toInt(), 1);
        QCOMPARE(retry.value(QStringLiteral("retriedTaskId")).toString(), t1);
        QCOMPARE(retry.value(QStringLiteral("reasonForIncompletion")).toString(), QStringLiteral("boom"));
        QVERIFY(h.update(retry.value(QStringLiteral("taskId")).toString(), TaskStatus::Failed).ok());
        h.advance(10'000);
        const QString t3 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t3, TaskStatus::Failed).ok()); // third failure: budget of 2 retries spent
        const QJsonObject wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().size(), 3);
        QVERIFY(wf.value(QStringLiteral("reasonForIncompletion")).toString().startsWith(QStringLiteral("Task %1 failed").arg(t3)));
        QCOMPARE(wf.value(QStringLiteral("failedReferenceTaskNames")).toArray().first().toString(), QStringLiteral("a"));
        QVERIFY(wf.value(QStringLiteral("tasks")).toArray().first().toObject().value(QStringLiteral("retried")).toBool());
    }

    void deadTaskIsReportedAndReplayContinuesTheWorkflow()
    {
        EngineHarness h;
        QVERIFY(h.registerTaskDef(R"({"name":"alpha","retryCount":0})").ok());
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        QSignalSpy dead(h.core.get(), &EngineCore::taskDeadLettered);
        const QString id = h.start(QStringLiteral("two_step"));
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t1, TaskStatus::Failed).ok());
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
        QCOMPARE(dead.size(), 1);
        QCOMPARE(dead.first().at(0).value<Task>().taskId, t1);
        QCOMPARE(dead.first().at(1).value<QList<Task>>().size(), 1);
        QCOMPARE(dead.first().at(2).toString(), QStringLiteral("RETRIES_EXHAUSTED"));

        auto replayed = h.call<QString>([&](auto reply) { h.core->replayTask(id, QStringLiteral("a"), reply); });
        QVERIFY2(replayed.ok(), replayed.ok() ? "" : qPrintable(replayed.error().message));
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        const QJsonObject again = h.poll(QStringLiteral("alpha")).first().toObject();
        QCOMPARE(again.value(QStringLiteral("taskId")).toString(), replayed.value());
        QCOMPARE(again.value(QStringLiteral("retriedTaskId")).toString(), t1);
        QVERIFY(h.update(replayed.value(), TaskStatus::Completed, {{QStringLiteral("y"), 1}}).ok());
        const QString t2 = h.poll(QStringLiteral("beta")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t2, TaskStatus::Completed).ok());
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        // a task that did not fail cannot be replayed
        auto refused = h.call<QString>([&](auto reply) { h.core->replayTask(id, QStringLiteral("b"), reply); });
        QCOMPARE(refused.error().kind, Error::Kind::Conflict);
    }

    void operatorActionsPauseResumeTerminateRestartRemove()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"), {{QStringLiteral("x"), 1}});
        auto call = [&](auto fn) { return h.call<void>([&](auto reply) { fn(reply); }); };

        QVERIFY(call([&](auto r) { h.core->pauseWorkflow(id, r); }).ok());
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("PAUSED"));
        // a task already queued can still be worked; nothing new is scheduled while paused
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t1, TaskStatus::Completed).ok());
        QVERIFY(h.poll(QStringLiteral("beta")).isEmpty());
        QVERIFY(call([&](auto r) { h.core->resumeWorkflow(id, r); }).ok());
        QCOMPARE(h.poll(QStringLiteral("beta")).size(), 1);
        QCOMPARE(call([&](auto r) { h.core->resumeWorkflow(id, r); }).error().kind, Error::Kind::Conflict);

        QVERIFY(call([&](auto r) { h.core->terminateWorkflow(id, QStringLiteral("enough"), r); }).ok());
        QJsonObject wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("TERMINATED"));
        QCOMPARE(wf.value(QStringLiteral("reasonForIncompletion")).toString(), QStringLiteral("enough"));
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().last().toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("CANCELED"));
        QVERIFY(call([&](auto r) { h.core->terminateWorkflow(id, QString(), r); }).ok()); // no-op
        QCOMPARE(call([&](auto r) { h.core->pauseWorkflow(id, r); }).error().kind, Error::Kind::Conflict);

        QVERIFY(call([&](auto r) { h.core->restartWorkflow(id, r); }).ok());
        wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().size(), 1);
        QCOMPARE(h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("inputData")).toObject()
                     .value(QStringLiteral("x")).toInt(), 1);
        QCOMPARE(call([&](auto r) { h.core->restartWorkflow(id, r); }).error().kind, Error::Kind::Conflict);

        QVERIFY(call([&](auto r) { h.core->removeWorkflow(id, r); }).ok());
        QVERIFY(h.workflow(id).isEmpty());
        h.reopen();
        QVERIFY(h.workflow(id).isEmpty()); // gone from the store too
        QCOMPARE(call([&](auto r) { h.core->removeWorkflow(id, r); }).error().kind, Error::Kind::NotFound);
    }

    void rerunFromATaskDropsLaterTasksAndKeepsEarlierOnes()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"), {{QStringLiteral("x"), 1}});
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.call<void>([&](auto r) { h.core->addTaskLog(t1, QStringLiteral("alpha says hi"), r); }).ok());
        QVERIFY(h.update(t1, TaskStatus::Completed, {{QStringLiteral("y"), 3}}).ok());
        RerunRequest running;
        QCOMPARE(h.call<QString>([&](auto r) { h.core->rerunWorkflow(id, running, r); }).error().kind, Error::Kind::Conflict);
        const QString t2 = h.poll(QStringLiteral("beta")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t2, TaskStatus::Completed, {{QStringLiteral("z"), 4}}).ok());
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));

        RerunRequest unknown;
        unknown.fromTaskId = QStringLiteral("no-such-task");
        const auto bad = h.call<QString>([&](auto r) { h.core->rerunWorkflow(id, unknown, r); });
        QCOMPARE(bad.error().kind, Error::Kind::Invalid);
        QVERIFY(bad.error().message.contains(QStringLiteral("no-such-task")));

        RerunRequest fromB;
        fromB.fromTaskId = t2;
        fromB.taskInput = QJsonObject{{QStringLiteral("fromA"), 99}};
        const auto rerun = h.call<QString>([&](auto r) { h.core->rerunWorkflow(id, fromB, r); });
        QVERIFY2(rerun.ok(), rerun.ok() ? "" : qPrintable(rerun.error().message));
        QCOMPARE(rerun.value(), id);
        QJsonObject wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        QVERIFY(wf.value(QStringLiteral("output")).toObject().isEmpty());
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().size(), 3); // a, b (old), b (new)
        const QJsonObject t3 = h.poll(QStringLiteral("beta")).first().toObject();
        QVERIFY(t3.value(QStringLiteral("taskId")).toString() != t2);
        QCOMPARE(t3.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("fromA")).toInt(), 99);
        QVERIFY(h.update(t3.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed, {{QStringLiteral("z"), 5}}).ok());
        wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(wf.value(QStringLiteral("output")).toObject().value(QStringLiteral("result")).toInt(), 5);

        // Stored as rerun: the kept attempt of a still has its log, and nothing after b came back.
        h.reopen();
        wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().size(), 3);
        auto logs = h.store->loadTaskLogs(t1);
        QVERIFY(logs.ok());
        QCOMPARE(logs->size(), 1);
        QCOMPARE(logs->first().log, QStringLiteral("alpha says hi"));

        // A whole rerun with a new input: same id, every task dropped, a runs with the new x.
        RerunRequest whole;
        whole.workflowInput = QJsonObject{{QStringLiteral("x"), 42}};
        whole.correlationId = QStringLiteral("again");
        QVERIFY(h.call<QString>([&](auto r) { h.core->rerunWorkflow(id, whole, r); }).ok());
        wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("correlationId")).toString(), QStringLiteral("again"));
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().size(), 1);
        QCOMPARE(h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("inputData")).toObject()
                     .value(QStringLiteral("x")).toInt(), 42);
    }

    void terminalErrorIsNotRetried()
    {
        EngineHarness h;
        QVERIFY(h.registerTaskDef(R"({"name":"alpha","retryCount":5,"retryDelaySeconds":1})").ok());
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t1, TaskStatus::FailedWithTerminalError).ok());
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
    }

    void expiredLeaseTimesOutAndRetries()
    {
        EngineHarness h;
        QVERIFY(h.registerTaskDef(R"({"name":"alpha","retryCount":1,"retryDelaySeconds":0,"jitterPercent":0,"responseTimeoutSeconds":5})").ok());
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        h.advance(4'999);
        QVERIFY(h.poll(QStringLiteral("alpha")).isEmpty());
        h.advance(1);
        const QJsonObject again = h.poll(QStringLiteral("alpha"), QStringLiteral("w2")).first().toObject();
        QCOMPARE(again.value(QStringLiteral("retriedTaskId")).toString(), t1);
        // The first worker's late result is refused and changes nothing.
        auto late = h.update(t1, TaskStatus::Completed);
        QCOMPARE(late.error().kind, Error::Kind::Conflict);
        QVERIFY(late.error().message.contains(QStringLiteral("TIMED_OUT")));
        const QJsonArray tasks = h.workflow(id).value(QStringLiteral("tasks")).toArray();
        QCOMPARE(tasks.first().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("TIMED_OUT"));
        QVERIFY(tasks.first().toObject().value(QStringLiteral("reasonForIncompletion")).toString()
                    .startsWith(QStringLiteral("responseTimeout: 5 exceeded for the taskId: ")));
        // extendLease pushes the deadline back
        h.advance(4'000);
        TaskResult beat;
        beat.taskId = again.value(QStringLiteral("taskId")).toString();
        beat.workerId = QStringLiteral("w2");
        beat.extendLease = true;
        QVERIFY(h.call<QString>([&](auto reply) { h.core->updateTask(beat, reply); }).ok());
        h.advance(4'000);
        QVERIFY(h.update(beat.taskId, TaskStatus::Completed, {}, QStringLiteral("w2")).ok());
    }

    void inProgressUpdateRequeuesSameTaskAfterCallback()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        h.start(QStringLiteral("two_step"));
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t1, TaskStatus::InProgress, {{QStringLiteral("progress"), 50}}, QStringLiteral("w1"), 3).ok());
        QVERIFY(h.poll(QStringLiteral("alpha")).isEmpty());
        h.advance(3'000);
        const QJsonObject again = h.poll(QStringLiteral("alpha")).first().toObject();
        QCOMPARE(again.value(QStringLiteral("taskId")).toString(), t1);
        QCOMPARE(again.value(QStringLiteral("pollCount")).toInt(), 2);
        QCOMPARE(again.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("progress")).toInt(), 50);
    }

    void optionalTaskFailureContinues()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(R"({"name":"opt","tasks":[
            {"name":"alpha","taskReferenceName":"a","optional":true,"retryCount":0},
            {"name":"beta","taskReferenceName":"b"}]})").ok());
        const QString id = h.start(QStringLiteral("opt"));
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t1, TaskStatus::Failed).ok());
        QCOMPARE(h.poll(QStringLiteral("beta")).size(), 1);
        QCOMPARE(h.workflow(id).value(QStringLiteral("tasks")).toArray().first().toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("COMPLETED_WITH_ERRORS"));
    }

    void concurrencyLimitPostponesHandOut()
    {
        EngineHarness h;
        QVERIFY(h.registerTaskDef(R"({"name":"alpha","concurrentExecLimit":1})").ok());
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        h.start(QStringLiteral("two_step"));
        h.start(QStringLiteral("two_step"));
        QCOMPARE(h.poll(QStringLiteral("alpha"), QStringLiteral("w1"), 5).size(), 1);
        QCOMPARE(h.poll(QStringLiteral("alpha"), QStringLiteral("w1"), 5).size(), 0);
    }

    void rateLimitPerFrequencyInVirtualTime()
    {
        // Conductor's rateLimitPerFrequency: at most N hand-outs of the task per window of
        // rateLimitFrequencyInSeconds; the rest wait in the queue for the next window.
        EngineHarness h;
        QVERIFY(h.registerTaskDef(R"({"name":"alpha","rateLimitPerFrequency":2,"rateLimitFrequencyInSeconds":10})").ok());
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        for (int i = 0; i < 5; ++i)
            h.start(QStringLiteral("two_step"));
        QCOMPARE(h.poll(QStringLiteral("alpha"), QStringLiteral("w1"), 5).size(), 2);
        QCOMPARE(h.poll(QStringLiteral("alpha"), QStringLiteral("w1"), 5).size(), 0);
        h.advance(8'000);
        QCOMPARE(h.poll(QStringLiteral("alpha"), QStringLiteral("w1"), 5).size(), 0); // same window
        // A task refused by the limit is postponed 1 s in its queue, so it is back at 9 s, still
        // inside the window, and again at 10 s, when the window has moved on.
        h.advance(1'000);
        QCOMPARE(h.poll(QStringLiteral("alpha"), QStringLiteral("w1"), 5).size(), 0);
        h.advance(1'000);
        QCOMPARE(h.poll(QStringLiteral("alpha"), QStringLiteral("w2"), 5).size(), 2); // the next window
        h.advance(10'000);
        QCOMPARE(h.poll(QStringLiteral("alpha"), QStringLiteral("w2"), 5).size(), 1); // the last of the five
    }

    void unknownWorkflowAndUnsupportedTypesAreRefused()
    {
        EngineHarness h;
        StartWorkflowRequest req;
        req.name = QStringLiteral("nope");
        auto r = h.call<QString>([&](auto reply) { h.core->startWorkflow(req, reply); });
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        QCOMPARE(r.error().message, QStringLiteral("No such workflow defined. name=nope, version=null"));
    }

    void restartKeepsCommittedWorkAndRedeliversLeasedTasks()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        const QString t1 = h.poll(QStringLiteral("alpha")).first().toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(h.update(t1, TaskStatus::Completed, {{QStringLiteral("y"), 5}}).ok());
        const QString t2 = h.poll(QStringLiteral("beta")).first().toObject().value(QStringLiteral("taskId")).toString();
        h.reopen(); // crash + restart
        // The remote worker still holds its lease and may complete after the restart.
        QVERIFY(h.update(t2, TaskStatus::Completed, {{QStringLiteral("z"), 9}}).ok());
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        // and a second result for the same task is refused after another restart
        h.reopen();
        QCOMPARE(h.update(t2, TaskStatus::Completed).error().kind, Error::Kind::Conflict);
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
    }

    void localLeasesAreRedeliveredAfterRestart()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        h.start(QStringLiteral("two_step"));
        QSignalSpy spy(h.core.get(), &EngineCore::localTasksReady);
        h.core->setLocalCapacity(QStringLiteral("alpha"), 4);
        QTRY_COMPARE(spy.size(), 1);
        const QString taskId = spy.first().first().value<QList<Task>>().first().taskId;
        h.advance(600); // still running after the deferral: its IN_PROGRESS state is written
        h.reopen();
        QSignalSpy spy2(h.core.get(), &EngineCore::localTasksReady);
        h.core->setLocalCapacity(QStringLiteral("alpha"), 4);
        QTRY_COMPARE(spy2.size(), 1);
        const Task again = spy2.first().first().value<QList<Task>>().first();
        QCOMPARE(again.taskId, taskId);
        QCOMPARE(again.pollCount, 2);
        h.core->completeLocal({TaskResult{QString(), taskId, TaskStatus::Completed, {{QStringLiteral("y"), 1}}, true,
                                          QString(), 0, QString::fromLatin1(EngineCore::kLocalWorkerId), {}, false}});
        QCOMPARE(h.poll(QStringLiteral("beta")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEngineCore)
#include "test_enginecore.moc"
