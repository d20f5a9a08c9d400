// The DLQ's start-up reconciliation (DlqReconciler) on SQLite and PostgreSQL (a throwaway cluster,
// skipped when none can start), in virtual time: a dead task that the store has but the DLQ does
// not (a SIGKILL between the engine's commit and the DLQ's own write) gets exactly one entry with
// every attempt when the DLQ opens; a second start records nothing; an entry that exists is left
// as it was; tasks that did not die for good get none; a removed entry stays removed; a pass cut
// short records nothing twice; only tasks since the watermark are looked at.
#include "recovery/DeadLetterQueue.h"
#include "recovery/DeadTaskRule.h"
#include "recovery/DlqReconciler.h"
#include "recovery/DlqTable.h"
#include "store/SqlBackend.h"
#include "store/Store.h"
#include "support/PgTestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace orrery;
using orrery::test::PgTestServer;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000;

struct Attempt
{
    TaskStatus status;
    bool retried;
};

// One stored workflow: `ref` ran its attempts 1 s apart, after a COMPLETED `first`.
struct Stored
{
    Workflow wf;
    QList<Task> tasks;
};

Stored workflow(const QString &id, WorkflowStatus status, const QString &ref, const QList<Attempt> &attempts,
                qint64 startMs, bool listFailed, const QString &taskType = QStringLiteral("charge"))
{
    Stored s;
    s.wf.workflowId = id;
    s.wf.workflowName = QStringLiteral("pay");
    s.wf.workflowVersion = 1;
    s.wf.status = status;
    s.wf.createTime = startMs;
    Task first;
    first.taskId = id + QStringLiteral("-first");
    first.taskType = first.taskDefName = QStringLiteral("noop");
    first.referenceTaskName = QStringLiteral("first");
    first.status = TaskStatus::Completed;
    first.workflowInstanceId = id;
    first.workflowType = QStringLiteral("pay");
    first.seq = 1;
    first.scheduledTime = first.startTime = startMs;
    first.endTime = first.updateTime = startMs + 10;
    s.tasks.append(first);
    qint64 at = startMs + 100;
    for (int i = 0; i < attempts.size(); ++i) {
        Task t;
        t.taskId = QStringLiteral("%1-%2-%3").arg(id, ref).arg(i);
        t.taskType = t.taskDefName = taskType;
        t.referenceTaskName = ref;
        t.workflowInstanceId = id;
        t.workflowType = QStringLiteral("pay");
        t.status = attempts[i].status;
        t.retried = attempts[i].retried;
        t.retryCount = i;
        t.retriedTaskId = i > 0 ? s.tasks.last().taskId : QString();
        t.seq = 2 + i;
        t.workerId = QStringLiteral("w1");
        t.inputData = {{QStringLiteral("amount"), 5}};
        t.scheduledTime = at;
        t.firstScheduledTime = startMs + 100;
        t.startTime = at + 10;
        t.endTime = t.updateTime = at + 110;
        t.reasonForIncompletion = QStringLiteral("HTTP 503 on attempt %1").arg(i + 1);
        s.tasks.append(t);
        at += 1000;
    }
    s.wf.updateTime = s.wf.endTime = isTerminal(status) ? at : 0;
    if (listFailed) {
        s.wf.failedReferenceTaskNames = {ref};
        s.wf.failedTaskNames = {taskType};
    }
    return s;
}

void save(Store &store, const Stored &s)
{
    store.saveWorkflow(s.wf);
    for (const Task &t : s.tasks)
        store.saveTask(t);
}

const QList<Attempt> kSpent{{TaskStatus::Failed, true}, {TaskStatus::Failed, true}, {TaskStatus::Failed, false}};

} // namespace

class TestDlqReconciliation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    PgTestServer m_pg;
    int m_db = 0;

    // A fresh store on `backend` with `clock`; nullptr after a QSKIP/QFAIL.
    std::unique_ptr<Store> openStore(const QString &backend, const ManualClock &clock)
    {
        QString url = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("r%1.db").arg(++m_db));
        if (backend == QLatin1String("postgresql")) {
            url = m_pg.createDatabase();
            if (url.isEmpty())
                qFatal("cannot create a PostgreSQL database: %s", qPrintable(m_pg.errorString()));
        }
        StoreConfig config{url};
        config.clock = &clock;
        auto opened = Store::open(config);
        if (!opened.ok())
            qFatal("cannot open the store: %s", qPrintable(opened.error().message));
        return std::move(opened).value();
    }

    static QList<DeadLetterEntry> entries(DeadLetterQueue &q)
    {
        auto f = DlqFilter::fromJson(QJsonObject{{QStringLiteral("status"), QStringLiteral("ALL")}});
        auto page = q.list(f.value(), 0, 100);
        if (!page.ok())
            qFatal("list: %s", qPrintable(page.error().message));
        QList<DeadLetterEntry> out;
        for (const QJsonValue &v : page->value(QStringLiteral("results")).toArray())
            out.append(*q.entry(v.toObject().value(QStringLiteral("id")).toString()).value());
        std::sort(out.begin(), out.end(), [](const DeadLetterEntry &a, const DeadLetterEntry &b) { return a.workflowId < b.workflowId; });
        return out;
    }

    static QStringList attemptIds(const DeadLetterEntry &e)
    {
        QStringList ids;
        for (const DeadLetterAttempt &a : e.attempts)
            ids << a.taskId;
        return ids;
    }

    static QByteArray json(const QList<DeadLetterEntry> &list)
    {
        QJsonArray a;
        for (const DeadLetterEntry &e : list)
            a.append(e.toJson());
        return QJsonDocument(a).toJson(QJsonDocument::Compact);
    }

    static qint64 reconciledTotal(DeadLetterQueue &q)
    {
        return qint64(q.stats().value().value(QStringLiteral("totals")).toObject().value(QStringLiteral("reconciled")).toDouble());
    }

    void backends()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

    void requireBackend(const QString &backend)
    {
        if (backend == QLatin1String("postgresql")) {
            const auto status = m_pg.start();
            if (status == PgTestServer::Status::Unavailable)
                QSKIP(qPrintable(QStringLiteral("PostgreSQL not available: ") + m_pg.errorString()));
            if (status == PgTestServer::Status::Broken)
                QFAIL(qPrintable(QStringLiteral("PostgreSQL: ") + m_pg.errorString()));
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aLostEntryComesBackOnceWithEveryAttempt_data() { backends(); }
    void aLostEntryComesBackOnceWithEveryAttempt()
    {
        QFETCH(QString, backend);
        requireBackend(backend);
        ManualClock clock(kT0);
        auto store = openStore(backend, clock);

        // First start: an empty store; then a task dies and the live path records it.
        const Stored kept = workflow(QStringLiteral("wf-kept"), WorkflowStatus::Failed, QStringLiteral("c"),
                                     {{TaskStatus::FailedWithTerminalError, false}}, clock.nowMs(), true);
        QByteArray keptJson;
        {
            DeadLetterQueue q(store.get(), DlqConfig(), &clock, 1);
            QVERIFY(q.open().ok());
            QVERIFY(entries(q).isEmpty());
            save(*store, kept);
            QVERIFY(store->flush().ok());
            const Task &dead = kept.tasks.last();
            const DeadLetterInput in{dead, {dead}, QStringLiteral("TERMINAL"), QStringLiteral("live")};
            auto id = q.add(in);
            QVERIFY(id.ok());
            // The engine emits a death again after a restart: the same entry, unchanged.
            clock.advanceMs(5);
            QCOMPARE(q.add(in).value(), id.value());
            QCOMPARE(entries(q).size(), 1);
            QCOMPARE(entries(q).first().deadCount, 1);
            keptJson = json(entries(q));
        }

        // While no DLQ listens (the kill between the engine's commit and the DLQ's write):
        clock.advanceMs(60'000);
        const qint64 now = clock.nowMs() - 10'000; // they ended before the kill
        const Stored lost = workflow(QStringLiteral("wf-lost"), WorkflowStatus::Failed, QStringLiteral("c"), kSpent, now, true);
        // Its failure committed, its decision not (a crash split it): the engine decides it again.
        const Stored split = workflow(QStringLiteral("wf-split"), WorkflowStatus::Running, QStringLiteral("c"),
                                      {{TaskStatus::Failed, false}}, now, false);
        // Canceled by an operator's terminate: not a failure of the task.
        const Stored terminated = workflow(QStringLiteral("wf-terminated"), WorkflowStatus::Terminated, QStringLiteral("c"),
                                           {{TaskStatus::Canceled, false}}, now, false);
        // An optional task that dead-lettered (COMPLETED_WITH_ERRORS), and a JOIN that only
        // reports a branch's errors.
        Stored optional = workflow(QStringLiteral("wf-optional"), WorkflowStatus::Completed, QStringLiteral("o"),
                                   {{TaskStatus::Failed, true}, {TaskStatus::CompletedWithErrors, false}}, now, false);
        Stored join = workflow(QStringLiteral("wf-join"), WorkflowStatus::Completed, QStringLiteral("j"),
                               {{TaskStatus::CompletedWithErrors, false}}, now, false, QStringLiteral("JOIN"));
        for (const Stored *s : std::initializer_list<const Stored *>{&lost, &split, &terminated, &optional, &join})
            save(*store, *s);
        QVERIFY(store->flush().ok());

        clock.advanceMs(1000);
        DeadLetterQueue q(store.get(), DlqConfig(), &clock, 2);
        QVERIFY(q.open().ok()); // reconciles
        QList<DeadLetterEntry> all = entries(q);
        QStringList workflows;
        for (const DeadLetterEntry &e : all)
            workflows << e.workflowId;
        QCOMPARE(workflows, (QStringList{QStringLiteral("wf-kept"), QStringLiteral("wf-lost"), QStringLiteral("wf-optional")}));
        QCOMPARE(json(all.mid(0, 1)), keptJson); // untouched

        const DeadLetterEntry &e = all[1];
        QCOMPARE(e.referenceTaskName, QStringLiteral("c"));
        QCOMPARE(e.taskId, QStringLiteral("wf-lost-c-2"));
        QCOMPARE(attemptIds(e), (QStringList{QStringLiteral("wf-lost-c-0"), QStringLiteral("wf-lost-c-1"), QStringLiteral("wf-lost-c-2")}));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(e.attempts[i].status, QStringLiteral("FAILED"));
            QCOMPARE(e.attempts[i].retryCount, i);
            QCOMPARE(e.attempts[i].error, QStringLiteral("HTTP 503 on attempt %1").arg(i + 1));
            QCOMPARE(e.attempts[i].workerId, QStringLiteral("w1"));
        }
        QCOMPARE(e.reasonClass, QStringLiteral("RETRIES_EXHAUSTED"));
        QVERIFY2(e.message.contains(QStringLiteral("reconciliation")), qPrintable(e.message));
        QCOMPARE(e.input.value(QStringLiteral("amount")).toInt(), 5);
        QCOMPARE(e.deadCount, 1);
        QCOMPARE(e.status, DeadLetterEntry::Status::Dead);
        QCOMPARE(e.firstFailureMs, now + 210);
        QCOMPARE(e.lastFailureMs, now + 2210);
        QCOMPARE(attemptIds(all[2]), (QStringList{QStringLiteral("wf-optional-o-0"), QStringLiteral("wf-optional-o-1")}));
        QCOMPARE(reconciledTotal(q), 2);

        // Again (a second pass, then a second start): nothing new, nothing changed.
        const QByteArray before = json(all);
        auto again = q.reconcile();
        QVERIFY(again.ok());
        QCOMPARE(again->recorded, 0);
        q.close();
        clock.advanceMs(1000);
        QVERIFY(q.open().ok());
        QCOMPARE(json(entries(q)), before);
        QCOMPARE(reconciledTotal(q), 2);

        // An operator deletes the reconciled entry: the next start does not bring it back.
        QVERIFY(q.remove(e.id, QStringLiteral("ops")).ok());
        q.close();
        clock.advanceMs(1000);
        QVERIFY(q.open().ok());
        QCOMPARE(entries(q).size(), 2);
        auto fenced = q.reconcile();
        QVERIFY(fenced.ok());
        QCOMPARE(fenced->recorded, 0);
        QCOMPARE(fenced->fenced, 1);
    }

    void aPassCutShortRecordsNothingTwice_data() { backends(); }
    void aPassCutShortRecordsNothingTwice()
    {
        QFETCH(QString, backend);
        requireBackend(backend);
        ManualClock clock(kT0);
        auto store = openStore(backend, clock);
        {
            DeadLetterQueue q(store.get(), DlqConfig(), &clock, 1); // sets the watermark
            QVERIFY(q.open().ok());
        }
        clock.advanceMs(10'000);
        for (int i = 0; i < 4; ++i)
            save(*store, workflow(QStringLiteral("wf-%1").arg(i), WorkflowStatus::Failed, QStringLiteral("c"), kSpent,
                                  clock.nowMs() + i, true));
        QVERIFY(store->flush().ok());
        clock.advanceMs(10'000);

        // A pass that dies after its second entry (the process is killed mid-reconciliation).
        {
            const QString name = QStringLiteral("reconcile-cut");
            {
                auto db = store->openModuleConnection(name);
                QVERIFY(db.ok());
                DlqTable table(db.value(), store->backend());
                DlqReconciler reconciler(db.value(), store->backend(), store.get(), &table);
                int written = 0;
                auto cut = reconciler.run(clock.nowMs(), 0, false, [&](const DeadLetterInput &in) -> Result<void> {
                    if (written == 2)
                        return Error::unavailable(QStringLiteral("killed"));
                    ++written;
                    return table.save(DeadLetterEntry::create(QStringLiteral("cut-%1").arg(written), in, clock.nowMs(), 256));
                });
                QVERIFY(!cut.ok());
                QCOMPARE(written, 2);
            }
            SqlBackend::closeConnection(name);
        }
        clock.advanceMs(1000);
        DeadLetterQueue q(store.get(), DlqConfig(), &clock, 2);
        QVERIFY(q.open().ok());
        const QList<DeadLetterEntry> all = entries(q);
        QCOMPARE(all.size(), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(all[i].workflowId, QStringLiteral("wf-%1").arg(i));
            QCOMPARE(all[i].attempts.size(), 3);
            QCOMPARE(all[i].deadCount, 1);
        }
        QCOMPARE(reconciledTotal(q), 2); // the two the cut pass did not reach
    }

    void looksOnlyAtTasksSinceTheWatermark_data() { backends(); }
    void looksOnlyAtTasksSinceTheWatermark()
    {
        QFETCH(QString, backend);
        requireBackend(backend);
        ManualClock clock(kT0);
        auto store = openStore(backend, clock);
        {
            DeadLetterQueue q(store.get(), DlqConfig(), &clock, 1);
            QVERIFY(q.open().ok());
        }
        const qint64 firstStart = clock.nowMs();
        clock.advanceMs(3'600'000);
        // Ended (task and workflow) before the last pass's watermark: not looked at again.
        const qint64 old = firstStart - DlqReconciler::kMarginMs - 60'000;
        save(*store, workflow(QStringLiteral("wf-old"), WorkflowStatus::Failed, QStringLiteral("c"), kSpent, old, true));
        // Its task ended long ago, its workflow's decision was committed now (a crash split it,
        // the restart re-made it): found through the failed workflow's update time.
        Stored redecided = workflow(QStringLiteral("wf-redecided"), WorkflowStatus::Failed, QStringLiteral("c"), kSpent, old, true);
        redecided.wf.updateTime = clock.nowMs();
        save(*store, redecided);
        QVERIFY(store->flush().ok());

        DeadLetterQueue q(store.get(), DlqConfig(), &clock, 2);
        QVERIFY(q.open().ok());
        const QList<DeadLetterEntry> all = entries(q);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().workflowId, QStringLiteral("wf-redecided"));
        QCOMPARE(all.first().attempts.size(), 3);
        auto report = q.reconcile();
        QVERIFY(report.ok());
        QCOMPARE(report->fromMs, clock.nowMs() - DlqReconciler::kMarginMs);
        QCOMPARE(report->workflows, 0);
    }

    void theRuleMatchesTheLiveDecision()
    {
        // Latest attempt only, not retried, listed as failed by its workflow.
        Stored s = workflow(QStringLiteral("wf"), WorkflowStatus::Failed, QStringLiteral("c"), kSpent, kT0, true);
        QList<DeadLetterInput> dead = DeadTaskRule::deadTasks(s.wf, s.tasks);
        QCOMPARE(dead.size(), 1);
        QCOMPARE(dead.first().task.taskId, QStringLiteral("wf-c-2"));
        QCOMPARE(dead.first().attempts.size(), 3);
        s.tasks.last().retried = true; // its retry is committed elsewhere: not dead
        QVERIFY(DeadTaskRule::deadTasks(s.wf, s.tasks).isEmpty());
        s.tasks.last().retried = false;
        s.wf.failedReferenceTaskNames.clear(); // the decision is not committed: the engine re-decides
        QVERIFY(DeadTaskRule::deadTasks(s.wf, s.tasks).isEmpty());
        const Stored timedOut = workflow(QStringLiteral("wf2"), WorkflowStatus::TimedOut, QStringLiteral("c"),
                                         {{TaskStatus::TimedOut, false}}, kT0, true);
        QCOMPARE(DeadTaskRule::deadTasks(timedOut.wf, timedOut.tasks).first().reasonClass, QStringLiteral("TIMED_OUT"));
    }
};

QTEST_GUILESS_MAIN(TestDlqReconciliation)
#include "test_dlq_reconciliation.moc"
