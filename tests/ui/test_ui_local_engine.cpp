// Drives a real action against a local engine: the console starts the demo health_check
// workflow from its Start dialog and sees the row reach COMPLETED through the batched events.

#include "DashboardView.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "LocalEngineClient.h"
#include "MainWindow.h"
#include "StartWorkflowDialog.h"
#include "ThroughputSeries.h"
#include "core/Clock.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QTabWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <numeric>

using namespace orrery;

class TestUiLocalEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsHealthCheckAndSeesItComplete()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        SystemClock clock;
        MainWindow window(&clock, &settings);
        ServerConfig config;
        config.dataDir = dir.filePath(QStringLiteral("data"));
        config.port = 0;
        auto *client = new LocalEngineClient(config);
        window.setClient(client);
        QCOMPARE(client->state(), EngineClient::State::Connected);
        QVERIFY(window.startWorkflowAction()->isEnabled());

        window.startWorkflowAction()->trigger();
        auto *dialog = window.findChild<StartWorkflowDialog *>();
        QVERIFY(dialog);
        auto *name = dialog->findChild<QComboBox *>(QStringLiteral("workflowName"));
        QTRY_VERIFY_WITH_TIMEOUT(name->findText(QStringLiteral("health_check")) >= 0, 10000);
        name->setCurrentText(QStringLiteral("health_check"));
        QSignalSpy started(dialog, &StartWorkflowDialog::started);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10000);
        const QString id = started.at(0).at(0).toString();
        QVERIFY(!id.isEmpty());

        WorkflowTableModel *wf = window.workflowModel();
        QTRY_VERIFY_WITH_TIMEOUT(wf->rowOf(id) >= 0
                                     && wf->index(wf->rowOf(id), 0).data(JsonRowModel::StatusRole).toString() == QLatin1String("COMPLETED"),
                                 60000);
        QCOMPARE(wf->index(wf->rowOf(id), 1).data().toString(), QStringLiteral("health_check"));
        // Its three tasks arrived as task deltas and were counted as completed.
        int completedTasks = 0;
        for (int r = 0; r < window.taskModel()->rowCount(); ++r) {
            const QJsonObject t = window.taskModel()->rowObject(r);
            if (t.value(QStringLiteral("workflowInstanceId")).toString() == id && t.value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED"))
                ++completedTasks;
        }
        QCOMPARE(completedTasks, 3);
        const auto done = window.throughput()->completedPerSecond();
        QVERIFY(std::accumulate(done.begin(), done.end(), 0) >= 3);
        window.dashboard()->refresh();
        QVERIFY(window.dashboard()->countText(QStringLiteral("workflow"), QStringLiteral("COMPLETED")).contains(QStringLiteral("<b>1</b>")));

        // The detail: input/output JSON and the task list with attempts.
        QSignalSpy loaded(window.workflowsView(), &ExecutionsView::detailLoaded);
        QVERIFY(window.workflowsView()->showId(id));
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QCOMPARE(window.workflowsView()->attempts()->rowCount(), 3);
        QVERIFY(window.workflowsView()->detailOutput().contains(QStringLiteral("healthStatus")));
        QVERIFY(window.workflowsView()->detailInput().contains(QStringLiteral("/healthz")));

        // A screenshot of the live view with the detail of a real run.
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.tabs()->setCurrentWidget(window.workflowsView());
        window.workflowsView()->findChild<QTabWidget *>()->setCurrentIndex(2);
        QCoreApplication::processEvents();
        const QString outDir = qEnvironmentVariable("ORRERY_TEST_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/ui-screenshots");
        QVERIFY(QDir().mkpath(outDir));
        QVERIFY(window.grab().save(outDir + QStringLiteral("/workflows-local-detail.png")));
        window.setClient(nullptr);
    }
};

QTEST_MAIN(TestUiLocalEngine)
#include "test_ui_local_engine.moc"
