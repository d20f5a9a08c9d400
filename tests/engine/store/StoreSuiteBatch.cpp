// The writer's batch path: one transaction per batch, sent as multi-row statements (on PostgreSQL
// in one libpq pipeline). Rows that the database already holds and new rows share a statement;
// a batch larger than one statement ends in the smaller statements; and a row the database
// refuses takes the whole batch back with it, saying which statement and why.
#include "StoreSuite.h"

#include "StoreTestData.h"

#include <QRegularExpression>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {
constexpr int kNeverFlushMs = 600000; // only flush() commits
// Rows of the largest multi-row statement (SqlBackend::rowsPerStatement).
int rowsPerStatement(StoreSuite::Backend backend)
{
    return backend == StoreSuite::Backend::Postgres ? 64 : 32;
}
} // namespace

void StoreSuite::batchMixesInsertsAndUpdatesOfTheSameIds()
{
    auto store = openStore(kNeverFlushMs);
    QVERIFY(store);
    const QString wf = QStringLiteral("wf-mix");
    store->saveWorkflow(makeWorkflow(wf));
    for (int i = 0; i < 100; ++i)
        store->saveTask(makeTask(QStringLiteral("t-%1").arg(i), wf, i));
    QVERIFY(store->flush().ok());
    const qint64 batchesBefore = store->stats().batchesCommitted;

    // One batch: updates of 50 stored rows, 100 new rows, and a workflow saved, removed and saved
    // again (two segments, so the same ids are written twice in one transaction).
    for (int i = 0; i < 50; ++i)
        store->saveTask(makeTask(QStringLiteral("t-%1").arg(i), wf, i, TaskStatus::Completed));
    for (int i = 100; i < 200; ++i)
        store->saveTask(makeTask(QStringLiteral("t-%1").arg(i), wf, i, TaskStatus::InProgress));
    const QString again = QStringLiteral("wf-again");
    store->saveWorkflow(makeWorkflow(again));
    store->saveTask(makeTask(QStringLiteral("a-1"), again, 1, TaskStatus::Scheduled));
    store->removeWorkflow(again);
    store->saveWorkflow(makeWorkflow(again, WorkflowStatus::Completed));
    store->saveTask(makeTask(QStringLiteral("a-1"), again, 1, TaskStatus::Completed));
    Result<void> r = store->flush();
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QCOMPARE(store->stats().batchesCommitted, batchesBefore + 1);

    auto rec = store->loadWorkflow(wf);
    QVERIFY(rec.ok() && rec.value().has_value());
    QCOMPARE(rec.value()->tasks.size(), 200);
    for (const Task &t : rec.value()->tasks) {
        const TaskStatus expected = t.seq < 50 ? TaskStatus::Completed : t.seq < 100 ? TaskStatus::Scheduled : TaskStatus::InProgress;
        QVERIFY2(t.status == expected, qPrintable(QStringLiteral("%1 is %2").arg(t.taskId, toString(t.status))));
        QCOMPARE(t.taskId, QStringLiteral("t-%1").arg(t.seq));
    }
    QCOMPARE(queryOutside(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE status = 'COMPLETED' AND workflow_id = 'wf-mix'")).toInt(), 50);
    auto second = store->loadWorkflow(again);
    QVERIFY(second.ok() && second.value().has_value());
    QCOMPARE(toString(second.value()->workflow.status), toString(WorkflowStatus::Completed));
    QCOMPARE(second.value()->tasks.size(), 1);
    QCOMPARE(toString(second.value()->tasks[0].status), toString(TaskStatus::Completed));
}

void StoreSuite::batchLargerThanAStatementWritesEveryRow()
{
    auto store = openStore(kNeverFlushMs, 100000);
    QVERIFY(store);
    // Three full statements and a remainder that takes every smaller one (n/2 ... 1 rows).
    const int rows = 3 * rowsPerStatement(m_backend) + rowsPerStatement(m_backend) - 1;
    const QString wf = QStringLiteral("wf-large");
    store->saveWorkflow(makeWorkflow(wf));
    qint64 seqSum = 0;
    QList<TaskLog> logs;
    for (int i = 0; i < rows; ++i) {
        store->saveTask(makeTask(QStringLiteral("t-%1").arg(i), wf, i));
        seqSum += i;
        logs.append(TaskLog{QStringLiteral("t-%1").arg(i % 7), QStringLiteral("line %1").arg(i), 5000 + i});
    }
    store->appendTaskLogs(logs);
    QCOMPARE(store->stats().pendingRows, 1 + 2 * rows);
    Result<void> r = store->flush();
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    const StoreStats stats = store->stats();
    QCOMPARE(stats.batchesCommitted, 1);
    QCOMPARE(stats.rowsWritten, 1 + 2 * rows);
    QCOMPARE(countRows(QStringLiteral("tasks")), rows);
    QCOMPARE(countRows(QStringLiteral("task_logs")), rows);
    QCOMPARE(queryOutside(QStringLiteral("SELECT SUM(seq) FROM tasks")).toLongLong(), seqSum);
    QCOMPARE(queryOutside(QStringLiteral("SELECT COUNT(DISTINCT id) FROM tasks")).toInt(), rows);
    auto log = store->loadTaskLogs(QStringLiteral("t-3"));
    QVERIFY(log.ok());
    QCOMPARE(log.value().size(), (rows - 3 + 6) / 7);
    QCOMPARE(log.value().first().log, QStringLiteral("line 3"));
}

void StoreSuite::failingRowRollsBackTheWholeBatch()
{
    auto store = openStore(kNeverFlushMs);
    QVERIFY(store);
    const QString wf = QStringLiteral("wf-poison");
    store->saveWorkflow(makeWorkflow(wf));
    QVERIFY(store->flush().ok());

    // A rule the schema does not have, added behind the store's back: one row of the next batch
    // breaks it.
    const bool pg = m_backend == Backend::Postgres;
    QVERIFY(execOutside(pg ? QStringLiteral("ALTER TABLE tasks ADD CONSTRAINT orrery_test_poison CHECK (ref_name <> 'poison')")
                           : QStringLiteral("CREATE TRIGGER orrery_test_poison BEFORE INSERT ON tasks WHEN NEW.ref_name = 'poison' "
                                            "BEGIN SELECT RAISE(ABORT, 'orrery_test_poison refuses the row'); END")));
    for (int i = 0; i < 3; ++i)
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("store write attempt .* failed")));
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("failed; keeping it and retrying")));
    store->saveWorkflow(makeWorkflow(wf, WorkflowStatus::Completed)); // an update, before the tasks
    const int rows = 3 * rowsPerStatement(m_backend) + 5;
    for (int i = 0; i < rows; ++i) {
        Task t = makeTask(QStringLiteral("t-%1").arg(i), wf, i);
        if (i == rows / 2)
            t.referenceTaskName = QStringLiteral("poison");
        store->saveTask(t);
    }
    store->appendTaskLogs({TaskLog{QStringLiteral("t-0"), QStringLiteral("after the tasks"), 9000}});
    Result<void> failed = store->flush();
    QVERIFY(!failed.ok());
    const QString message = failed.error().message;
    QVERIFY2(message.contains(QStringLiteral("orrery_test_poison")), qPrintable(message));
    QVERIFY2(message.contains(QRegularExpression(QStringLiteral("cannot write \\d+ row\\(s\\) to tasks \\(rows \\d+-\\d+ of this batch, "
                                                                "id 't-\\d+'( \\.\\.\\. 't-\\d+')?\\)"))),
             qPrintable(message));
    if (pg) // the server's DETAIL shows the failing row, starting with its id
        QVERIFY2(message.contains(QStringLiteral("Failing row contains (t-%1, wf-poison").arg(rows / 2)), qPrintable(message));

    // Nothing of the batch is there: not the workflow's update before the failing statement, not
    // the rows after it.
    QCOMPARE(countRows(QStringLiteral("tasks")), 0);
    QCOMPARE(countRows(QStringLiteral("task_logs")), 0);
    QCOMPARE(queryOutside(QStringLiteral("SELECT status FROM workflows WHERE id = 'wf-poison'")).toString(),
             toString(WorkflowStatus::Running));
    QCOMPARE(store->stats().pendingRows, 1 + rows + 1);

    // Without the rule the kept batch is written whole.
    QVERIFY(execOutside(pg ? QStringLiteral("ALTER TABLE tasks DROP CONSTRAINT orrery_test_poison")
                           : QStringLiteral("DROP TRIGGER orrery_test_poison")));
    Result<void> r = Error::internal(QString());
    for (int i = 0; i < 20 && !r.ok(); ++i)
        r = store->flush();
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QCOMPARE(countRows(QStringLiteral("tasks")), rows);
    QCOMPARE(countRows(QStringLiteral("task_logs")), 1);
    QCOMPARE(queryOutside(QStringLiteral("SELECT status FROM workflows WHERE id = 'wf-poison'")).toString(),
             toString(WorkflowStatus::Completed));
    QCOMPARE(store->stats().rowsLost, 0);
}
