#include "store/PendingBatch.h"

#include <QTest>

using namespace orrery;

namespace {

Task task(const QString &id, const QString &wf, TaskStatus status = TaskStatus::Scheduled)
{
    Task t;
    t.taskId = id;
    t.workflowInstanceId = wf;
    t.status = status;
    return t;
}

Workflow workflow(const QString &id, WorkflowStatus status = WorkflowStatus::Running)
{
    Workflow wf;
    wf.workflowId = id;
    wf.status = status;
    return wf;
}

TaskDef taskDef(const QString &name, int retries)
{
    TaskDef d;
    d.name = name;
    d.retryCount = retries;
    return d;
}

} // namespace

class TestPendingBatch : public QObject
{
    Q_OBJECT

private slots:
    void laterChangeToTheSameRowWins()
    {
        PendingBatch b;
        QVERIFY(b.isEmpty());
        b.saveTask(task(QStringLiteral("t1"), QStringLiteral("w")));
        b.saveTask(task(QStringLiteral("t1"), QStringLiteral("w"), TaskStatus::InProgress));
        b.saveTask(task(QStringLiteral("t1"), QStringLiteral("w"), TaskStatus::Completed));
        b.saveTask(task(QStringLiteral("t2"), QStringLiteral("w")));
        b.saveWorkflow(workflow(QStringLiteral("w")));
        b.saveWorkflow(workflow(QStringLiteral("w"), WorkflowStatus::Completed));
        QCOMPARE(b.rowCount(), 3);
        QCOMPARE(b.submittedCount(), 6);
        QCOMPARE(b.segments().size(), size_t(1));
        const auto &seg = b.segments().front();
        QCOMPARE(toString(seg.tasks.value(QStringLiteral("t1")).status), toString(TaskStatus::Completed));
        QCOMPARE(toString(seg.workflows.value(QStringLiteral("w")).status), toString(WorkflowStatus::Completed));
    }

    void logsAreAppendedNotCoalesced()
    {
        PendingBatch b;
        b.appendTaskLogs({TaskLog{QStringLiteral("t"), QStringLiteral("a"), 1}, TaskLog{QStringLiteral("t"), QStringLiteral("b"), 2}});
        b.appendTaskLogs({TaskLog{QStringLiteral("t"), QStringLiteral("a"), 1}});
        b.appendTaskLogs({});
        QCOMPARE(b.rowCount(), 3);
        QCOMPARE(b.submittedCount(), 3);
        QCOMPARE(b.segments().front().logs.size(), 3);
    }

    void removalDropsEarlierWorkflowUpsertAndLaterChangesOpenASegment()
    {
        PendingBatch b;
        b.saveWorkflow(workflow(QStringLiteral("w")));
        b.saveTask(task(QStringLiteral("t1"), QStringLiteral("w")));
        b.removeWorkflow(QStringLiteral("w"));
        b.removeWorkflow(QStringLiteral("w"));
        b.removeWorkflow(QStringLiteral("x"));
        QCOMPARE(b.segments().size(), size_t(1));
        QVERIFY(!b.segments()[0].workflows.contains(QStringLiteral("w")));
        QCOMPARE(b.segments()[0].removedWorkflows.size(), 2);
        QCOMPARE(b.rowCount(), 3); // t1 and two removals
        b.saveWorkflow(workflow(QStringLiteral("w"), WorkflowStatus::Paused));
        b.saveTask(task(QStringLiteral("t1"), QStringLiteral("w"), TaskStatus::InProgress));
        QCOMPARE(b.segments().size(), size_t(2));
        QCOMPARE(toString(b.segments()[1].workflows.value(QStringLiteral("w")).status), toString(WorkflowStatus::Paused));
        QCOMPARE(toString(b.segments()[1].tasks.value(QStringLiteral("t1")).status), toString(TaskStatus::InProgress));
        QCOMPARE(b.rowCount(), 5);
        // A removal right after joins the open segment (it runs after that segment's upserts).
        b.removeWorkflow(QStringLiteral("y"));
        QCOMPARE(b.segments().size(), size_t(2));
    }

    void definitionsAndTokensCoalesceWithRemovals()
    {
        PendingBatch b;
        b.saveTaskDef(taskDef(QStringLiteral("a"), 1));
        b.removeTaskDef(QStringLiteral("a"));
        b.saveTaskDef(taskDef(QStringLiteral("b"), 2));
        b.removeTaskDef(QStringLiteral("c"));
        b.removeWorkflowDef(QStringLiteral("wf"), 2);
        WorkflowDef def;
        def.name = QStringLiteral("wf");
        def.version = 2;
        b.saveWorkflowDef(def);
        b.saveToken(TokenRecord{QStringLiteral("k"), QStringLiteral("one"), {}, QStringLiteral("viewer"), {}, 1, 0, false});
        b.saveToken(TokenRecord{QStringLiteral("k"), QStringLiteral("two"), {}, QStringLiteral("admin"), {}, 1, 0, true});
        QCOMPARE(b.rowCount(), 5);
        QVERIFY(!b.taskDefs().value(QStringLiteral("a")).has_value());
        QCOMPARE(b.taskDefs().value(QStringLiteral("b"))->retryCount, 2);
        QVERIFY(b.workflowDefs().value({QStringLiteral("wf"), 2}).has_value());
        QCOMPARE(b.tokens().value(QStringLiteral("k")).name, QStringLiteral("two"));
    }

    void mergeOlderKeepsNewerChangesOnTop()
    {
        PendingBatch older;
        older.saveTask(task(QStringLiteral("t1"), QStringLiteral("w"), TaskStatus::InProgress));
        older.saveTask(task(QStringLiteral("t2"), QStringLiteral("w")));
        older.saveTaskDef(taskDef(QStringLiteral("a"), 1));
        older.saveTaskDef(taskDef(QStringLiteral("b"), 1));
        older.appendTaskLogs({TaskLog{QStringLiteral("t1"), QStringLiteral("old"), 1}});
        int olderCalls = 0;
        older.addWaiter([&olderCalls](Result<void>) { ++olderCalls; });

        PendingBatch newer;
        newer.saveTask(task(QStringLiteral("t1"), QStringLiteral("w"), TaskStatus::Completed));
        newer.removeTaskDef(QStringLiteral("a"));
        newer.appendTaskLogs({TaskLog{QStringLiteral("t1"), QStringLiteral("new"), 2}});
        int newerCalls = 0;
        newer.addWaiter([&newerCalls](Result<void>) { ++newerCalls; });

        newer.mergeOlder(std::move(older));
        QVERIFY(older.isEmpty());
        QCOMPARE(newer.segments().size(), size_t(1));
        const auto &seg = newer.segments().front();
        QCOMPARE(seg.tasks.size(), 2);
        QCOMPARE(toString(seg.tasks.value(QStringLiteral("t1")).status), toString(TaskStatus::Completed));
        QCOMPARE(seg.logs.size(), 2);
        QCOMPARE(seg.logs[0].log, QStringLiteral("old"));
        QCOMPARE(seg.logs[1].log, QStringLiteral("new"));
        QVERIFY(!newer.taskDefs().value(QStringLiteral("a")).has_value());
        QVERIFY(newer.taskDefs().value(QStringLiteral("b")).has_value());
        QCOMPARE(newer.rowCount(), 6);
        QCOMPARE(newer.submittedCount(), 8);
        for (auto &w : newer.takeWaiters())
            w({});
        QCOMPARE(olderCalls, 1);
        QCOMPARE(newerCalls, 1);
        QVERIFY(!newer.hasWaiters());
    }

    void mergeOlderKeepsRemovalOrder()
    {
        // older: save w, remove w.  newer: save w again. The new life must survive the merge.
        PendingBatch older;
        older.saveTask(task(QStringLiteral("t-old"), QStringLiteral("w")));
        older.removeWorkflow(QStringLiteral("w"));
        PendingBatch newer;
        newer.saveWorkflow(workflow(QStringLiteral("w"), WorkflowStatus::Paused));
        newer.removeWorkflow(QStringLiteral("gone"));
        newer.mergeOlder(std::move(older));
        QCOMPARE(newer.segments().size(), size_t(2));
        QVERIFY(newer.segments()[0].removedWorkflows.contains(QStringLiteral("w")));
        QVERIFY(newer.segments()[1].workflows.contains(QStringLiteral("w")));
        QVERIFY(newer.segments()[1].removedWorkflows.contains(QStringLiteral("gone")));
        QCOMPARE(newer.rowCount(), 4);
    }

    void waitersOnlyBatchIsNotEmptyButHasNoChanges()
    {
        PendingBatch b;
        b.addWaiter([](Result<void>) {});
        QVERIFY(!b.isEmpty());
        QVERIFY(!b.hasChanges());
        QCOMPARE(b.takeWaiters().size(), size_t(1));
        QVERIFY(b.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPendingBatch)
#include "test_pending_batch.moc"
