// The same action against a remote orreryd process: the console attaches over REST + the
// Socket.IO hub, starts the demo health_check workflow and sees it reach COMPLETED; when the server dies the client
// reconnects with a growing backoff.

#include "ExecutionModels.h"
#include "MainWindow.h"
#include "OrrerydProcess.h"
#include "RemoteEngineClient.h"
#include "StartWorkflowDialog.h"
#include "core/Clock.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

class TestUiRemoteEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsHealthCheckRemotelyAndReconnects()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
        test::OrrerydProcess server(dir.filePath(QStringLiteral("data")));
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        SystemClock clock;
        MainWindow window(&clock, &settings);
        auto *client = new RemoteEngineClient(QUrl(server.baseUrl()), QString::fromUtf8(server.token()), &clock);
        client->setPollIntervalMs(250);
        window.setClient(client);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), EngineClient::State::Connected, 10000);
        // Live events come from the server's Socket.IO hub (an admin token joins /admin).
        QTRY_VERIFY_WITH_TIMEOUT(client->streaming(), 10000);
        QVERIFY(client->liveSource().contains(QStringLiteral("/admin")));

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
        WorkflowTableModel *wf = window.workflowModel();
        QTRY_VERIFY_WITH_TIMEOUT(wf->rowOf(id) >= 0
                                     && wf->index(wf->rowOf(id), 0).data(JsonRowModel::StatusRole).toString() == QLatin1String("COMPLETED"),
                                 60000);

        // It got there through hub events: stop nothing, but check task rows arrived too.
        int tasksOfRun = 0;
        for (int r = 0; r < window.taskModel()->rowCount(); ++r)
            tasksOfRun += window.taskModel()->rowObject(r).value(QStringLiteral("workflowInstanceId")).toString() == id;
        QCOMPARE(tasksOfRun, 3);

        // A bad token is reported, not retried forever.
        RemoteEngineClient bad(QUrl(server.baseUrl()), QStringLiteral("orr_wrong"), &clock);
        QSignalSpy badError(&bad, &EngineClient::errorOccurred);
        bad.open();
        QTRY_COMPARE_WITH_TIMEOUT(badError.count(), 1, 10000);
        QVERIFY(badError.at(0).at(0).toString().contains(QStringLiteral("401")));
        QCOMPARE(bad.state(), EngineClient::State::Disconnected);

        server.kill();
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), EngineClient::State::Reconnecting, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(client->currentBackoffMs() >= 4000, 15000); // 1 s, then 2 s, then doubled again
        window.setClient(nullptr);
    }
};

QTEST_MAIN(TestUiRemoteEngine)
#include "test_ui_remote_engine.moc"
