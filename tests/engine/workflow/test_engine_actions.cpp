#include "EngineHarness.h"

#include <QJsonArray>

// The operator actions of EngineCoreOps / EngineCoreBulk in virtual time: skip, reset callbacks,
// decide, manual retry, restart with the latest definition, terminate-and-remove, update by
// reference name, signal, bulk actions and queue figures.

using namespace orrery;
using orrery::test::EngineHarness;

namespace {

const QByteArray kTwoStep = R"({
  "name": "two_step", "version": 1, "schemaVersion": 2,
  "tasks": [
    {"name": "alpha", "taskReferenceName": "a"},
    {"name": "beta", "taskReferenceName": "b", "inputParameters": {"fromA": "${a.output.y}"}}
  ]
})";

const QString kAlpha = QStringLiteral("alpha");
const QString kBeta = QStringLiteral("beta");

QString str(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); }

QJsonObject taskOf(const QJsonObject &wf, const QString &ref, int attempt = -1)
{
    QList<QJsonObject> found;
    for (const QJsonValue &v : wf.value(QStringLiteral("tasks")).toArray())
        if (v.toObject().value(QStringLiteral("referenceTaskName")).toString() == ref)
            found.append(v.toObject());
    if (found.isEmpty())
        return {};
    return attempt < 0 ? found.last() : found.value(attempt);
}

} // namespace

class TestEngineActions : public QObject
{
    Q_OBJECT

    template<typename F>
    static Result<void> act(EngineHarness &h, F &&fn)
    {
        return h.call<void>([&](auto reply) { fn(reply); });
    }

private Q_SLOTS:
    void skipAheadSurvivesARestart()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        QVERIFY(act(h, [&](auto r) { h.core->skipTask(id, QStringLiteral("b"), SkipTaskRequest(), r); }).ok());
        h.reopen(); // the placeholder must not pass its turn on early
        QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        QVERIFY(h.update(str(h.poll(kAlpha).first().toObject(), "taskId"), TaskStatus::Completed).ok());
        const QJsonObject wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QVERIFY(h.poll(QStringLiteral("beta")).isEmpty());
    }

    void skipScheduledTaskLetsWorkflowGoOn()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        SkipTaskRequest skip;
        skip.taskOutput = QJsonObject{{QStringLiteral("y"), 5}};
        skip.taskInput = QJsonObject{{QStringLiteral("why"), QStringLiteral("operator")}};
        QVERIFY(act(h, [&](auto r) { h.core->skipTask(id, QStringLiteral("a"), skip, r); }).ok());

        QVERIFY(h.poll(kAlpha).isEmpty()); // left its queue
        const QJsonObject wf = h.workflow(id);
        const QJsonObject a = taskOf(wf, QStringLiteral("a"));
        QCOMPARE(str(a, "status"), QStringLiteral("SKIPPED"));
        QCOMPARE(a.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("y")).toInt(), 5);
        QCOMPARE(a.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("why")).toString(), QStringLiteral("operator"));
        QCOMPARE(a.value(QStringLiteral("endTime")).toInteger(), h.clock.nowMs());

        const QJsonObject b = h.poll(kBeta).first().toObject();
        QCOMPARE(b.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("fromA")).toInt(), 5);
        QVERIFY(h.update(str(b, "taskId"), TaskStatus::Completed).ok());
        QCOMPARE(str(h.workflow(id), "status"), QStringLiteral("COMPLETED")); // SKIPPED counts as successful
    }

    void skipInProgressTaskRefusesTheWorkersLateResult()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        const QString taskId = str(h.poll(kAlpha).first().toObject(), "taskId");
        QVERIFY(act(h, [&](auto r) { h.core->skipTask(id, QStringLiteral("a"), SkipTaskRequest(), r); }).ok());
        auto late = h.update(taskId, TaskStatus::Completed);
        QCOMPARE(late.error().kind, Error::Kind::Conflict);
        QVERIFY(late.error().message.contains(QStringLiteral("SKIPPED")));
        QCOMPARE(h.poll(kBeta).size(), 1);
        QCOMPARE(h.core->queueSize(kAlpha, QString()), 0);
    }

    void skipRefusals()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        auto skip = [&](const QString &wf, const QString &ref) {
            return act(h, [&](auto r) { h.core->skipTask(wf, ref, SkipTaskRequest(), r); });
        };
        auto unknownWf = skip(QStringLiteral("nope"), QStringLiteral("a"));
        QCOMPARE(unknownWf.error().kind, Error::Kind::NotFound);
        QCOMPARE(unknownWf.error().message, QStringLiteral("No such workflow found by id: nope"));
        auto unknownRef = skip(id, QStringLiteral("zz"));
        QCOMPARE(unknownRef.error().kind, Error::Kind::NotFound);
        QVERIFY(unknownRef.error().message.contains(QStringLiteral("does not exist in the WorkflowDefinition two_step")));

        QVERIFY(h.update(str(h.poll(kAlpha).first().toObject(), "taskId"), TaskStatus::Completed).ok());
        auto done = skip(id, QStringLiteral("a"));
        QCOMPARE(done.error().kind, Error::Kind::Conflict);
        QVERIFY(done.error().message.contains(QStringLiteral("already been processed")));

        QVERIFY(act(h, [&](auto r) { h.core->pauseWorkflow(id, r); }).ok());
        auto paused = skip(id, QStringLiteral("b"));
        QCOMPARE(paused.error().kind, Error::Kind::Conflict);
        QVERIFY(paused.error().message.contains(QStringLiteral("is PAUSED, not RUNNING")));
    }

    void resetCallbacksMakesWaitingTasksPollableNow()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        const QString taskId = str(h.poll(kAlpha).first().toObject(), "taskId");
        QVERIFY(h.update(taskId, TaskStatus::InProgress, {}, QStringLiteral("w1"), 3600).ok());
        QVERIFY(h.poll(kAlpha).isEmpty()); // hidden for an hour
        QCOMPARE(h.core->queueSize(kAlpha, QString()), 1);

        QVERIFY(act(h, [&](auto r) { h.core->resetCallbacks(id, r); }).ok());
        QCOMPARE(taskOf(h.workflow(id), QStringLiteral("a")).value(QStringLiteral("callbackAfterSeconds")).toInteger(), 0);
        const QJsonArray again = h.poll(kAlpha); // same virtual instant
        QCOMPARE(again.size(), 1);
        QCOMPARE(str(again.first().toObject(), "taskId"), taskId);

        QVERIFY(h.update(taskId, TaskStatus::Completed).ok());
        QVERIFY(h.update(str(h.poll(kBeta).first().toObject(), "taskId"), TaskStatus::Completed).ok());
        auto ended = act(h, [&](auto r) { h.core->resetCallbacks(id, r); });
        QCOMPARE(ended.error().kind, Error::Kind::Conflict);
        QVERIFY(ended.error().message.contains(QStringLiteral("terminal state. Status = COMPLETED")));
    }

    void decideIsIdempotent()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        QVERIFY(act(h, [&](auto r) { h.core->decideWorkflow(id, r); }).ok());
        QVERIFY(act(h, [&](auto r) { h.core->decideWorkflow(id, r); }).ok());
        QCOMPARE(h.workflow(id).value(QStringLiteral("tasks")).toArray().size(), 1);
        QCOMPARE(act(h, [&](auto r) { h.core->decideWorkflow(QStringLiteral("nope"), r); }).error().kind, Error::Kind::NotFound);
    }

    void updateByRefMergesOutputAndFallsBackToNothing()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        auto byRef = [&](const QString &wf, const QString &ref, TaskStatus s, const QJsonObject &out) {
            return h.call<QString>([&](auto reply) { h.core->updateTaskByRef(wf, ref, s, out, QString(), reply); });
        };
        const QString aId = str(taskOf(h.workflow(id), QStringLiteral("a")), "taskId");
        QCOMPARE(byRef(id, QStringLiteral("a"), TaskStatus::InProgress, {{QStringLiteral("step"), 1}}).value(), aId);
        QCOMPARE(byRef(id, QStringLiteral("a"), TaskStatus::Completed, {{QStringLiteral("y"), 9}}).value(), aId);
        const QJsonObject out = taskOf(h.workflow(id), QStringLiteral("a")).value(QStringLiteral("outputData")).toObject();
        QCOMPARE(out.value(QStringLiteral("step")).toInt(), 1); // merged, not replaced
        QCOMPARE(out.value(QStringLiteral("y")).toInt(), 9);
        QCOMPARE(h.poll(kBeta).first().toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("fromA")).toInt(), 9);
        QCOMPARE(byRef(id, QStringLiteral("a"), TaskStatus::Completed, {}).value(), QString()); // nothing pending
        QCOMPARE(byRef(QStringLiteral("nope"), QStringLiteral("a"), TaskStatus::Completed, {}).error().kind, Error::Kind::NotFound);
    }

    void signalWithoutWaitingTaskIsNotFound()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        auto r = h.call<QString>([&](auto reply) { h.core->signalTask(id, TaskStatus::Completed, {}, reply); });
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        QVERIFY(r.error().message.contains(QStringLiteral("no pending WAIT or HUMAN task")));
    }

    void signalCompletesTheWaitTask()
    {
        EngineHarness h;
        auto def = WorkflowDef::fromJson(QJsonDocument::fromJson(R"({
          "name": "waits", "version": 1, "schemaVersion": 2,
          "tasks": [{"name": "hold", "taskReferenceName": "hold", "type": "WAIT"},
                    {"name": "beta", "taskReferenceName": "b", "inputParameters": {"ok": "${hold.output.approved}"}}]})").object());
        QVERIFY(def.ok());
        StartWorkflowRequest req;
        req.name = QStringLiteral("waits");
        req.workflowDef = def.value();
        auto started = h.call<QString>([&](auto reply) { h.core->startWorkflow(req, reply); });
        if (!started.ok() && started.error().message.contains(QStringLiteral("does not run yet")))
            QSKIP("WAIT is not a system task of this engine yet (refused at start)");
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
        const QString id = started.value();
        auto r = h.call<QString>([&](auto reply) {
            h.core->signalTask(id, TaskStatus::Completed, {{QStringLiteral("approved"), true}}, reply);
        });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        const QJsonObject hold = taskOf(h.workflow(id), QStringLiteral("hold"));
        QCOMPARE(str(hold, "status"), QStringLiteral("COMPLETED"));
        QCOMPARE(str(hold, "taskId"), r.value());
        QCOMPARE(h.poll(kBeta).first().toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("ok")).toBool(), true);
    }

    void signalReachesIntoARunningSubWorkflow()
    {
        EngineHarness h;
        auto child = h.registerWorkflow(R"({"name": "child_wait", "version": 1, "schemaVersion": 2,
          "tasks": [{"name": "hold", "taskReferenceName": "hold", "type": "WAIT"}]})");
        if (!child.ok() || !h.registerWorkflow(R"({"name": "parent_of_wait", "version": 1, "schemaVersion": 2,
              "tasks": [{"name": "sub", "taskReferenceName": "sub", "type": "SUB_WORKFLOW",
                         "subWorkflowParam": {"name": "child_wait", "version": 1}},
                        {"name": "beta", "taskReferenceName": "b"}]})").ok())
            QSKIP("SUB_WORKFLOW / WAIT are not system tasks of this engine yet");
        auto started = h.call<QString>([&](auto reply) {
            StartWorkflowRequest req;
            req.name = QStringLiteral("parent_of_wait");
            h.core->startWorkflow(req, reply);
        });
        if (!started.ok() && started.error().message.contains(QStringLiteral("does not run yet")))
            QSKIP("SUB_WORKFLOW / WAIT are not system tasks of this engine yet");
        QVERIFY(started.ok());
        const QString id = started.value();
        QString childId;
        QVERIFY(QTest::qWaitFor([&] {
            h.advance(0);
            childId = str(taskOf(h.workflow(id), QStringLiteral("sub")), "subWorkflowId");
            return !childId.isEmpty() && !taskOf(h.workflow(childId), QStringLiteral("hold")).isEmpty();
        }, 5000));
        auto r = h.call<QString>([&](auto reply) { h.core->signalTask(id, TaskStatus::Completed, {{QStringLiteral("ok"), 1}}, reply); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        const QJsonObject hold = taskOf(h.workflow(childId), QStringLiteral("hold"));
        QCOMPARE(str(hold, "taskId"), r.value());
        QCOMPARE(str(hold, "status"), QStringLiteral("COMPLETED"));
        QVERIFY(QTest::qWaitFor([&] {
            h.advance(0);
            return str(taskOf(h.workflow(id), QStringLiteral("sub")), "status") == QLatin1String("COMPLETED");
        }, 5000)); // the child ended, so its SUB_WORKFLOW task did
        QCOMPARE(h.poll(kBeta).size(), 1);
    }

    void terminateAndRemove()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        QVERIFY(act(h, [&](auto r) { h.core->terminateAndRemove(id, QStringLiteral("cleanup"), r); }).ok());
        QVERIFY(h.workflow(id).isEmpty());
        QVERIFY(h.poll(kAlpha).isEmpty());
        QCOMPARE(act(h, [&](auto r) { h.core->terminateAndRemove(id, QString(), r); }).error().kind, Error::Kind::NotFound);

        const QString done = h.start(QStringLiteral("two_step"));
        QVERIFY(h.update(str(h.poll(kAlpha).first().toObject(), "taskId"), TaskStatus::Completed).ok());
        QVERIFY(h.update(str(h.poll(kBeta).first().toObject(), "taskId"), TaskStatus::Completed).ok());
        auto completed = act(h, [&](auto r) { h.core->terminateAndRemove(done, QString(), r); });
        QCOMPARE(completed.error().kind, Error::Kind::Conflict);
        QCOMPARE(str(h.workflow(done), "status"), QStringLiteral("COMPLETED")); // not removed
    }

    void retryAndRestartWithLatestDefinition()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        QCOMPARE(act(h, [&](auto r) { h.core->retryWorkflow(id, r); }).error().kind, Error::Kind::Conflict); // running
        QVERIFY(act(h, [&](auto r) { h.core->terminateWorkflow(id, QString(), r); }).ok());
        QVERIFY(act(h, [&](auto r) { h.core->retryWorkflow(id, r); }).ok());
        QJsonObject wf = h.workflow(id);
        QCOMPARE(str(wf, "status"), QStringLiteral("RUNNING"));
        QCOMPARE(str(taskOf(wf, QStringLiteral("a"), 0), "status"), QStringLiteral("CANCELED"));
        QCOMPARE(str(taskOf(wf, QStringLiteral("a")), "status"), QStringLiteral("SCHEDULED"));
        QCOMPARE(taskOf(wf, QStringLiteral("a")).value(QStringLiteral("retryCount")).toInt(), 1);

        QVERIFY(act(h, [&](auto r) { h.core->terminateWorkflow(id, QString(), r); }).ok());
        QByteArray v2 = kTwoStep;
        v2.replace("\"version\": 1", "\"version\": 2");
        v2.replace("\"alpha\"", "\"gamma\"");
        QVERIFY(h.registerWorkflow(v2).ok());
        QVERIFY(act(h, [&](auto r) { h.core->restartWorkflow(id, true, r); }).ok());
        wf = h.workflow(id);
        QCOMPARE(wf.value(QStringLiteral("workflowVersion")).toInt(), 2);
        QCOMPARE(h.poll(QStringLiteral("gamma")).size(), 1);
    }

    void restartRefusesNonRestartableCompletedWorkflow()
    {
        EngineHarness h;
        QByteArray def = kTwoStep;
        def.replace("\"schemaVersion\": 2,", "\"schemaVersion\": 2, \"restartable\": false,");
        QVERIFY(h.registerWorkflow(def).ok());
        const QString id = h.start(QStringLiteral("two_step"));
        QVERIFY(h.update(str(h.poll(kAlpha).first().toObject(), "taskId"), TaskStatus::Completed).ok());
        QVERIFY(h.update(str(h.poll(kBeta).first().toObject(), "taskId"), TaskStatus::Completed).ok());
        auto r = act(h, [&](auto reply) { h.core->restartWorkflow(id, false, reply); });
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        QVERIFY(r.error().message.contains(QStringLiteral("is non-restartable")));
    }

    void bulkActionsReportEachId()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        const QString w1 = h.start(QStringLiteral("two_step"));
        const QString w2 = h.start(QStringLiteral("two_step"));
        auto bulk = [&](BulkAction a, const QStringList &ids, BulkOptions o = {}) {
            return h.call<BulkResponse>([&](auto reply) { h.core->bulk(a, ids, o, reply); });
        };
        auto paused = bulk(BulkAction::Pause, {w1, QStringLiteral("missing"), w2, w1});
        QVERIFY(paused.ok());
        QCOMPARE(paused->successful, (QStringList{w1, w2})); // request order, a repeated id once
        QCOMPARE(paused->errors.size(), 1);
        QCOMPARE(paused->errors.first().first, QStringLiteral("missing"));
        QCOMPARE(paused->errors.first().second, QStringLiteral("No such workflow found by id: missing"));
        QCOMPARE(str(h.workflow(w2), "status"), QStringLiteral("PAUSED"));

        QCOMPARE(bulk(BulkAction::Resume, {w1, w2})->successful.size(), 2);
        QCOMPARE(bulk(BulkAction::Resume, {w1})->errors.size(), 1); // not paused any more

        BulkOptions why;
        why.reason = QStringLiteral("maintenance");
        QCOMPARE(bulk(BulkAction::Terminate, {w1, w2}, why)->successful.size(), 2);
        QCOMPARE(str(h.workflow(w1), "reasonForIncompletion"), QStringLiteral("maintenance"));
        QCOMPARE(bulk(BulkAction::Retry, {w1})->successful, QStringList{w1});
        QCOMPARE(str(h.workflow(w1), "status"), QStringLiteral("RUNNING"));
        auto restart = bulk(BulkAction::Restart, {w1, w2});
        QCOMPARE(restart->successful, QStringList{w2});
        QVERIFY(restart->errors.first().second.contains(QStringLiteral("RUNNING")));
        QCOMPARE(h.workflow(w2).value(QStringLiteral("tasks")).toArray().size(), 1);
    }

    void queueFigures()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kTwoStep).ok());
        h.start(QStringLiteral("two_step"));
        h.start(QStringLiteral("two_step"));
        QCOMPARE(h.core->queueSize(kAlpha, QString()), 2);
        QCOMPARE(h.core->queueSize(kAlpha, QStringLiteral("eu")), 0);
        QCOMPARE(h.core->allQueueSizes().value(kAlpha).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestEngineActions)
#include "test_engine_actions.moc"
