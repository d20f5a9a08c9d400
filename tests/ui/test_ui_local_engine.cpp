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
#include <QTimer>
#include <numeric>

using namespace orrery;

class TestUiLocalEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closingWhileStartingStopsTheEngine()
    {
        QTemporaryDir dir;
        ServerConfig config;
        config.dataDir = dir.filePath(QStringLiteral("data"));
        config.port = 0;
        {
            LocalEngineClient client(config);
            QSignalSpy states(&client, &EngineClient::stateChanged);
            client.open();
            client.close(); // waits for the start on the host thread, then stops that server
            QCOMPARE(client.state(), EngineClient::State::Disconnected);
            QCoreApplication::processEvents(); // a late "started" notice is ignored
            QCOMPARE(client.state(), EngineClient::State::Disconnected);
            QVERIFY(!client.server());
            client.open(); // the same data directory opens again: the first server let it go
            QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Connected, 30000);
            QVERIFY(client.server());
        } // the destructor stops it
        LocalEngineClient again(config);
        again.open();
        QTRY_COMPARE_WITH_TIMEOUT(again.state(), EngineClient::State::Connected, 30000);
    }

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
        // open() returns at once: the engine starts on its own host thread while the window's
        // event loop keeps running (a 5 ms timer ticks during the start).
        int ticks = 0;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&ticks] { ++ticks; });
        tick.start();
        window.setClient(client);
        QCOMPARE(client->state(), EngineClient::State::Connecting);
        QVERIFY(!window.startWorkflowAction()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), EngineClient::State::Connected, 30000);
        QVERIFY(ticks > 0);
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
