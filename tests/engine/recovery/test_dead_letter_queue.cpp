// The dead-letter queue against a real engine core and SQLite store, in virtual time: the DLQ
// fills when a task's retry budget is spent (or it fails terminally, or times out), replays run
// as new attempts of the same workflow, a task that dies again reopens its entry with all its
// history, and retention, bulk replay pacing, purge and alerts behave.
#include "../workflow/EngineHarness.h"

#include "recovery/DeadLetterQueue.h"

#include <QJsonArray>
#include <QSignalSpy>

using namespace orrery;
using orrery::test::EngineHarness;

namespace {

const QByteArray kPay = R"({"name": "pay", "version": 1, "schemaVersion": 2,
  "tasks": [{"name": "charge", "taskReferenceName": "c", "inputParameters": {"amount": "${workflow.input.amount}"}}]})";
const QByteArray kCharge = R"({"name": "charge", "retryCount": 2, "retryLogic": "FIXED", "retryDelaySeconds": 10,
  "jitterPercent": 0, "responseTimeoutSeconds": 30})";

// Processes events until `done` holds (10 s at most: a hang, not a timing assertion).
template<typename P>
void waitUntil(P done, const char *what)
{
    QDeadlineTimer deadline(10000);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    if (!done())
        qFatal("timed out waiting for %s", what);
}

struct Fixture
{
    explicit Fixture(const DlqConfig &config = DlqConfig())
    {
        if (!h.registerTaskDef(kCharge).ok() || !h.registerWorkflow(kPay).ok())
            qFatal("cannot register the test definitions");
        dlq = std::make_unique<DeadLetterQueue>(h.store.get(), config, &h.clock, 7);
        if (auto r = dlq->open(); !r.ok())
            qFatal("cannot open the DLQ: %s", qPrintable(r.error().message));
        dlq->setReplayer([this](const QString &wf, const QString &ref, DeadLetterQueue::ReplayDone done) {
            ++replays;
            h.core->replayTask(wf, ref, std::move(done));
        });
        QObject::connect(h.core.get(), &EngineCore::taskDeadLettered, dlq.get(),
                         [d = dlq.get(), this](const Task &t, const QList<Task> &attempts, const QString &reason, const QString &msg) {
                             ++deadLettered;
                             d->post([in = DeadLetterInput{t, attempts, reason, msg}](DeadLetterQueue &q) {
                                 if (auto r = q.add(in); !r.ok())
                                     qFatal("DLQ add failed: %s", qPrintable(r.error().message));
                             });
                         },
                         Qt::DirectConnection);
    }

    QString start(int amount = 5) { return h.start(QStringLiteral("pay"), {{QStringLiteral("amount"), amount}}); }

    QJsonObject pollOne(const QString &type = QStringLiteral("charge"))
    {
        const QJsonArray a = h.poll(type);
        return a.isEmpty() ? QJsonObject() : a.first().toObject();
    }

    Result<QString> report(const QString &taskId, TaskStatus status, const QString &reason)
    {
        TaskResult r;
        r.taskId = taskId;
        r.status = status;
        r.workerId = QStringLiteral("w1");
        r.reasonForIncompletion = reason;
        r.outputData = {{QStringLiteral("error"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("http")},
                                                             {QStringLiteral("httpStatus"), 503}}}};
        r.hasOutputData = true;
        return h.call<QString>([&](auto reply) { h.core->updateTask(r, reply); });
    }

    // Fails every attempt of the workflow's task until it dead-letters (3 attempts, 10 s apart).
    void spendBudget(const QString &prefix)
    {
        for (int i = 1; i <= 3; ++i) {
            const QJsonObject t = pollOne();
            QVERIFY2(!t.isEmpty(), qPrintable(QStringLiteral("attempt %1 was not handed out").arg(i)));
            h.clock.advanceMs(100); // it ran for 100 ms
            QVERIFY(report(t.value(QStringLiteral("taskId")).toString(), TaskStatus::Failed,
                           QStringLiteral("%1 attempt %2: HTTP 503").arg(prefix).arg(i)).ok());
            if (i < 3)
                h.advance(10000);
        }
    }

    // Waits (processing events) until the DLQ applied what was posted to it.
    template<typename F>
    auto onQueue(F &&f)
    {
        std::optional<decltype(f(*dlq))> out;
        dlq->post([&](DeadLetterQueue &q) { out.emplace(f(q)); });
        waitUntil([&] { return out.has_value(); }, "the DLQ");
        return std::move(*out);
    }

    QJsonObject list(const QByteArray &filterJson = "{}")
    {
        auto f = DlqFilter::fromJson(QJsonDocument::fromJson(filterJson).object());
        return onQueue([&](DeadLetterQueue &q) { return q.list(f.value(), 0, 100); }).value();
    }

    DeadLetterEntry only()
    {
        const QJsonArray all = list(R"({"status": "ALL"})").value(QStringLiteral("results")).toArray();
        if (all.size() != 1)
            qFatal("expected one DLQ entry, found %d", int(all.size()));
        const QString id = all.first().toObject().value(QStringLiteral("id")).toString();
        return *onQueue([&](DeadLetterQueue &q) { return q.entry(id); }).value();
    }

    Result<QJsonObject> replay(const QString &id)
    {
        std::optional<Result<QJsonObject>> out;
        dlq->replay(id, QStringLiteral("ops"), [&](Result<QJsonObject> r) { out.emplace(std::move(r)); });
        waitUntil([&] { return out.has_value(); }, "a replay");
        return std::move(*out);
    }

    EngineHarness h;
    std::unique_ptr<DeadLetterQueue> dlq;
    int replays = 0;
    int deadLettered = 0;
};

} // namespace

class TestDeadLetterQueue : public QObject
{
    Q_OBJECT

private slots:
    void fillsWhenTheRetryBudgetIsSpent()
    {
        Fixture f;
        const qint64 t0 = f.h.clock.nowMs();
        const QString wf = f.start(42);
        f.spendBudget(QStringLiteral("first"));
        QCOMPARE(f.deadLettered, 1);
        QTRY_COMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 1);
        const DeadLetterEntry e = f.only();
        QCOMPARE(e.status, DeadLetterEntry::Status::Dead);
        QCOMPARE(e.workflowId, wf);
        QCOMPARE(e.referenceTaskName, QStringLiteral("c"));
        QCOMPARE(e.taskType, QStringLiteral("charge"));
        QCOMPARE(e.reasonClass, QStringLiteral("RETRIES_EXHAUSTED"));
        QCOMPARE(e.attempts.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(e.attempts[i].retryCount, i);
            QCOMPARE(e.attempts[i].error, QStringLiteral("first attempt %1: HTTP 503").arg(i + 1));
            QCOMPARE(e.attempts[i].status, QStringLiteral("FAILED"));
            QCOMPARE(e.attempts[i].workerId, QStringLiteral("w1"));
            QCOMPARE(e.attempts[i].durationMs(), 100);
            QCOMPARE(e.attempts[i].errorDetail.value(QStringLiteral("httpStatus")).toInt(), 503);
        }
        QCOMPARE(e.firstFailureMs, t0 + 100);
        QCOMPARE(e.lastFailureMs, t0 + 100 + 2 * 10100);
        QCOMPARE(e.input.value(QStringLiteral("amount")).toInt(), 42);
        QCOMPARE(e.task.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
        QCOMPARE(f.h.workflow(wf).value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
    }

    void replayRunsANewAttemptAndADeathReopensTheEntry()
    {
        Fixture f;
        const QString wf = f.start();
        f.spendBudget(QStringLiteral("before"));
        QTRY_COMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 1);
        const QString id = f.only().id;

        auto r = f.replay(id);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        const QString newTask = r->value(QStringLiteral("newTaskId")).toString();
        QVERIFY(!newTask.isEmpty());
        QCOMPARE(f.h.workflow(wf).value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        DeadLetterEntry e = f.only();
        QCOMPARE(e.status, DeadLetterEntry::Status::Replayed);
        QCOMPARE(e.replays.size(), 1);
        QCOMPARE(e.replays[0].newTaskId, newTask);
        QCOMPARE(e.replays[0].by, QStringLiteral("ops"));
        QCOMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 0); // no longer DEAD
        auto again = f.replay(id);
        QCOMPARE(again.error().kind, Error::Kind::Conflict); // only DEAD entries replay

        // The new attempt is the same workflow's; it fails and (budget spent) dies again.
        const QJsonObject t = f.pollOne();
        QCOMPARE(t.value(QStringLiteral("taskId")).toString(), newTask);
        QCOMPARE(t.value(QStringLiteral("retryCount")).toInt(), 3);
        QVERIFY(f.report(newTask, TaskStatus::Failed, QStringLiteral("after replay: HTTP 500")).ok());
        QTRY_COMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 1);
        e = f.only();
        QCOMPARE(e.id, id); // the same entry, reopened
        QCOMPARE(e.status, DeadLetterEntry::Status::Dead);
        QCOMPARE(e.deadCount, 2);
        QCOMPARE(e.attempts.size(), 4);
        QCOMPARE(e.attempts.last().error, QStringLiteral("after replay: HTTP 500"));
        QCOMPARE(e.attempts.first().error, QStringLiteral("before attempt 1: HTTP 503"));
        QCOMPARE(e.replays.size(), 1);

        // Replay once more; this time it works and the workflow completes.
        r = f.replay(id);
        QVERIFY(r.ok());
        const QJsonObject last = f.pollOne();
        QVERIFY(f.h.update(last.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed).ok());
        QCOMPARE(f.h.workflow(wf).value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        e = f.only();
        QCOMPARE(e.status, DeadLetterEntry::Status::Replayed);
        QCOMPARE(e.replays.size(), 2);
        const QJsonObject stats = f.onQueue([](DeadLetterQueue &q) { return q.stats(); }).value();
        QCOMPARE(stats.value(QStringLiteral("totals")).toObject().value(QStringLiteral("replayed")).toInt(), 2);
        QCOMPARE(stats.value(QStringLiteral("totals")).toObject().value(QStringLiteral("reopened")).toInt(), 1);
        QCOMPARE(stats.value(QStringLiteral("depth")).toInt(), 0);
    }

    void terminalAndTimedOutFailuresGoStraightIn()
    {
        Fixture f;
        QVERIFY(f.h.registerTaskDef(R"({"name": "slow", "retryCount": 0, "responseTimeoutSeconds": 5})").ok());
        QVERIFY(f.h.registerWorkflow(R"({"name": "wait", "version": 1, "tasks": [{"name": "slow", "taskReferenceName": "s"}]})").ok());
        f.start();
        const QJsonObject t = f.pollOne();
        QVERIFY(f.report(t.value(QStringLiteral("taskId")).toString(), TaskStatus::FailedWithTerminalError,
                         QStringLiteral("card declined")).ok());
        f.h.start(QStringLiteral("wait"));
        QVERIFY(!f.pollOne(QStringLiteral("slow")).isEmpty());
        f.h.advance(6000); // the lease expires: TIMED_OUT, no retry left
        QTRY_COMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 2);
        const QJsonObject terminal = f.list(R"({"reason": "TERMINAL"})");
        QCOMPARE(terminal.value(QStringLiteral("totalHits")).toInt(), 1);
        const QJsonObject summary = terminal.value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(summary.value(QStringLiteral("attemptCount")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("lastError")).toString(), QStringLiteral("card declined"));
        const QJsonObject timedOut = f.list(R"({"reason": "TIMED_OUT", "taskType": "slow"})");
        QCOMPARE(timedOut.value(QStringLiteral("totalHits")).toInt(), 1);
        QCOMPARE(f.list(R"({"text": "DECLINED"})").value(QStringLiteral("totalHits")).toInt(), 1);
        QCOMPARE(f.list(R"({"taskType": "nothing"})").value(QStringLiteral("totalHits")).toInt(), 0);

        const QJsonObject stats = f.onQueue([](DeadLetterQueue &q) { return q.stats(); }).value();
        QCOMPARE(stats.value(QStringLiteral("depth")).toInt(), 2);
        QCOMPARE(stats.value(QStringLiteral("byReason")).toObject().value(QStringLiteral("TERMINAL")).toInt(), 1);
        QCOMPARE(stats.value(QStringLiteral("byType")).toObject().value(QStringLiteral("slow")).toInt(), 1);
        QCOMPARE(stats.value(QStringLiteral("inflow")).toObject().value(QStringLiteral("lastMinute")).toInt(), 2);
        QVERIFY(stats.value(QStringLiteral("oldestAgeMs")).toInteger() >= 6000);

        // Purge: a dry run counts, the real one deletes.
        auto filter = DlqFilter::fromJson(QJsonDocument::fromJson(R"({"reason": "TIMED_OUT"})").object()).value();
        auto dry = f.onQueue([&](DeadLetterQueue &q) { return q.purge(filter, true, QStringLiteral("admin")); });
        QCOMPARE(dry->value(QStringLiteral("matched")).toInt(), 1);
        QCOMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 2);
        auto done = f.onQueue([&](DeadLetterQueue &q) { return q.purge(filter, false, QStringLiteral("admin")); });
        QCOMPARE(done->value(QStringLiteral("purged")).toInt(), 1);
        QCOMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 1);
    }

    void retentionEvictsOldestFirstAndCounts()
    {
        DlqConfig config;
        config.ttlMs = 3600 * 1000;
        config.maxEntries = 2;
        Fixture f(config);
        for (int i = 0; i < 3; ++i) {
            f.start(i);
            f.spendBudget(QStringLiteral("wf%1").arg(i));
            f.h.advance(60000);
        }
        QTRY_COMPARE(f.deadLettered, 3);
        QTRY_COMPARE(f.list(R"({"status": "ALL"})").value(QStringLiteral("totalHits")).toInt(), 2);
        const QJsonArray left = f.list().value(QStringLiteral("results")).toArray();
        QCOMPARE(left.size(), 2);
        for (const QJsonValue &v : left) // the oldest (wf0) went first
            QVERIFY(!v.toObject().value(QStringLiteral("lastError")).toString().startsWith(QStringLiteral("wf0")));
        // The TTL: an hour after their last failure both are gone at the next sweep.
        f.h.clock.advanceMs(3600 * 1000);
        f.onQueue([](DeadLetterQueue &q) { q.processDue(); return true; });
        QCOMPARE(f.list(R"({"status": "ALL"})").value(QStringLiteral("totalHits")).toInt(), 0);
        const QJsonObject totals = f.onQueue([](DeadLetterQueue &q) { return q.stats(); })->value(QStringLiteral("totals")).toObject();
        QCOMPARE(totals.value(QStringLiteral("evictedSize")).toInt(), 1);
        QCOMPARE(totals.value(QStringLiteral("evictedTtl")).toInt(), 2);
        QCOMPARE(totals.value(QStringLiteral("deadLettered")).toInt(), 3);
    }

    void bulkReplayIsRateLimited()
    {
        Fixture f;
        for (int i = 0; i < 4; ++i) {
            f.start(i);
            f.spendBudget(QStringLiteral("bulk%1").arg(i));
        }
        QTRY_COMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 4);
        const DlqFilter all = DlqFilter::fromJson({}).value();
        auto dry = f.onQueue([&](DeadLetterQueue &q) { return q.replayMatching(all, 2, true, QStringLiteral("ops")); });
        QCOMPARE(dry->value(QStringLiteral("matched")).toInt(), 4);
        QCOMPARE(f.replays, 0);
        auto job = f.onQueue([&](DeadLetterQueue &q) { return q.replayMatching(all, 2, false, QStringLiteral("ops")); });
        QVERIFY(job.ok());
        QCOMPARE(job->value(QStringLiteral("estimatedSeconds")).toDouble(), 2.0);
        QCOMPARE(f.replays, 1); // the first one at once
        auto tick = [&f](qint64 ms) {
            f.h.clock.advanceMs(ms);
            f.onQueue([](DeadLetterQueue &q) { q.processDue(); return true; });
        };
        tick(499);
        QCOMPARE(f.replays, 1);
        tick(1);
        QCOMPARE(f.replays, 2);
        tick(1000);
        QCOMPARE(f.replays, 4);
        QTRY_COMPARE(f.list(R"({"status": "REPLAYED"})").value(QStringLiteral("totalHits")).toInt(), 4);
        const QJsonArray jobs = f.onQueue([](DeadLetterQueue &q) { return q.replayJobs(); }).value(QStringLiteral("jobs")).toArray();
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs.first().toObject().value(QStringLiteral("succeeded")).toInt(), 4);
        QVERIFY(jobs.first().toObject().value(QStringLiteral("finished")).toBool());
        QCOMPARE(f.h.poll(QStringLiteral("charge"), QStringLiteral("w1"), 10).size(), 4); // four new attempts
    }

    void depthAlertIsAnEvent()
    {
        DlqConfig config;
        config.alerts.depthThreshold = 2;
        Fixture f(config);
        QSignalSpy spy(f.dlq.get(), &DeadLetterQueue::engineEvent);
        f.start();
        f.spendBudget(QStringLiteral("a"));
        QTRY_COMPARE(f.list().value(QStringLiteral("totalHits")).toInt(), 1);
        QCOMPARE(spy.count(), 0);
        f.start();
        f.spendBudget(QStringLiteral("b"));
        QTRY_COMPARE(spy.count(), 1);
        const EngineEvent e = spy.first().first().value<EngineEvent>();
        QCOMPARE(e.name, QStringLiteral("dlq_alert"));
        QCOMPARE(e.payload.value(QStringLiteral("kind")).toString(), QStringLiteral("depth"));
        QCOMPARE(e.payload.value(QStringLiteral("depth")).toInt(), 2);
        QCOMPARE(e.payload.value(QStringLiteral("byType")).toObject().value(QStringLiteral("charge")).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDeadLetterQueue)
#include "test_dead_letter_queue.moc"
