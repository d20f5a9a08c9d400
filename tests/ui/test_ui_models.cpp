// Models of the console fed by batched deltas, each watched by QAbstractItemModelTester.

#include "EventBatcher.h"
#include "ExecutionModels.h"
#include "RowFilterProxy.h"
#include "ThroughputSeries.h"
#include "core/Clock.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace orrery;

namespace {

QJsonObject wf(const QString &id, const QString &type, const QString &status)
{
    return {{QStringLiteral("workflowId"), id}, {QStringLiteral("workflowType"), type}, {QStringLiteral("status"), status},
            {QStringLiteral("version"), 1}};
}

} // namespace

class TestUiModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mergesDeltasAndResyncs()
    {
        WorkflowTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.applyRows({wf("a", "t1", "RUNNING"), wf("b", "t2", "RUNNING"), wf("a", "t1", "PAUSED")});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 1); // one insert for the whole batch
        QCOMPARE(model.index(model.rowOf("a"), 3).data().toString(), QStringLiteral("PAUSED"));

        // A partial row (an event) keeps the fields it does not carry.
        model.applyRows({{{QStringLiteral("workflowId"), "b"}, {QStringLiteral("status"), "COMPLETED"}},
                         {{QStringLiteral("workflowId"), "a"}, {QStringLiteral("status"), "RUNNING"}},
                         wf("c", "t1", "FAILED")});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(changed.count(), 1); // rows 0 and 1 form one contiguous run
        const int b = model.rowOf("b");
        QCOMPARE(model.index(b, 1).data().toString(), QStringLiteral("t2"));
        QCOMPARE(model.index(b, 0).data(JsonRowModel::StatusRole).toString(), QStringLiteral("COMPLETED"));

        QCOMPARE(model.statusCounts().value("COMPLETED"), 1);
        QCOMPARE(model.statusCounts().value("RUNNING"), 1);
        QCOMPARE(model.statusCounts().value("FAILED"), 1);
        QVERIFY(!model.statusCounts().contains("PAUSED"));
        model.applyRows({wf("z", "t9", "RUNNING")}, true);
        QCOMPARE(model.statusCounts().value("RUNNING"), 1);
        QCOMPARE(model.statusCounts().size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf("a"), -1);
        QCOMPARE(model.rowOf("z"), 0);
        model.applyRows({{{QStringLiteral("status"), "RUNNING"}}}); // no key: ignored
        QCOMPARE(model.rowCount(), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void filtersCombine()
    {
        TaskTableModel model;
        RowFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<QJsonObject> rows;
        for (int i = 0; i < 60; ++i)
            rows.append({{QStringLiteral("taskId"), QStringLiteral("task-%1").arg(i, 3, 10, QLatin1Char('0'))},
                         {QStringLiteral("taskType"), i % 3 == 0 ? "http" : "shell"},
                         {QStringLiteral("status"), i % 2 == 0 ? "COMPLETED" : "FAILED"},
                         {QStringLiteral("workerId"), i % 5 == 0 ? "worker-blue" : "worker-red"}});
        model.applyRows(rows);
        QCOMPARE(proxy.rowCount(), 60);
        proxy.setStatuses({QStringLiteral("COMPLETED")});
        QCOMPARE(proxy.rowCount(), 30);
        proxy.setType(QStringLiteral("http")); // i % 6 == 0
        QCOMPARE(proxy.rowCount(), 10);
        proxy.setText(QStringLiteral("BLUE")); // i % 30 == 0
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setIdPrefix(QStringLiteral("task-03"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("task-030"));
        // Live changes flow through the filter.
        model.applyRows({{{QStringLiteral("taskId"), "task-030"}, {QStringLiteral("status"), "FAILED"}}});
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setStatuses({});
        proxy.setType({});
        proxy.setText({});
        proxy.setIdPrefix({});
        QCOMPARE(proxy.rowCount(), 60);
    }

    void batcherCoalescesEventsById()
    {
        EventBatcher batcher;
        const qint64 t = 1'700'000'000'000;
        auto taskEvent = [&](const QString &name, const QString &id, const QString &status) {
            return EngineEvent{name, QStringLiteral("p1"), t,
                               {{QStringLiteral("taskId"), id}, {QStringLiteral("workflowId"), "w1"},
                                {QStringLiteral("taskType"), "http"}, {QStringLiteral("status"), status}}};
        };
        batcher.add(EngineEvent{QStringLiteral("workflow_started"), {}, t,
                                {{QStringLiteral("workflowId"), "w1"}, {QStringLiteral("status"), "RUNNING"}}});
        batcher.add(taskEvent(QStringLiteral("task_created"), QStringLiteral("t1"), QStringLiteral("SCHEDULED")));
        batcher.add(taskEvent(QStringLiteral("task_started"), QStringLiteral("t1"), QStringLiteral("IN_PROGRESS")));
        batcher.add(taskEvent(QStringLiteral("task_completed"), QStringLiteral("t1"), QStringLiteral("COMPLETED")));
        batcher.add(taskEvent(QStringLiteral("task_failed"), QStringLiteral("t2"), QStringLiteral("FAILED")));
        batcher.add(EngineEvent{QStringLiteral("heartbeat"), {}, t, {}});
        const DeltaBatch b = batcher.take();
        QCOMPARE(b.workflows.size(), 1);
        QCOMPARE(b.tasks.size(), 2);
        QCOMPARE(b.tasks.at(0).value("status").toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(b.tasks.at(0).value("workflowInstanceId").toString(), QStringLiteral("w1"));
        QVERIFY(b.tasks.at(0).contains("scheduledTime")); // kept from task_created
        QCOMPARE(b.tasksCompleted, 1);
        QCOMPARE(b.tasksFailed, 1);
        QCOMPARE(b.timeMs, t);
        QVERIFY(batcher.take().isEmpty());
    }

    void throughputBucketsBySecond()
    {
        ManualClock clock(1'700'000'000'000);
        ThroughputSeries s(&clock, 900);
        s.record(3, 1);
        clock.setMs(clock.nowMs() + 400); // same second
        s.record(2, 0);
        clock.setMs(clock.nowMs() + 1000);
        s.record(7, 2);
        auto done = s.completedPerSecond();
        auto failed = s.failedPerSecond();
        QCOMPARE(int(done.size()), 900);
        QCOMPARE(done.back(), 7);
        QCOMPARE(done[done.size() - 2], 5);
        QCOMPARE(failed[failed.size() - 2], 1);
        QCOMPARE(failed.back(), 2);
        // 15 minutes later everything has scrolled out.
        clock.setMs(clock.nowMs() + 900'000);
        done = s.completedPerSecond();
        QCOMPARE(std::accumulate(done.begin(), done.end(), 0), 0);
        // 10 s later, a sample sits 10 s before the end.
        s.record(4, 0);
        clock.setMs(clock.nowMs() + 10'000);
        done = s.completedPerSecond();
        QCOMPARE(done[done.size() - 11], 4);
        QCOMPARE(std::accumulate(done.begin(), done.end(), 0), 4);
    }
};

QTEST_GUILESS_MAIN(TestUiModels)
#include "test_ui_models.moc"
