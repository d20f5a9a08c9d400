// The DLQ view against a remote orreryd process (REST + the Socket.IO hub): a shell task that
// fails until a marker file exists is dead-lettered, appears in the view under its reason and
// type, and is replayed from the view once the marker exists (dry run → confirm → report); its
// row turns REPLAYED and the workflow completes. A viewer token sees Replay and Purge disabled
// with the reason.

#include "DlqModel.h"
#include "DlqTestSupport.h"
#include "OrrerydProcess.h"
#include "RemoteEngineClient.h"
#include "core/Clock.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeView>

using namespace orrery;
using namespace orrery::test;

class TestUiDlqRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replaysFromTheViewAgainstOrreryd()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
        OrrerydProcess server(dir.filePath(QStringLiteral("data")), {QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        auto r = server.postRaw(QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(dlqTaskDefs()).toJson());
        QVERIFY2(r.status == 200, r.body.constData());
        r = server.post(QStringLiteral("/api/metadata/workflow"), shellWorkflowDef());
        QVERIFY2(r.status == 200, r.body.constData());

        SystemClock clock;
        RemoteEngineClient client(QUrl(server.baseUrl()), QString::fromUtf8(server.token()), &clock);
        client.setPollIntervalMs(250);
        DlqView view;
        view.setClock(&clock);
        QAbstractItemModelTester liveTester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1100, 700);
        view.show(); // a hidden view only reloads once shown
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        connect(&client, &EngineClient::deltas, &view, &DlqView::applyBatch);
        view.setClient(&client);
        client.open();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Connected, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.streaming(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(client.role(), QStringLiteral("admin"), 10000);

        const QString marker = dir.filePath(QStringLiteral("marker"));
        r = server.post(QStringLiteral("/api/workflow/dlq_marker"), markerInput(marker));
        QVERIFY2(r.status == 200, r.body.constData());
        const QString workflowId = QString::fromUtf8(r.body).trimmed();

        // The hub's task_dead_lettered event makes the view reload.
        DlqModel *model = view.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->entryCount(), 1, 30000);
        const QModelIndex group = model->indexOfGroup(QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("shell"));
        QVERIFY(group.isValid());
        const QModelIndex row = model->index(0, 0, group);
        const QJsonObject entry = row.data(DlqModel::RowRole).toJsonObject();
        QCOMPARE(entry.value(QStringLiteral("workflowId")).toString(), workflowId);
        const QString entryId = entry.value(QStringLiteral("id")).toString();

        // Keep REPLAYED rows in the list, then replay the entry from the view.
        auto *status = view.findChild<QComboBox *>(QStringLiteral("dlqStatusFilter"));
        status->setCurrentIndex(status->findData(QStringLiteral("ALL")));
        view.reload();
        QTRY_VERIFY_WITH_TIMEOUT(model->indexOfEntry(entryId).isValid(), 10000);
        view.tree()->selectionModel()->setCurrentIndex(model->indexOfEntry(entryId),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QFile touch(marker);
        QVERIFY(touch.open(QIODevice::WriteOnly));
        touch.close();
        QSignalSpy reports(&view, &DlqView::reportShown);
        QCOMPARE(confirmDlq(&view, [&] { view.findChild<QPushButton *>(QStringLiteral("dlqReplaySelected"))->click(); }),
                 QStringLiteral("1 entry will be replayed."));
        DlqReportDialog *report = waitForReport(reports);
        QVERIFY(report);
        QCOMPARE(report->results()->rowObject(0).value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"));
        QTRY_COMPARE_WITH_TIMEOUT(model->entry(entryId).value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"), 10000);
        const QJsonObject wf = server.waitForWorkflow(workflowId, 30000);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        report->close();

        // A viewer may look but not act: the actions say why they are disabled.
        r = server.post(QStringLiteral("/api/tokens"), QJsonObject{{QStringLiteral("name"), QStringLiteral("dlq-viewer")},
                                                                   {QStringLiteral("role"), QStringLiteral("viewer")}});
        QVERIFY2(r.status == 200, r.body.constData());
        RemoteEngineClient viewer(QUrl(server.baseUrl()), r.json().object().value(QStringLiteral("token")).toString(), &clock);
        DlqView readOnly;
        readOnly.setClient(&viewer);
        viewer.open();
        QTRY_COMPARE_WITH_TIMEOUT(viewer.role(), QStringLiteral("viewer"), 10000);
        auto *replayAll = readOnly.findChild<QPushButton *>(QStringLiteral("dlqReplayMatching"));
        auto *purgeAll = readOnly.findChild<QPushButton *>(QStringLiteral("dlqPurgeMatching"));
        QTRY_VERIFY_WITH_TIMEOUT(!replayAll->isEnabled(), 10000);
        QVERIFY(!purgeAll->isEnabled());
        QVERIFY2(replayAll->toolTip().contains(QStringLiteral("operator")), qPrintable(replayAll->toolTip()));
        QVERIFY2(purgeAll->toolTip().contains(QStringLiteral("admin")), qPrintable(purgeAll->toolTip()));
        readOnly.setClient(nullptr);
        view.setClient(nullptr);
    }
};

QTEST_MAIN(TestUiDlqRemote)
#include "test_ui_dlq_remote.moc"
