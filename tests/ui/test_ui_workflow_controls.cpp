// The console's finer workflow controls: the task graph (TaskTreeModel) with fork branches, switch
// cases and loop iterations; and, against a real local engine, skip a task picked in that tree,
// reset callbacks, signal (no waiting task: the error is shown; a WAIT task: it completes with the
// typed output), terminate-and-remove, and the bulk pause/resume/terminate/retry of the selected
// rows of the Workflows view.

#include "BulkWorkflowActions.h"
#include "ExecutionDetailPane.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "LocalEngineClient.h"
#include "MainWindow.h"
#include "RowFilterProxy.h"
#include "TaskTreeModel.h"
#include "UiTestSupport.h"
#include "WorkflowControlActions.h"
#include "core/Clock.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

const char *kTaskDefs = R"([{"name": "control_step", "retryCount": 0, "responseTimeoutSeconds": 3600}])";
const char *kWorkflow = R"({"name": "console_controls", "version": 1, "schemaVersion": 2,
  "tasks": [{"name": "control_step", "taskReferenceName": "first"},
            {"name": "control_step", "taskReferenceName": "second"}]})";

// A workflow JSON as GET /api/workflow/{id} gives it: a fork of two branches, its join, a loop
// that ran twice, a switch, and a task the definition does not name.
const char *kGraph = R"({"workflowId": "g1", "status": "RUNNING",
  "workflowDefinition": {"name": "graph", "tasks": [
    {"name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN",
     "forkTasks": [[{"name": "a", "taskReferenceName": "a1"}, {"name": "a", "taskReferenceName": "a2"}],
                   [{"name": "b", "taskReferenceName": "b1"}]]},
    {"name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["a2", "b1"]},
    {"name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE", "loopCondition": "false",
     "loopOver": [{"name": "l", "taskReferenceName": "l1"}]},
    {"name": "sw", "taskReferenceName": "sw", "type": "SWITCH", "evaluatorType": "value-param", "expression": "x",
     "decisionCases": {"yes": [{"name": "c", "taskReferenceName": "c1"}]},
     "defaultCase": [{"name": "d", "taskReferenceName": "d1"}]}]},
  "tasks": [
    {"taskId": "t1", "referenceTaskName": "fork", "taskType": "FORK", "status": "COMPLETED"},
    {"taskId": "t2", "referenceTaskName": "a1", "taskType": "a", "status": "COMPLETED"},
    {"taskId": "t3", "referenceTaskName": "b1", "taskType": "b", "status": "COMPLETED"},
    {"taskId": "t4", "referenceTaskName": "a2", "taskType": "a", "status": "FAILED"},
    {"taskId": "t5", "referenceTaskName": "a2", "taskType": "a", "status": "COMPLETED"},
    {"taskId": "t6", "referenceTaskName": "join", "taskType": "JOIN", "status": "COMPLETED"},
    {"taskId": "t7", "referenceTaskName": "loop", "taskType": "DO_WHILE", "status": "IN_PROGRESS"},
    {"taskId": "t8", "referenceTaskName": "l1__1", "taskType": "l", "status": "COMPLETED"},
    {"taskId": "t9", "referenceTaskName": "l1__2", "taskType": "l", "status": "SCHEDULED"},
    {"taskId": "t10", "referenceTaskName": "dyn_x", "taskType": "x", "status": "SCHEDULED"}]})";

QString cell(const QAbstractItemModel &m, const QModelIndex &parent, int row, int column)
{
    return m.index(row, column, parent).data().toString();
}

QString statusOf(JsonRowModel *model, const QString &id)
{
    const int row = model->rowOf(id);
    return row < 0 ? QString() : model->index(row, 0).data(JsonRowModel::StatusRole).toString();
}

} // namespace

class TestUiWorkflowControls : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SystemClock m_clock;
    QSettings *m_settings = nullptr;
    MainWindow *m_window = nullptr;
    LocalEngineClient *m_client = nullptr;

    QString startWorkflow()
    {
        auto started = callSync(m_client, "POST", QStringLiteral("/api/workflow/console_controls"), QJsonObject{});
        return started.ok() ? started->toString() : QString();
    }
    QJsonObject workflow(const QString &id)
    {
        auto wf = callSync(m_client, "GET", QStringLiteral("/api/workflow/") + id);
        return wf.ok() ? wf->toObject() : QJsonObject();
    }
    bool select(ExecutionsView *view, const QString &id)
    {
        QSignalSpy loaded(view, &ExecutionsView::detailLoaded);
        if (!view->showId(id))
            return false;
        return loaded.wait(10000) || !loaded.isEmpty();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = new QSettings(m_dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat, this);
        m_window = new MainWindow(&m_clock, m_settings);
        ServerConfig config;
        config.dataDir = m_dir.filePath(QStringLiteral("data"));
        config.port = 0;
        m_client = new LocalEngineClient(config);
        m_window->setClient(m_client);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), EngineClient::State::Connected, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->role(), QStringLiteral("admin"), 10000);
        QVERIFY(callSync(m_client, "POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument::fromJson(kTaskDefs).array()).ok());
        QVERIFY(callSync(m_client, "POST", QStringLiteral("/api/metadata/workflow"), QJsonDocument::fromJson(kWorkflow).object()).ok());
        m_window->workflowsView()->controlActions()->setConfirm([](WorkflowControlActions::Action a, const QString &, QString *text) {
            if (a == WorkflowControlActions::Action::Signal)
                *text = QStringLiteral("{\"approved\": true}");
            if (a == WorkflowControlActions::Action::TerminateRemove)
                *text = QStringLiteral("removed by the console test");
            return true;
        });
        m_window->workflowsView()->bulkActions()->setConfirm([](BulkWorkflowActions::Action a, int, QString *reason) {
            if (a == BulkWorkflowActions::Action::Terminate)
                *reason = QStringLiteral("bulk stop from the console test");
            return true;
        });
    }

    void cleanupTestCase()
    {
        m_window->setClient(nullptr);
        delete m_window;
    }

    void taskTreeNestsBranchesCasesAndIterations()
    {
        TaskTreeModel m;
        m.setWorkflow(QJsonDocument::fromJson(kGraph).object());
        QCOMPARE(m.rowCount(), 5); // fork, join, loop, sw, "Other tasks"
        QCOMPARE(cell(m, {}, 0, TaskTreeModel::RefColumn), QStringLiteral("fork"));
        QCOMPARE(cell(m, {}, 0, TaskTreeModel::TypeColumn), QStringLiteral("FORK_JOIN"));
        const QModelIndex fork = m.index(0, 0);
        QCOMPARE(m.rowCount(fork), 2);
        QCOMPARE(cell(m, fork, 0, 0), QStringLiteral("Branch 1"));
        const QModelIndex branch1 = m.index(0, 0, fork);
        QCOMPARE(m.rowCount(branch1), 2);
        QCOMPARE(cell(m, branch1, 1, TaskTreeModel::RefColumn), QStringLiteral("a2"));
        QCOMPARE(cell(m, branch1, 1, TaskTreeModel::StatusColumn), QStringLiteral("COMPLETED")); // the latest attempt
        QCOMPARE(cell(m, branch1, 1, TaskTreeModel::AttemptsColumn), QStringLiteral("2"));
        QCOMPARE(m.parent(m.index(1, 0, branch1)), branch1);
        QCOMPARE(m.parent(branch1), fork);

        const QModelIndex loop = m.index(2, 0);
        QCOMPARE(m.rowCount(loop), 2);
        QCOMPARE(cell(m, loop, 1, 0), QStringLiteral("Iteration 2"));
        const QModelIndex second = m.index(1, 0, loop);
        QCOMPARE(cell(m, second, 0, TaskTreeModel::RefColumn), QStringLiteral("l1__2"));
        QCOMPARE(cell(m, second, 0, TaskTreeModel::StatusColumn), QStringLiteral("SCHEDULED"));
        QCOMPARE(m.taskAt(m.index(0, 0, second)).value(QStringLiteral("taskId")).toString(), QStringLiteral("t9"));

        const QModelIndex sw = m.index(3, 0);
        QCOMPARE(m.rowCount(sw), 2);
        QCOMPARE(cell(m, sw, 0, 0), QStringLiteral("Case yes"));
        QCOMPARE(cell(m, m.index(0, 0, sw), 0, TaskTreeModel::StatusColumn), QStringLiteral("not scheduled"));
        QCOMPARE(cell(m, sw, 1, 0), QStringLiteral("Default case"));

        QCOMPARE(cell(m, {}, 4, 0), QStringLiteral("Other tasks"));
        QCOMPARE(cell(m, m.index(4, 0), 0, 0), QStringLiteral("dyn_x"));
        QVERIFY(m.index(4, 0).data(TaskTreeModel::IsGroupRole).toBool());
        QCOMPARE(m.findRef(QStringLiteral("l1__1")).parent(), m.index(0, 0, loop));
        QVERIFY(!m.findRef(QStringLiteral("nope")).isValid());
    }

    void skipPickedTaskResetCallbacksSignalAndRemove()
    {
        const QString id = startWorkflow();
        QVERIFY(!id.isEmpty());
        ExecutionsView *view = m_window->workflowsView();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_window->workflowModel(), id), QStringLiteral("RUNNING"), 10000);
        QVERIFY(select(view, id));
        WorkflowControlActions *controls = view->controlActions();
        using A = WorkflowControlActions::Action;
        QVERIFY(!controls->action(A::SkipTask)->isEnabled());
        QVERIFY(controls->action(A::SkipTask)->toolTip().contains(QStringLiteral("Pick a task")));
        QVERIFY(controls->action(A::ResetCallbacks)->isEnabled());
        QVERIFY(controls->action(A::TerminateRemove)->isEnabled());
        QVERIFY(controls->curlFor(A::ResetCallbacks).contains(QStringLiteral("/api/workflow/") + id + QStringLiteral("/resetcallbacks")));

        TaskTreeModel *tree = view->detail()->taskTree();
        QTRY_VERIFY_WITH_TIMEOUT(tree->findRef(QStringLiteral("first")).isValid(), 10000);
        QCOMPARE(tree->findRef(QStringLiteral("second")).siblingAtColumn(TaskTreeModel::StatusColumn).data().toString(),
                 QStringLiteral("not scheduled"));
        controls->setSelectedTask(tree->taskAt(tree->findRef(QStringLiteral("first"))));
        QVERIFY(controls->action(A::SkipTask)->isEnabled());
        QVERIFY(controls->curlFor(A::SkipTask).contains(QStringLiteral("/skiptask/first")));
        controls->action(A::SkipTask)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(view->actionMessage().contains(QStringLiteral("done")), 10000);
        const QJsonArray tasks = workflow(id).value(QStringLiteral("tasks")).toArray();
        QCOMPARE(tasks.first().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("SKIPPED"));
        QCOMPARE(tasks.size(), 2); // the workflow went on with "second"

        controls->action(A::ResetCallbacks)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(view->actionMessage().contains(QStringLiteral("Reset callbacks: done")), 10000);

        QTRY_VERIFY_WITH_TIMEOUT(controls->action(A::Signal)->isEnabled(), 10000);
        controls->action(A::Signal)->trigger(); // no WAIT/HUMAN task: the server's reason is shown
        QTRY_VERIFY_WITH_TIMEOUT(view->actionMessage().contains(QStringLiteral("no pending WAIT or HUMAN task")), 10000);

        controls->action(A::TerminateRemove)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(view->actionMessage().contains(QStringLiteral("Terminate and remove: done")), 10000);
        auto gone = callSync(m_client, "GET", QStringLiteral("/api/workflow/") + id);
        QVERIFY(!gone.ok());
        QVERIFY(gone.error().message.contains(QStringLiteral("not found")));
    }

    void signalCompletesTheWaitingTask()
    {
        const QJsonObject def{{QStringLiteral("name"), QStringLiteral("console_wait")},
                              {QStringLiteral("version"), 1},
                              {QStringLiteral("schemaVersion"), 2},
                              {QStringLiteral("tasks"),
                               QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("hold")},
                                                      {QStringLiteral("taskReferenceName"), QStringLiteral("hold")},
                                                      {QStringLiteral("type"), QStringLiteral("WAIT")}},
                                          QJsonObject{{QStringLiteral("name"), QStringLiteral("control_step")},
                                                      {QStringLiteral("taskReferenceName"), QStringLiteral("after")}}}}};
        auto registered = callSync(m_client, "POST", QStringLiteral("/api/metadata/workflow"), def);
        if (!registered.ok() && registered.error().message.contains(QStringLiteral("WAIT")))
            QSKIP("WAIT is not a system task of this engine yet");
        QVERIFY2(registered.ok(), registered.ok() ? "" : qPrintable(registered.error().message));
        auto started = callSync(m_client, "POST", QStringLiteral("/api/workflow/console_wait"), QJsonObject{});
        QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
        const QString id = started->toString();
        ExecutionsView *view = m_window->workflowsView();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_window->workflowModel(), id), QStringLiteral("RUNNING"), 10000);
        QVERIFY(select(view, id));
        WorkflowControlActions *controls = view->controlActions();
        QTRY_VERIFY_WITH_TIMEOUT(controls->action(WorkflowControlActions::Action::Signal)->isEnabled(), 10000);
        QVERIFY(controls->curlFor(WorkflowControlActions::Action::Signal).contains(QStringLiteral("/COMPLETED/signal")));
        controls->action(WorkflowControlActions::Action::Signal)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(view->actionMessage().contains(QStringLiteral("Signal: done")), 10000);
        QJsonObject hold;
        for (const QJsonValue &t : workflow(id).value(QStringLiteral("tasks")).toArray())
            if (t.toObject().value(QStringLiteral("referenceTaskName")).toString() == QLatin1String("hold"))
                hold = t.toObject();
        QCOMPARE(hold.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(hold.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("approved")).toBool(), true);
        QTRY_VERIFY_WITH_TIMEOUT(view->detail()->taskTree()->findRef(QStringLiteral("after")).isValid(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(view->detail()->taskTree()->findRef(QStringLiteral("after"))
                                      .siblingAtColumn(TaskTreeModel::StatusColumn).data().toString(),
                                  QStringLiteral("SCHEDULED"), 10000);
    }

    void bulkActionsOnSelectedRows()
    {
        const QString a = startWorkflow();
        const QString b = startWorkflow();
        ExecutionsView *view = m_window->workflowsView();
        JsonRowModel *rows = m_window->workflowModel();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, a), QStringLiteral("RUNNING"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, b), QStringLiteral("RUNNING"), 10000);
        BulkWorkflowActions *bulk = view->bulkActions();
        using B = BulkWorkflowActions::Action;
        view->table()->clearSelection();
        QVERIFY(!bulk->action(B::Pause)->isEnabled());
        QVERIFY(bulk->action(B::Pause)->toolTip().contains(QStringLiteral("Select one or more")));
        for (const QString &id : {a, b}) {
            const QModelIndex i = view->proxy()->mapFromSource(rows->index(rows->rowOf(id), 0));
            view->table()->selectionModel()->select(i, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QCOMPARE(bulk->selection().size(), 2);
        QVERIFY(bulk->action(B::Pause)->isEnabled());

        QSignalSpy finished(bulk, &BulkWorkflowActions::finished);
        bulk->action(B::Pause)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, a), QStringLiteral("PAUSED"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, b), QStringLiteral("PAUSED"), 10000);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("2 of 2 workflows paused."));
        bulk->action(B::Resume)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, b), QStringLiteral("RUNNING"), 10000);
        bulk->action(B::Terminate)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, a), QStringLiteral("TERMINATED"), 10000);
        QCOMPARE(workflow(a).value(QStringLiteral("reasonForIncompletion")).toString(), QStringLiteral("bulk stop from the console test"));
        bulk->action(B::Retry)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, a), QStringLiteral("RUNNING"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 10000);
        // A partial failure names the workflow and the reason.
        const QJsonObject partial{{QStringLiteral("bulkSuccessfulResults"), QJsonArray{a}},
                                  {QStringLiteral("bulkErrorResults"), QJsonObject{{b, QStringLiteral("Cannot pause")}}}};
        QCOMPARE(BulkWorkflowActions::summary(QStringLiteral("paused"), 2, partial),
                 QStringLiteral("1 of 2 workflows paused. Not done: %1: Cannot pause").arg(b));
    }
};

QTEST_MAIN(TestUiWorkflowControls)
#include "test_ui_workflow_controls.moc"
