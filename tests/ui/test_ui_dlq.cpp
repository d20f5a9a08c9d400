// The DLQ view: its models under QAbstractItemModelTester, the request bodies of its operations,
// and real actions against a local engine: a shell task that fails until a marker file exists is
// dead-lettered, shows up grouped under its reason and type, is replayed from the view after
// the marker is created (dry run → confirm → report) and its row turns REPLAYED while the
// workflow completes; a terminal failure is purged; a paced bulk replay is cancelled; everything
// matching a filter is replayed as a server job and purged. Saves ui-screenshots/dlq.png.

#include "DlqDetailModels.h"
#include "DlqDetailPane.h"
#include "DlqModel.h"
#include "DlqTestSupport.h"
#include "UiTestSupport.h"
#include "LocalEngineClient.h"
#include "core/Clock.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>

using namespace orrery;
using namespace orrery::test;

namespace {

QJsonObject entry(const QString &id, const QString &reason, const QString &type, const QString &status, qint64 lastMs)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("reasonClass"), reason},
                       {QStringLiteral("taskType"), type},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("workflowType"), QStringLiteral("wf")},
                       {QStringLiteral("referenceTaskName"), type + QStringLiteral("_ref")},
                       {QStringLiteral("attemptCount"), 2},
                       {QStringLiteral("deadCount"), 1},
                       {QStringLiteral("lastFailureTime"), double(lastMs)},
                       {QStringLiteral("lastError"), QStringLiteral("boom")}};
}

QString startSync(EngineClient *client, const QString &name, const QJsonObject &input)
{
    auto r = callSync(client, "POST", QStringLiteral("/api/workflow/") + name, input);
    return r.ok() ? r->toString() : QString();
}

QString workflowStatus(EngineClient *client, const QString &id)
{
    auto r = callSync(client, "GET", QStringLiteral("/api/workflow/") + id);
    return r.ok() ? r->toObject().value(QStringLiteral("status")).toString() : r.error().message;
}

// The entry of `workflowId` in the view's model (empty id when not loaded).
QJsonObject entryOf(DlqModel *model, const QString &workflowId)
{
    std::function<QJsonObject(const QModelIndex &)> find = [&](const QModelIndex &parent) -> QJsonObject {
        for (int r = 0; r < model->rowCount(parent); ++r) {
            const QModelIndex i = model->index(r, 0, parent);
            const QJsonObject e = i.data(DlqModel::RowRole).toJsonObject();
            if (e.value(QStringLiteral("workflowId")).toString() == workflowId)
                return e;
            if (QJsonObject found = find(i); !found.isEmpty())
                return found;
        }
        return {};
    };
    return find({});
}

void select(DlqView *view, const QModelIndex &index)
{
    view->tree()->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void setStatusFilter(DlqView *view, const QString &status, const QString &reason = {})
{
    auto *s = view->findChild<QComboBox *>(QStringLiteral("dlqStatusFilter"));
    s->setCurrentIndex(s->findData(status));
    auto *r = view->findChild<QComboBox *>(QStringLiteral("dlqReasonFilter"));
    r->setCurrentIndex(reason.isEmpty() ? 0 : r->findData(reason));
    QSignalSpy reloaded(view, &DlqView::reloaded);
    view->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), 10000);
}

} // namespace

class TestUiDlq : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelGroupsAndUpdatesInPlace()
    {
        DlqModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries({entry(QStringLiteral("a"), QStringLiteral("TERMINAL"), QStringLiteral("http"), QStringLiteral("DEAD"), 3000),
                          entry(QStringLiteral("b"), QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("shell"), QStringLiteral("DEAD"), 2000),
                          entry(QStringLiteral("c"), QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("http"), QStringLiteral("REPLAYED"), 1000),
                          entry(QStringLiteral("d"), QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("http"), QStringLiteral("DEAD"), 500)});
        QCOMPARE(model.rowCount(), 2);
        // The engine's reason order, types alphabetically, counts and statuses per group.
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("RETRIES_EXHAUSTED"));
        QCOMPARE(model.index(0, DlqModel::CountColumn).data().toInt(), 3);
        const QModelIndex httpGroup = model.indexOfGroup(QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("http"));
        QCOMPARE(httpGroup.row(), 0);
        QCOMPARE(model.rowCount(httpGroup), 2);
        QCOMPARE(model.index(httpGroup.row(), DlqModel::StatusColumn, httpGroup.parent()).data().toString(), QStringLiteral("DEAD 1, REPLAYED 1"));
        QCOMPARE(model.entryIdsUnder(model.index(0, 0)), (QStringList{QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("b")}));
        QCOMPARE(model.indexOfEntry(QStringLiteral("a")).parent(), model.indexOfGroup(QStringLiteral("TERMINAL"), QStringLiteral("http")));

        // Same shape, new statuses: updated in place (no reset, indexes stay valid).
        QPersistentModelIndex d = model.indexOfEntry(QStringLiteral("d"));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setEntries({entry(QStringLiteral("a"), QStringLiteral("TERMINAL"), QStringLiteral("http"), QStringLiteral("DEAD"), 3000),
                          entry(QStringLiteral("b"), QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("shell"), QStringLiteral("DEAD"), 2000),
                          entry(QStringLiteral("c"), QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("http"), QStringLiteral("REPLAYED"), 1000),
                          entry(QStringLiteral("d"), QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("http"), QStringLiteral("REPLAYED"), 500)});
        QCOMPARE(resets.count(), 0);
        QVERIFY(changes.count() > 0);
        QVERIFY(d.isValid());
        QCOMPARE(d.data(DlqModel::StatusRole).toString(), QStringLiteral("REPLAYED"));

        // One merged summary (a replay's answer).
        QVERIFY(model.updateEntry(QJsonObject{{QStringLiteral("id"), QStringLiteral("b")}, {QStringLiteral("status"), QStringLiteral("REPLAYED")}}));
        QCOMPARE(model.entry(QStringLiteral("b")).value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"));
        QCOMPARE(model.index(0, DlqModel::StatusColumn).data().toString(), QStringLiteral("REPLAYED 3"));
        QVERIFY(!model.updateEntry(QJsonObject{{QStringLiteral("id"), QStringLiteral("zz")}}));
        // A reopened entry with another reason moves to its group.
        QVERIFY(model.updateEntry(QJsonObject{{QStringLiteral("id"), QStringLiteral("b")}, {QStringLiteral("reasonClass"), QStringLiteral("TIMED_OUT")}}));
        QVERIFY(model.indexOfGroup(QStringLiteral("TIMED_OUT"), QStringLiteral("shell")).isValid());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.entryCount(), 4);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void detailModelsPassTheTester()
    {
        DlqAttemptModel attempts;
        DlqReplayModel replays;
        DlqResultModel results;
        QAbstractItemModelTester t1(&attempts, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&replays, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(&results, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonObject a = DlqAttemptModel::fromAttempt(
            QJsonObject{{QStringLiteral("taskId"), QStringLiteral("t1")}, {QStringLiteral("attempt"), 1}, {QStringLiteral("status"), QStringLiteral("FAILED")},
                        {QStringLiteral("startTime"), 1700000000000.0}, {QStringLiteral("endTime"), 0.0},
                        {QStringLiteral("errorDetail"), QJsonObject{{QStringLiteral("exitCode"), 1}, {QStringLiteral("errorCode"), QStringLiteral("exit_code")}}}});
        QCOMPARE(a.value(QStringLiteral("code")).toString(), QStringLiteral("exit 1, exit_code"));
        QVERIFY(a.value(QStringLiteral("endTime")).isNull());
        attempts.applyRows({a}, true);
        QCOMPARE(attempts.rowCount(), 1);
        replays.applyRows({DlqReplayModel::fromReplay(QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("409")}}, 1)}, true);
        QCOMPARE(replays.index(0, 5).data().toString(), QStringLiteral("FAILED"));
        results.applyRows({QJsonObject{{QStringLiteral("id"), QStringLiteral("x")}, {QStringLiteral("status"), QStringLiteral("PURGED")}}}, true);
        QCOMPARE(results.rowCount(), 1);
    }

    void operationBodiesAndCurl()
    {
        DlqOperation ids(nullptr, DlqOperation::Action::Purge, {{QStringLiteral("e1"), QStringLiteral("e2")}, {}}, 5);
        // A purge of a selection counts the selected entries whatever their status.
        QCOMPARE(ids.dryRunBody().value(QStringLiteral("status")).toString(), QStringLiteral("ALL"));
        QCOMPARE(ids.dryRunBody().value(QStringLiteral("ids")).toArray().size(), 2);
        QVERIFY(!ids.isBulkFilter());
        DlqOperation everything(nullptr, DlqOperation::Action::Replay, {{}, QJsonObject{{QStringLiteral("status"), QJsonArray{QStringLiteral("DEAD")}}}}, 20);
        QVERIFY(everything.bulkBody().value(QStringLiteral("all")).toBool());
        QCOMPARE(everything.bulkBody().value(QStringLiteral("ratePerSecond")).toDouble(), 20.0);
        QVERIFY(!everything.dryRunBody().contains(QStringLiteral("ratePerSecond")));
        QVERIFY(everything.dryRunBody().value(QStringLiteral("dryRun")).toBool());
        DlqOperation filtered(nullptr, DlqOperation::Action::Purge, {{}, QJsonObject{{QStringLiteral("reason"), QJsonArray{QStringLiteral("TERMINAL")}}}}, 0);
        QVERIFY(!filtered.bulkBody().contains(QStringLiteral("all")));
        QVERIFY(!filtered.bulkBody().contains(QStringLiteral("ratePerSecond")));
        QSignalSpy failed(&filtered, &DlqOperation::failed);
        filtered.dryRun();
        QCOMPARE(failed.count(), 1); // no engine: said, not crashed
    }

    void replaysAndPurgesAgainstALocalEngine();
};

void TestUiDlq::replaysAndPurgesAgainstALocalEngine()
{
    QTemporaryDir dir;
    ServerConfig config;
    config.dataDir = dir.filePath(QStringLiteral("data"));
    config.port = 0;
    config.loadDemo = false;
    auto client = std::make_unique<LocalEngineClient>(config);
    client->open();
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), EngineClient::State::Connected, 30000); // the engine starts on its host thread
    QVERIFY2(callSync(client.get(), "POST", QStringLiteral("/api/metadata/taskdefs"), dlqTaskDefs()).ok(), "taskdefs");
    for (const QJsonObject &def : {shellWorkflowDef(), httpWorkflowDef()}) {
        auto r = callSync(client.get(), "POST", QStringLiteral("/api/metadata/workflow"), def);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    }

    SystemClock clock;
    DlqView view;
    view.setClock(&clock);
    QAbstractItemModelTester liveTester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.resize(1280, 800);
    view.show(); // a hidden view only reloads once shown
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setClient(client.get());
    connect(client.get(), &EngineClient::deltas, &view, &DlqView::applyBatch);
    QTRY_COMPARE_WITH_TIMEOUT(client->role(), QStringLiteral("admin"), 10000);

    const QString marker = dir.filePath(QStringLiteral("marker"));
    const QString flaky = startSync(client.get(), QStringLiteral("dlq_marker"), markerInput(marker));
    const QString terminal = startSync(client.get(), QStringLiteral("dlq_marker"), terminalInput());
    const QString http = startSync(client.get(), QStringLiteral("order_sync"),
                                   QJsonObject{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:1/orders/42")}});
    QVERIFY(!flaky.isEmpty() && !terminal.isEmpty() && !http.isEmpty());

    // The dead letters arrive through task_dead_lettered events (the view reloads by itself).
    DlqModel *model = view.model();
    QTRY_VERIFY_WITH_TIMEOUT(model->entryCount() == 3, 30000);
    const QJsonObject flakyEntry = entryOf(model, flaky);
    QCOMPARE(flakyEntry.value(QStringLiteral("reasonClass")).toString(), QStringLiteral("RETRIES_EXHAUSTED"));
    const QString flakyId = flakyEntry.value(QStringLiteral("id")).toString();
    QCOMPARE(model->indexOfEntry(flakyId).parent(), model->indexOfGroup(QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("shell")));
    QVERIFY(model->indexOfGroup(QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("http")).isValid());
    const QString terminalId = entryOf(model, terminal).value(QStringLiteral("id")).toString();
    QCOMPARE(model->indexOfEntry(terminalId).parent(), model->indexOfGroup(QStringLiteral("TERMINAL"), QStringLiteral("shell")));
    QCOMPARE(workflowStatus(client.get(), flaky), QStringLiteral("FAILED"));

    // Its detail: the attempt with its worker, times and error.
    setStatusFilter(&view, QStringLiteral("ALL"));
    QSignalSpy detailLoaded(view.detail(), &DlqDetailPane::loaded);
    select(&view, model->indexOfEntry(flakyId));
    QTRY_VERIFY_WITH_TIMEOUT(!detailLoaded.isEmpty(), 10000);
    QCOMPARE(view.detail()->attempts()->rowCount(), 1);
    const QJsonObject attempt = view.detail()->attempts()->rowObject(0);
    QCOMPARE(attempt.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
    QVERIFY(attempt.value(QStringLiteral("error")).toString().contains(QStringLiteral("missing")));
    QVERIFY(!attempt.value(QStringLiteral("workerId")).toString().isEmpty());
    QVERIFY(!attempt.value(QStringLiteral("startTime")).toString().isEmpty());
    QVERIFY(view.curlFor(DlqView::CurlTarget::ReplaySelection).contains(QStringLiteral("/api/dlq/%1/replay").arg(flakyId)));
    QVERIFY(view.curlFor(DlqView::CurlTarget::List).contains(QStringLiteral("status=ALL")));

    // Fix the cause, then replay from the view: dry-run count 1, confirm, per-item report.
    QFile touch(marker);
    QVERIFY(touch.open(QIODevice::WriteOnly));
    touch.close();
    QSignalSpy reports(&view, &DlqView::reportShown);
    auto *replayButton = view.findChild<QPushButton *>(QStringLiteral("dlqReplaySelected"));
    QVERIFY(replayButton->isEnabled());
    QCOMPARE(confirmDlq(&view, [&] { replayButton->click(); }), QStringLiteral("1 entry will be replayed."));
    DlqReportDialog *report = waitForReport(reports);
    QVERIFY(report);
    QCOMPARE(report->results()->rowCount(), 1);
    QCOMPARE(report->results()->rowObject(0).value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"));
    report->close();
    // The row turns REPLAYED, the task runs again and the workflow completes.
    QTRY_COMPARE_WITH_TIMEOUT(model->entry(flakyId).value(QStringLiteral("status")).toString(), QStringLiteral("REPLAYED"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(workflowStatus(client.get(), flaky), QStringLiteral("COMPLETED"), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(view.detail()->replays()->rowCount(), 1, 10000);
    QVERIFY(!view.detail()->replays()->rowObject(0).value(QStringLiteral("newTaskId")).toString().isEmpty());
    // A REPLAYED entry cannot be replayed again: the dry run finds nothing, and the view says so.
    QSignalSpy confirmations(&view, &DlqView::confirmationShown);
    view.replaySelection();
    QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("Nothing to replay")), 10000);
    QCOMPARE(confirmations.count(), 0);
    QVERIFY(!view.operation());

    // Two more terminal failures: three entries under TERMINAL / shell.
    const QStringList more{startSync(client.get(), QStringLiteral("dlq_marker"), terminalInput()),
                           startSync(client.get(), QStringLiteral("dlq_marker"), terminalInput())};
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount(model->indexOfGroup(QStringLiteral("TERMINAL"), QStringLiteral("shell"))) == 3, 30000);

    // The screenshot: three groups under two reasons, the detail of the http entry (3 attempts).
    const QString httpId = entryOf(model, http).value(QStringLiteral("id")).toString();
    select(&view, model->indexOfEntry(httpId));
    QTRY_COMPARE_WITH_TIMEOUT(view.detail()->currentId(), httpId, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(view.detail()->attempts()->rowCount(), 3, 10000);
    QVERIFY(view.detail()->attempts()->rowObject(2).value(QStringLiteral("error")).toString().contains(QStringLiteral("127.0.0.1:1")));
    const QString outDir = qEnvironmentVariable("ORRERY_TEST_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/ui-screenshots");
    QVERIFY(QDir().mkpath(outDir));
    QVERIFY(view.grab().save(outDir + QStringLiteral("/dlq.png")));

    // A selection of a REPLAYED and a DEAD entry: the dry run counts 1; per item, the DEAD one is
    // replayed and the other is reported with the server's refusal.
    view.tree()->selectionModel()->clearSelection();
    for (const QString &id : {flakyId, httpId})
        view.tree()->selectionModel()->select(model->indexOfEntry(id), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(view.selectedIds().size(), 2);
    QCOMPARE(confirmDlq(&view, [&] { view.replaySelection(); }), QStringLiteral("1 entry will be replayed."));
    report = waitForReport(reports);
    QVERIFY(report);
    QVERIFY2(report->summary().contains(QStringLiteral("1 of 2 entries replayed, 1 failed")), qPrintable(report->summary()));
    const QJsonObject refused = report->results()->rowObject(report->results()->rowOf(flakyId));
    QCOMPARE(refused.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
    QVERIFY2(refused.value(QStringLiteral("detail")).toString().contains(QStringLiteral("only DEAD entries")),
             qPrintable(refused.value(QStringLiteral("detail")).toString()));
    QCOMPARE(report->results()->rowObject(report->results()->rowOf(httpId)).value(QStringLiteral("status")).toString(),
             QStringLiteral("REPLAYED"));
    report->close();

    // A paced replay of the group (3 entries, 1 per second), cancelled after the first answer:
    // the rest is reported as not sent.
    view.findChild<QSpinBox *>(QStringLiteral("dlqRate"))->setValue(1);
    select(&view, model->indexOfGroup(QStringLiteral("TERMINAL"), QStringLiteral("shell")));
    QCOMPARE(view.selectedIds().size(), 3);
    QCOMPARE(confirmDlq(&view, [&] { view.replaySelection(); }), QStringLiteral("3 entries will be replayed."));
    QVERIFY(view.operation());
    QVERIFY(!view.findChild<QProgressBar *>(QStringLiteral("dlqProgress"))->isHidden());
    connect(view.operation(), &DlqOperation::itemDone, &view, [&view] { view.cancelOperation(); }, Qt::QueuedConnection);
    report = waitForReport(reports);
    QVERIFY(report);
    QVERIFY2(report->summary().contains(QStringLiteral("Cancelled")), qPrintable(report->summary()));
    int notSent = 0;
    for (int r = 0; r < report->results()->rowCount(); ++r)
        notSent += report->results()->rowObject(r).value(QStringLiteral("status")).toString() == QLatin1String("NOT_SENT");
    QCOMPARE(notSent, 2);
    report->close();

    // Purge one entry: dry run 1, confirm, gone.
    QTRY_VERIFY_WITH_TIMEOUT(model->indexOfEntry(terminalId).isValid(), 10000);
    select(&view, model->indexOfEntry(terminalId));
    QCOMPARE(confirmDlq(&view, [&] { view.findChild<QPushButton *>(QStringLiteral("dlqPurgeSelected"))->click(); }),
             QStringLiteral("1 entry will be purged."));
    report = waitForReport(reports);
    QVERIFY(report);
    QCOMPARE(report->results()->rowObject(0).value(QStringLiteral("status")).toString(), QStringLiteral("PURGED"));
    report->close();
    QTRY_VERIFY_WITH_TIMEOUT(!model->indexOfEntry(terminalId).isValid(), 10000);

    // Everything matching a filter: replayed as a server job (they fail again: still TERMINAL)...
    setStatusFilter(&view, QStringLiteral("DEAD"), QStringLiteral("TERMINAL"));
    QTRY_COMPARE_WITH_TIMEOUT(model->entryCount(), 2, 10000); // the replayed one failed again: DEAD
    QCOMPARE(confirmDlq(&view, [&] { view.replayMatching(); }), QStringLiteral("2 entries will be replayed."));
    report = waitForReport(reports);
    QVERIFY(report);
    QVERIFY2(report->summary().contains(QStringLiteral("replay-")), qPrintable(report->summary()));
    report->close();
    // ... and purged, whatever their status now; cancelling at the confirmation does nothing.
    setStatusFilter(&view, QStringLiteral("ALL"), QStringLiteral("TERMINAL"));
    QCOMPARE(confirmDlq(&view, [&] { view.purgeMatching(); }, false), QStringLiteral("%1 entries will be purged.").arg(2));
    QVERIFY(!view.operation());
    QCOMPARE(confirmDlq(&view, [&] { view.purgeMatching(); }), QStringLiteral("%1 entries will be purged.").arg(2));
    report = waitForReport(reports);
    QVERIFY(report);
    QVERIFY2(report->summary().contains(QStringLiteral("2 of 2")), qPrintable(report->summary()));
    report->close();
    QTRY_COMPARE_WITH_TIMEOUT(model->entryCount(), 0, 10000);
    QVERIFY(view.errorText().isEmpty());
    view.setClient(nullptr);
}

QTEST_MAIN(TestUiDlq)
#include "test_ui_dlq.moc"
