// Group commit, durability and failure handling of the store test suite.
#include "StoreSuite.h"

#include "StoreTestData.h"
#include "store/SqlStore.h"

#include <QMutex>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QTest>
#include <QThread>

using namespace orrery;
using namespace orrery::test;

namespace {
// Long enough that nothing commits on its own during a test: only flush() or maxBatch commit.
constexpr int kNeverFlushMs = 600000;
} // namespace

void StoreSuite::coalescesChangesToTheSameRow()
{
    auto store = openStore(kNeverFlushMs);
    QVERIFY(store);
    const QString wf = QStringLiteral("wf-c");
    store->saveWorkflow(makeWorkflow(wf));
    store->saveTask(makeTask(QStringLiteral("t-c"), wf, 1, TaskStatus::Scheduled));
    store->saveTask(makeTask(QStringLiteral("t-c"), wf, 1, TaskStatus::InProgress));
    store->saveTask(makeTask(QStringLiteral("t-c"), wf, 1, TaskStatus::Completed));
    store->saveWorkflow(makeWorkflow(wf, WorkflowStatus::Completed));
    QCOMPARE(store->stats().pendingRows, 2);
    QVERIFY(store->flush().ok());
    const StoreStats stats = store->stats();
    QCOMPARE(stats.changesSubmitted, 5);
    QCOMPARE(stats.rowsWritten, 2);
    QCOMPARE(stats.batchesCommitted, 1);
    QCOMPARE(stats.pendingRows, 0);
    auto rec = store->loadWorkflow(wf);
    QVERIFY(rec.ok() && rec.value().has_value());
    QCOMPARE(toString(rec.value()->workflow.status), toString(WorkflowStatus::Completed));
    QCOMPARE(rec.value()->tasks.size(), 1);
    QCOMPARE(toString(rec.value()->tasks[0].status), toString(TaskStatus::Completed));
}

void StoreSuite::commitsWhenMaxBatchIsReached()
{
    auto store = openStore(kNeverFlushMs, 100);
    QVERIFY(store);
    store->saveWorkflow(makeWorkflow(QStringLiteral("wf-big")));
    for (int i = 0; i < 1000; ++i)
        store->saveTask(makeTask(QStringLiteral("t-%1").arg(i), QStringLiteral("wf-big"), i));
    // Without any flush request the window would never end: only maxBatch can trigger these commits.
    QTRY_VERIFY_WITH_TIMEOUT(store->stats().batchesCommitted >= 1, 30000);
    QVERIFY(store->flush().ok());
    QCOMPARE(store->stats().rowsWritten, 1001);
    auto rec = store->loadWorkflow(QStringLiteral("wf-big"));
    QVERIFY(rec.ok() && rec.value().has_value());
    QCOMPARE(rec.value()->tasks.size(), 1000);
    QCOMPARE(rec.value()->tasks.last().seq, 999);
}

void StoreSuite::whenCommittedRunsAfterTheCommitInOrder()
{
    auto store = openStore(kNeverFlushMs);
    QVERIFY(store);
    QMutex mutex;
    QStringList events;
    QThread *testThread = QThread::currentThread();
    Store *s = store.get();
    auto waiter = [&](const QString &name, const QString &taskId) {
        return [&, name, taskId](Result<void> r) {
            // Runs on the store thread, after the commit: the row is visible to a fresh reader.
            auto task = s->loadTask(taskId);
            QMutexLocker lock(&mutex);
            events << QStringLiteral("%1:%2:%3:%4")
                          .arg(name)
                          .arg(r.ok() ? QStringLiteral("ok") : r.error().message)
                          .arg(task.ok() && task.value().has_value() ? QStringLiteral("visible") : QStringLiteral("missing"))
                          .arg(QThread::currentThread() == testThread ? QStringLiteral("caller") : QStringLiteral("store"));
        };
    };
    store->saveTask(makeTask(QStringLiteral("t-a"), QStringLiteral("wf"), 1));
    store->whenCommitted(waiter(QStringLiteral("first"), QStringLiteral("t-a")));
    store->saveTask(makeTask(QStringLiteral("t-b"), QStringLiteral("wf"), 2));
    store->whenCommitted(waiter(QStringLiteral("second"), QStringLiteral("t-b")));
    {
        QMutexLocker lock(&mutex);
        QVERIFY(events.isEmpty()); // nothing commits before the window ends
    }
    QVERIFY(store->flush().ok());
    QMutexLocker lock(&mutex);
    QCOMPARE(events, (QStringList{QStringLiteral("first:ok:visible:store"), QStringLiteral("second:ok:visible:store")}));
    QCOMPARE(store->stats().batchesCommitted, 1); // one transaction for both waiters
}

void StoreSuite::whenCommittedOnAnIdleStoreRuns()
{
    auto store = openStore(kNeverFlushMs);
    QVERIFY(store);
    std::atomic<int> calls{0};
    store->whenCommitted([&calls](Result<void> r) {
        if (r.ok())
            ++calls;
    });
    QTRY_COMPARE_WITH_TIMEOUT(calls.load(), 1, 30000);
    QCOMPARE(store->stats().batchesCommitted, 0);
}

void StoreSuite::changesSurviveCloseAndReopen()
{
    {
        auto store = openStore(kNeverFlushMs);
        QVERIFY(store);
        store->saveWorkflow(makeWorkflow(QStringLiteral("wf-d")));
        store->saveTask(makeTask(QStringLiteral("t-d"), QStringLiteral("wf-d"), 1, TaskStatus::InProgress));
        store->appendTaskLogs({TaskLog{QStringLiteral("t-d"), QStringLiteral("started"), 7}});
        store->saveTaskDef(makeTaskDef(QStringLiteral("durable"), 1));
        store->close(); // no explicit flush: close() must write what is pending
        store->close(); // idempotent
    }
    auto store = openStore();
    QVERIFY(store);
    auto active = store->loadActiveWorkflows();
    QVERIFY(active.ok());
    QCOMPARE(active.value().size(), 1);
    QCOMPARE(active.value()[0].tasks.size(), 1);
    QCOMPARE(toString(active.value()[0].tasks[0].status), toString(TaskStatus::InProgress));
    QCOMPARE(store->loadTaskLogs(QStringLiteral("t-d")).value().size(), 1);
    QCOMPARE(store->loadTaskDefs().value().size(), 1);
}

void StoreSuite::saveAfterRemoveInOneBatchIsKept()
{
    auto store = openStore(kNeverFlushMs);
    QVERIFY(store);
    const QString wf = QStringLiteral("wf-r");
    store->saveWorkflow(makeWorkflow(wf));
    store->saveTask(makeTask(QStringLiteral("t-old"), wf, 1));
    QVERIFY(store->flush().ok());
    // One batch: more changes, the removal, then a new life of the same id.
    store->saveTask(makeTask(QStringLiteral("t-old2"), wf, 2));
    store->appendTaskLogs({TaskLog{QStringLiteral("t-old"), QStringLiteral("gone with the workflow"), 1}});
    store->removeWorkflow(wf);
    store->saveWorkflow(makeWorkflow(wf, WorkflowStatus::Paused));
    store->saveTask(makeTask(QStringLiteral("t-new"), wf, 1));
    store->appendTaskLogs({TaskLog{QStringLiteral("t-new"), QStringLiteral("kept"), 2}});
    QVERIFY(store->flush().ok());
    auto rec = store->loadWorkflow(wf);
    QVERIFY(rec.ok() && rec.value().has_value());
    QCOMPARE(toString(rec.value()->workflow.status), toString(WorkflowStatus::Paused));
    QCOMPARE(rec.value()->tasks.size(), 1);
    QCOMPARE(rec.value()->tasks[0].taskId, QStringLiteral("t-new"));
    QVERIFY(store->loadTaskLogs(QStringLiteral("t-old")).value().isEmpty());
    QCOMPARE(store->loadTaskLogs(QStringLiteral("t-new")).value().size(), 1);
}

void StoreSuite::concurrentSubmittersAllLand()
{
    auto store = openStore();
    QVERIFY(store);
    store->saveWorkflow(makeWorkflow(QStringLiteral("wf-mt")));
    constexpr int kThreads = 4;
    constexpr int kPerThread = 500;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back(QThread::create([&store, t]() {
            for (int i = 0; i < kPerThread; ++i) {
                const int seq = t * kPerThread + i;
                store->saveTask(makeTask(QStringLiteral("t-%1").arg(seq), QStringLiteral("wf-mt"), seq, TaskStatus::Scheduled));
                store->saveTask(makeTask(QStringLiteral("t-%1").arg(seq), QStringLiteral("wf-mt"), seq, TaskStatus::Completed));
            }
        }));
        threads.back()->start();
    }
    for (auto &thread : threads)
        QVERIFY(thread->wait(60000));
    QVERIFY(store->flush().ok());
    auto rec = store->loadWorkflow(QStringLiteral("wf-mt"));
    QVERIFY(rec.ok() && rec.value().has_value());
    QCOMPARE(rec.value()->tasks.size(), kThreads * kPerThread);
    for (int i = 0; i < kThreads * kPerThread; ++i) {
        QCOMPARE(rec.value()->tasks[i].seq, i);
        QCOMPARE(toString(rec.value()->tasks[i].status), toString(TaskStatus::Completed));
    }
    QCOMPARE(store->stats().changesSubmitted, 1 + 2 * kThreads * kPerThread);
}

void StoreSuite::readerConnectionClosesWithItsThread()
{
    auto store = openStore();
    QVERIFY(store);
    auto *sql = dynamic_cast<SqlStore *>(store.get());
    QVERIFY(sql);
    store->saveTask(makeTask(QStringLiteral("t-r"), QStringLiteral("wf"), 1));
    QVERIFY(store->flush().ok());
    const int before = sql->readerConnectionCount();
    const int namesBefore = int(QSqlDatabase::connectionNames().size());
    std::atomic<bool> found{false};
    std::atomic<int> during{0};
    std::unique_ptr<QThread> reader(QThread::create([&]() {
        auto t = store->loadTask(QStringLiteral("t-r"));
        found = t.ok() && t.value().has_value();
        during = sql->readerConnectionCount();
    }));
    reader->start();
    QVERIFY(reader->wait(30000));
    QVERIFY(found);
    QCOMPARE(during.load(), before + 1);
    QCOMPARE(sql->readerConnectionCount(), before);
    QCOMPARE(int(QSqlDatabase::connectionNames().size()), namesBefore);
}

void StoreSuite::failedBatchReportsAndIsRetriedLater()
{
    auto store = openStore(kNeverFlushMs);
    QVERIFY(store);
    QMutex mutex;
    QList<bool> statuses; // false = failing, true = recovered
    store->setWriteStatusHandler([&](Result<void> r) {
        QMutexLocker lock(&mutex);
        statuses << r.ok();
    });
    store->saveWorkflow(makeWorkflow(QStringLiteral("wf-f")));
    QVERIFY(store->flush().ok());

    // Take the tasks table away behind the store's back: every write attempt now fails.
    QVERIFY(execOutside(QStringLiteral("ALTER TABLE tasks RENAME TO tasks_away")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("store write attempt .* failed")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("store write attempt .* failed")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("store write attempt .* failed")));
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("failed; keeping it and retrying")));
    store->saveTask(makeTask(QStringLiteral("t-f"), QStringLiteral("wf-f"), 1, TaskStatus::Completed));
    Result<void> failed = store->flush();
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().message.contains(QStringLiteral("tasks")), qPrintable(failed.error().message));
    QVERIFY(store->stats().batchesFailed >= 1);
    QVERIFY(store->stats().pendingRows >= 1);
    {
        QMutexLocker lock(&mutex);
        QCOMPARE(statuses, QList<bool>{false});
    }

    // The database is repaired: the kept change is written by a later attempt, nothing was lost.
    QVERIFY(execOutside(QStringLiteral("ALTER TABLE tasks_away RENAME TO tasks")));
    Result<void> r = Error::internal(QString());
    for (int i = 0; i < 20 && !r.ok(); ++i)
        r = store->flush(); // may still report a round that started before the repair
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    auto task = store->loadTask(QStringLiteral("t-f"));
    QVERIFY(task.ok() && task.value().has_value());
    QCOMPARE(toString(task.value()->status), toString(TaskStatus::Completed));
    QCOMPARE(store->stats().pendingRows, 0);
    QCOMPARE(store->stats().rowsLost, 0);
    QMutexLocker lock(&mutex);
    QCOMPARE(statuses.last(), true);
}

void StoreSuite::recoversFromLostConnections()
{
    if (m_backend != Backend::Postgres)
        QSKIP("SQLite connections cannot be lost");
    auto store = openStore();
    QVERIFY(store);
    std::atomic<int> failures{0};
    store->setWriteStatusHandler([&failures](Result<void> r) {
        if (!r.ok())
            ++failures;
    });
    store->saveTask(makeTask(QStringLiteral("t-1"), QStringLiteral("wf"), 1));
    QVERIFY(store->flush().ok());
    QVERIFY(store->loadTask(QStringLiteral("t-1")).ok()); // opens this thread's reader connection

    // Kill every server process of the store (writer and reader), as a restart or failover would.
    QVERIFY(execOutside(QStringLiteral("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("store write attempt 1 of 3 failed")));
    store->saveTask(makeTask(QStringLiteral("t-2"), QStringLiteral("wf"), 2));
    Result<void> r = store->flush();
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    auto task = store->loadTask(QStringLiteral("t-2"));
    QVERIFY2(task.ok(), task.ok() ? "" : qPrintable(task.error().message));
    QVERIFY(task.value().has_value());
    QCOMPARE(failures.load(), 0); // a retry on a new connection is not a failure
}

void StoreSuite::closedStoreRejectsChanges()
{
    auto store = openStore();
    QVERIFY(store);
    store->close();
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("store is closed; the change to task t-x was NOT written")));
    store->saveTask(makeTask(QStringLiteral("t-x"), QStringLiteral("wf"), 1));
    bool called = false;
    QString message;
    store->whenCommitted([&](Result<void> r) {
        called = true;
        message = r.ok() ? QString() : r.error().message;
    });
    QVERIFY(called);
    QVERIFY(message.contains(QStringLiteral("closed")));
    QVERIFY(!store->loadTask(QStringLiteral("t-x")).ok());
}
