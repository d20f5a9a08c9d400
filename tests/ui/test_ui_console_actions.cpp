// The console's operator actions against a real local engine: pause, resume, terminate (with a
// reason), rerun, retry and "rerun from this task" from the Workflows and Tasks views, each
// seen in the rows through live events; live task logs; the dashboard's operating figures; and
// a viewer token (through the same server's HTTP API) sees the actions disabled with the reason.

#include "DashboardView.h"
#include "ExecutionActions.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "LocalEngineClient.h"
#include "MainWindow.h"
#include "OperatingFiguresPanel.h"
#include "RemoteEngineClient.h"
#include "UiTestSupport.h"
#include "core/Clock.h"

#include <QAction>
#include <QDir>
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

// Two steps of a task type no local worker serves: the workflow waits until acted upon.
const char *kTaskDefs = R"([{"name": "manual_step", "retryCount": 0, "responseTimeoutSeconds": 3600}])";
const char *kWorkflow = R"({"name": "console_actions", "version": 1, "schemaVersion": 2, "ownerEmail": "ops@localhost",
  "tasks": [{"name": "manual_step", "taskReferenceName": "first", "type": "SIMPLE"},
            {"name": "manual_step", "taskReferenceName": "second", "type": "SIMPLE"}]})";

QString statusOf(JsonRowModel *model, const QString &id)
{
    const int row = model->rowOf(id);
    return row < 0 ? QString() : model->index(row, 0).data(JsonRowModel::StatusRole).toString();
}

} // namespace

class TestUiConsoleActions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SystemClock m_clock;
    QSettings *m_settings = nullptr;
    MainWindow *m_window = nullptr;
    LocalEngineClient *m_client = nullptr;

    bool select(ExecutionsView *view, const QString &id)
    {
        QSignalSpy loaded(view, &ExecutionsView::detailLoaded);
        if (!view->showId(id))
            return false;
        return loaded.wait(10000) || !loaded.isEmpty();
    }

    // Pulls the next manual_step task as a remote worker would, and completes or fails it.
    QString work(const QString &status)
    {
        auto polled = callSync(m_client, "GET", QStringLiteral("/api/tasks/poll/manual_step"), {},
                               QUrlQuery(QStringLiteral("workerid=test")));
        if (!polled.ok() || !polled->isObject())
            return {};
        const QJsonObject t = polled->toObject();
        const QJsonObject result{{QStringLiteral("taskId"), t.value(QStringLiteral("taskId"))},
                                 {QStringLiteral("workflowInstanceId"), t.value(QStringLiteral("workflowInstanceId"))},
                                 {QStringLiteral("workerId"), QStringLiteral("test")},
                                 {QStringLiteral("status"), status}};
        return callSync(m_client, "POST", QStringLiteral("/api/tasks"), result).ok() ? t.value(QStringLiteral("taskId")).toString()
                                                                                      : QString();
    }

private Q_SLOTS:
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
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), EngineClient::State::Connected, 30000); // the engine starts on its host thread
        QTRY_COMPARE_WITH_TIMEOUT(m_client->role(), QStringLiteral("admin"), 10000);
        QVERIFY(callSync(m_client, "POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument::fromJson(kTaskDefs).array()).ok());
        QVERIFY(callSync(m_client, "POST", QStringLiteral("/api/metadata/workflow"), QJsonDocument::fromJson(kWorkflow).object()).ok());
        for (ExecutionsView *v : {m_window->workflowsView(), m_window->tasksView()})
            v->actions()->setConfirm([](ExecutionActions::Action a, const QString &, QString *reason) {
                if (a == ExecutionActions::Action::Terminate)
                    *reason = QStringLiteral("stopped by the console test");
                return true;
            });
    }

    void cleanupTestCase()
    {
        m_window->setClient(nullptr);
        delete m_window;
    }

    void pauseResumeTerminateRerunRetry()
    {
        auto started = callSync(m_client, "POST", QStringLiteral("/api/workflow/console_actions"), QJsonObject{});
        QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
        const QString id = started->toString();
        WorkflowTableModel *rows = m_window->workflowModel();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, id), QStringLiteral("RUNNING"), 10000);
        ExecutionsView *view = m_window->workflowsView();
        QVERIFY(select(view, id));
        ExecutionActions *actions = view->actions();
        using A = ExecutionActions::Action;
        QVERIFY(actions->action(A::Pause)->isEnabled());
        QVERIFY(!actions->action(A::Resume)->isEnabled());
        QVERIFY(actions->action(A::Resume)->toolTip().contains(QStringLiteral("RUNNING")));
        QVERIFY(!actions->action(A::Retry)->isEnabled());
        QVERIFY(actions->curlFor(A::Pause).contains(QStringLiteral("-X PUT")));
        QVERIFY(actions->curlFor(A::Pause).contains(QStringLiteral("/api/workflow/") + id + QStringLiteral("/pause")));

        QSignalSpy finished(actions, &ExecutionActions::finished);
        actions->action(A::Pause)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, id), QStringLiteral("PAUSED"), 10000);
        QTRY_VERIFY(actions->action(A::Resume)->isEnabled());
        QVERIFY(!actions->action(A::Pause)->isEnabled());
        actions->action(A::Resume)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, id), QStringLiteral("RUNNING"), 10000);

        QTRY_VERIFY(actions->action(A::Terminate)->isEnabled());
        actions->action(A::Terminate)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, id), QStringLiteral("TERMINATED"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(view->actionMessage().contains(QStringLiteral("done")), 10000);
        auto wf = callSync(m_client, "GET", QStringLiteral("/api/workflow/") + id);
        QCOMPARE(wf->toObject().value(QStringLiteral("reasonForIncompletion")).toString(), QStringLiteral("stopped by the console test"));

        // Retry on a terminated workflow: its canceled task runs again.
        QTRY_VERIFY(actions->action(A::Retry)->isEnabled());
        actions->action(A::Retry)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, id), QStringLiteral("RUNNING"), 10000);
        QVERIFY(!work(QStringLiteral("COMPLETED")).isEmpty());
        QVERIFY(!work(QStringLiteral("COMPLETED")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, id), QStringLiteral("COMPLETED"), 10000);

        // Rerun: the whole workflow again, same id.
        QTRY_VERIFY(actions->action(A::Rerun)->isEnabled());
        actions->action(A::Rerun)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, id), QStringLiteral("RUNNING"), 10000);
        wf = callSync(m_client, "GET", QStringLiteral("/api/workflow/") + id);
        QCOMPARE(wf->toObject().value(QStringLiteral("tasks")).toArray().size(), 1);

        // A refused action is reported where it happened, with the server's words.
        finished.clear();
        actions->setTarget(QJsonObject{{QStringLiteral("workflowId"), id}, {QStringLiteral("status"), QStringLiteral("PAUSED")}});
        actions->action(A::Resume)->trigger(); // the workflow is RUNNING: 409
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10000);
        QCOMPARE(finished.first().at(2).toBool(), false);
        QVERIFY(view->actionMessage().contains(QStringLiteral("409")));
        QVERIFY(!work(QStringLiteral("COMPLETED")).isEmpty());
        QVERIFY(!work(QStringLiteral("COMPLETED")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(rows, id), QStringLiteral("COMPLETED"), 10000);
    }

    void rerunFromATaskAndLiveLogs()
    {
        auto started = callSync(m_client, "POST", QStringLiteral("/api/workflow/console_actions"), QJsonObject{});
        const QString id = started->toString();
        const QString first = work(QStringLiteral("COMPLETED"));
        QVERIFY(!first.isEmpty());
        // The second task waits: its log lines appear live in the Tasks view's Logs tab.
        TaskTableModel *tasks = m_window->taskModel();
        QString second;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (int r = 0; r < tasks->rowCount(); ++r) {
                                         const QJsonObject t = tasks->rowObject(r);
                                         if (t.value(QStringLiteral("workflowInstanceId")).toString() == id
                                             && t.value(QStringLiteral("referenceTaskName")).toString() == QLatin1String("second"))
                                             second = t.value(QStringLiteral("taskId")).toString();
                                     }
                                     return !second.isEmpty();
                                 }()),
                                 10000);
        ExecutionsView *view = m_window->tasksView();
        m_window->show();
        m_window->tabs()->setCurrentWidget(view);
        QVERIFY(select(view, second));
        // A worker logs while the task runs: the line shows up without reselecting the task.
        QVERIFY(callSync(m_client, "POST", QStringLiteral("/api/tasks/") + second + QStringLiteral("/log"),
                         QJsonValue(QStringLiteral("placeholder: step two is waiting"))).ok());
        QTRY_VERIFY_WITH_TIMEOUT(view->detailLogs().contains(QStringLiteral("placeholder")), 10000);
        QVERIFY(!work(QStringLiteral("FAILED")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_window->workflowModel(), id), QStringLiteral("FAILED"), 10000);

        // Rerun from the failed task: the first task is kept, the second runs again.
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(tasks, second), QStringLiteral("FAILED"), 10000);
        QVERIFY(select(view, second));
        using A = ExecutionActions::Action;
        QTRY_VERIFY(view->actions()->action(A::RerunFromTask)->isEnabled());
        QVERIFY(view->actions()->curlFor(A::RerunFromTask).contains(QStringLiteral("reRunFromTaskId")));
        view->actions()->action(A::RerunFromTask)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_window->workflowModel(), id), QStringLiteral("RUNNING"), 10000);
        const QString again = work(QStringLiteral("COMPLETED"));
        QVERIFY(!again.isEmpty() && again != second);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(m_window->workflowModel(), id), QStringLiteral("COMPLETED"), 10000);
        auto wf = callSync(m_client, "GET", QStringLiteral("/api/workflow/") + id);
        const QJsonArray all = wf->toObject().value(QStringLiteral("tasks")).toArray();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.first().toObject().value(QStringLiteral("taskId")).toString(), first);
    }

    void dashboardShowsTheOperatingFigures()
    {
        OperatingFiguresPanel *figures = m_window->dashboard()->figures();
        // The server caches store figures for 10 s: reload until the tasks that ended show up.
        QTRY_VERIFY_WITH_TIMEOUT((figures->reload(), figures->cellText(QStringLiteral("taskSuccessRate"), 1).endsWith(QStringLiteral("%"))),
                                 30000);
        QTRY_COMPARE_WITH_TIMEOUT(figures->cellText(QStringLiteral("dlqPerDay"), 2), QStringLiteral("1"), 10000);
        QVERIFY(figures->cellText(QStringLiteral("taskSuccessRate"), 4) == QLatin1String("missed")
                || figures->cellText(QStringLiteral("taskSuccessRate"), 4) == QLatin1String("met"));
        QCOMPARE(figures->cellText(QStringLiteral("dlqPerDay"), 2), QStringLiteral("1")); // the failed manual step
        QCOMPARE(figures->cellText(QStringLiteral("dlqPerDay"), 4), QStringLiteral("met"));
        QVERIFY(figures->counters().retries() >= 1); // the retry and the rerun scheduled new attempts
        QCOMPARE(figures->tileText(QStringLiteral("dlqDepth")), QStringLiteral("1"));

        // A screenshot of the dashboard with the figures of this real engine.
        m_window->resize(1280, 1000);
        m_window->show();
        m_window->tabs()->setCurrentWidget(m_window->dashboard());
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        QCoreApplication::processEvents();
        const QString outDir = qEnvironmentVariable("ORRERY_TEST_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/ui-screenshots");
        QVERIFY(QDir().mkpath(outDir));
        QVERIFY(m_window->grab().save(outDir + QStringLiteral("/dashboard-live.png")));
    }

    void viewerTokenSeesActionsDisabledWithTheReason()
    {
        auto created = callSync(m_client, "POST", QStringLiteral("/api/tokens"),
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("watcher")}, {QStringLiteral("role"), QStringLiteral("viewer")}});
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
        const QString secret = created->toObject().value(QStringLiteral("token")).toString();
        auto *viewer = new RemoteEngineClient(QUrl(m_client->server()->baseUrl()), secret, &m_clock);
        MainWindow window(&m_clock, m_settings);
        window.setClient(viewer);
        QTRY_COMPARE_WITH_TIMEOUT(viewer->state(), EngineClient::State::Connected, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(viewer->role(), QStringLiteral("viewer"), 10000);
        QCOMPARE(window.roleText(), QStringLiteral("Role: viewer"));
        QVERIFY(!window.startWorkflowAction()->isEnabled());
        QVERIFY(window.startWorkflowAction()->toolTip().contains(QStringLiteral("operator")));
        QTRY_VERIFY_WITH_TIMEOUT(window.workflowModel()->rowCount() > 0, 10000);
        ExecutionsView *view = window.workflowsView();
        const QString id = window.workflowModel()->rowObject(0).value(QStringLiteral("workflowId")).toString();
        QVERIFY(select(view, id));
        using A = ExecutionActions::Action;
        for (A a : {A::Retry, A::Rerun, A::Pause, A::Resume, A::Terminate}) {
            QVERIFY(!view->actions()->action(a)->isEnabled());
            QVERIFY2(view->actions()->action(a)->toolTip().contains(QStringLiteral("operator")),
                     qPrintable(view->actions()->action(a)->toolTip()));
        }
        window.setClient(nullptr);
    }
};

QTEST_MAIN(TestUiConsoleActions)
#include "test_ui_console_actions.moc"
