// The Workflows view in Conductor client mode: a local engine (the console's own) runs against an
// orreryd acting as the Conductor server. The server's executions appear beside the local ones,
// marked Remote (Source column, their own colour); selecting one shows its detail read through
// /api/conductor/remote/workflow/{id} with every local action disabled and the reason; local rows
// are unchanged; without client mode there is no Source other than Local.

#include "BulkWorkflowActions.h"
#include "ExecutionActions.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "LocalEngineClient.h"
#include "MainWindow.h"
#include "OrrerydProcess.h"
#include "UiTestSupport.h"
#include "WorkflowControlActions.h"
#include "core/Clock.h"

#include <QAction>
#include <QBrush>
#include <QDateTime>
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

// One step of a type nobody serves: the workflow stays RUNNING.
QJsonObject definition(const QString &name)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("version"), 1},
            {QStringLiteral("schemaVersion"), 2},
            {QStringLiteral("ownerEmail"), QStringLiteral("ops@localhost")},
            {QStringLiteral("tasks"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("manual_step")},
                                    {QStringLiteral("taskReferenceName"), QStringLiteral("step")},
                                    {QStringLiteral("type"), QStringLiteral("SIMPLE")}}}}};
}
const char *kTaskDefs = R"([{"name": "manual_step", "retryCount": 0, "responseTimeoutSeconds": 3600}])";

int columnOf(QAbstractItemModel *model, const QString &title)
{
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->headerData(c, Qt::Horizontal).toString() == title)
            return c;
    return -1;
}

// A local engine on its own data directory, with no local workers and no demo.
ServerConfig engineConfig(const QTemporaryDir &dir)
{
    ServerConfig config;
    config.dataDir = dir.filePath(QStringLiteral("data"));
    config.port = 0;
    config.loadDemo = false;
    config.localConcurrency = 0;
    return config;
}

QString cell(JsonRowModel *model, const QString &id, int column)
{
    const int row = model->rowOf(id);
    return row < 0 ? QString() : model->index(row, column).data().toString();
}

} // namespace

class TestUiConductorRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void remoteExecutionsBesideLocalOnes()
    {
        QTemporaryDir serverDir, dir;
        QVERIFY(serverDir.isValid() && dir.isValid());
        // The Conductor server, with one execution of its own.
        OrrerydProcess server(serverDir.path(), {QStringLiteral("--local-concurrency"), QStringLiteral("0"), QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QCOMPARE(server.postRaw(QStringLiteral("/api/metadata/taskdefs"), kTaskDefs).status, 200);
        QCOMPARE(server.post(QStringLiteral("/api/metadata/workflow"), definition(QStringLiteral("remote_flow"))).status, 200);
        const auto startedRemote = server.post(QStringLiteral("/api/workflow/remote_flow"), QJsonObject{{QStringLiteral("where"), QStringLiteral("server")}});
        QCOMPARE(startedRemote.status, 200);
        const QString remoteId = QString::fromUtf8(startedRemote.body).trimmed();
        QVERIFY(!remoteId.isEmpty());

        // The console's local engine in client mode against it (no remote workers: nothing runs there).
        SystemClock clock;
        QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        MainWindow window(&clock, &settings);
        ServerConfig config = engineConfig(dir);
        config.conductorUrl = server.baseUrl();
        config.conductor.url = server.baseUrl();
        config.conductor.clientMode = true;
        config.conductor.keyId = QStringLiteral("orrery-client");
        config.conductor.keySecret = QString::fromUtf8(server.token());
        config.conductor.workersPerType = 0;
        auto *client = new LocalEngineClient(config);
        window.setClient(client);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), EngineClient::State::Connected, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(client->role(), QStringLiteral("admin"), 10000);
        QVERIFY(callSync(client, "POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument::fromJson(kTaskDefs).array()).ok());
        QVERIFY(callSync(client, "POST", QStringLiteral("/api/metadata/workflow"), definition(QStringLiteral("local_flow"))).ok());
        auto startedLocal = callSync(client, "POST", QStringLiteral("/api/workflow/local_flow"), QJsonObject{});
        QVERIFY2(startedLocal.ok(), startedLocal.ok() ? "" : qPrintable(startedLocal.error().message));
        const QString localId = startedLocal->toString();

        WorkflowTableModel *rows = window.workflowModel();
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowOf(localId) >= 0, 10000);
        client->resync(); // what Reload (F5) does: asks for client mode, then the server's rows
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowOf(remoteId) >= 0, 15000);
        QVERIFY(client->clientMode());

        const int source = columnOf(rows, QStringLiteral("Source"));
        QVERIFY(source >= 0);
        QCOMPARE(cell(rows, remoteId, source), QStringLiteral("Remote"));
        QCOMPARE(cell(rows, localId, source), QStringLiteral("Local"));
        QCOMPARE(cell(rows, remoteId, 1), QStringLiteral("remote_flow"));
        QCOMPARE(cell(rows, remoteId, 3), QStringLiteral("RUNNING"));
        const QModelIndex remoteType = rows->index(rows->rowOf(remoteId), 1);
        QCOMPARE(remoteType.data(Qt::ForegroundRole).value<QBrush>().color(), WorkflowTableModel::remoteColor());
        QVERIFY(!rows->index(rows->rowOf(localId), 1).data(Qt::ForegroundRole).isValid()); // local rows as before

        // The remote row: detail from the server, every local action disabled with the reason.
        ExecutionsView *view = window.workflowsView();
        const QString reason = QStringLiteral("Remote execution: act on it on the Conductor server");
        {
            QSignalSpy loaded(view, &ExecutionsView::detailLoaded);
            QVERIFY(view->showId(remoteId));
            QVERIFY(loaded.wait(15000) || !loaded.isEmpty());
        }
        QVERIFY2(view->detailInput().contains(QStringLiteral("server")), qPrintable(view->detailInput()));
        for (QAction *a : view->actions()->actions()) {
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
            QVERIFY2(a->toolTip().contains(reason), qPrintable(a->toolTip()));
        }
        for (QAction *a : view->controlActions()->actions()) {
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
            QVERIFY2(a->toolTip().contains(reason), qPrintable(a->toolTip()));
        }
        QVERIFY(view->attempts()->rowCount() >= 1); // the server's task of the run
        // A selection with the remote row: the bulk actions say why too.
        view->table()->selectionModel()->select(view->table()->currentIndex(),
                                                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        for (QAction *a : view->bulkActions()->actions()) {
            QVERIFY(!a->isEnabled());
            QVERIFY2(a->toolTip().contains(reason), qPrintable(a->toolTip()));
        }

        // The local row: unchanged, its actions enabled as always.
        {
            QSignalSpy loaded(view, &ExecutionsView::detailLoaded);
            QVERIFY(view->showId(localId));
            QVERIFY(loaded.wait(15000) || !loaded.isEmpty());
        }
        QTRY_VERIFY(view->actions()->action(ExecutionActions::Action::Pause)->isEnabled());
        QVERIFY(!view->actions()->action(ExecutionActions::Action::Pause)->toolTip().contains(reason));
        QVERIFY(view->actions()->action(ExecutionActions::Action::Terminate)->isEnabled());

        window.setClient(nullptr);
        QTest::qWait(100); // the window deleteLater()s the client it had
    }

    void keyIdWithoutASecretAnywhereIsRefusedClearly()
    {
        // Client mode with a key id whose secret is neither given nor in the keychain: the local
        // engine does not start unauthenticated; it says which entry is missing, and how to fill it.
        QTemporaryDir dir;
        ServerConfig config = engineConfig(dir);
        config.conductor.url = QStringLiteral("http://127.0.0.1:9");
        config.conductor.clientMode = true;
        config.conductor.keyId = QStringLiteral("never-stored-%1").arg(QDateTime::currentMSecsSinceEpoch());
        config.conductor.workersPerType = 0;
        LocalEngineClient client(config);
        QSignalSpy errors(&client, &EngineClient::errorOccurred);
        client.open();
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 30000);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.contains(config.conductor.keyId), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("ORRERY_CONDUCTOR_KEY_SECRET")), qPrintable(message));
        QCOMPARE(client.state(), EngineClient::State::Disconnected);
        QVERIFY(!client.server());
    }

    void withoutClientModeNothingChanges()
    {
        QTemporaryDir dir;
        SystemClock clock;
        QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        MainWindow window(&clock, &settings);
        auto *client = new LocalEngineClient(engineConfig(dir));
        window.setClient(client);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), EngineClient::State::Connected, 30000);
        QVERIFY(callSync(client, "POST", QStringLiteral("/api/metadata/taskdefs"), QJsonDocument::fromJson(kTaskDefs).array()).ok());
        QVERIFY(callSync(client, "POST", QStringLiteral("/api/metadata/workflow"), definition(QStringLiteral("local_flow"))).ok());
        auto started = callSync(client, "POST", QStringLiteral("/api/workflow/local_flow"), QJsonObject{});
        QVERIFY(started.ok());
        WorkflowTableModel *rows = window.workflowModel();
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowOf(started->toString()) >= 0, 10000);
        client->resync();
        QTest::qWait(500);
        QVERIFY(!client->clientMode());
        const int source = columnOf(rows, QStringLiteral("Source"));
        for (int r = 0; r < rows->rowCount(); ++r)
            QCOMPARE(rows->index(r, source).data().toString(), QStringLiteral("Local"));
        window.setClient(nullptr);
        QTest::qWait(100); // the window deleteLater()s the client it had
    }
};

QTEST_MAIN(TestUiConductorRemote)
#include "test_ui_conductor_remote.moc"
