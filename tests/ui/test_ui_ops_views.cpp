// The operations views: Breakers, Workers and Audit. Their models under QAbstractItemModelTester
// (keyed refreshes, the half-open countdown in virtual time), then real actions against a local
// engine (force open / force close / reset a breaker, the local pool, the audit entry of the
// action), and a viewer token against an orreryd process (actions disabled with the reason, the
// audit log not requested and the reason shown).

#include "AuditTableModel.h"
#include "AuditView.h"
#include "BreakerTableModel.h"
#include "BreakersView.h"
#include "LocalEngineClient.h"
#include "OrrerydProcess.h"
#include "PoolTypeModel.h"
#include "RemoteEngineClient.h"
#include "TimeText.h"
#include "WorkerTableModel.h"
#include "WorkersView.h"
#include "core/Clock.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QToolButton>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

namespace {

QJsonObject breaker(const QString &name, const QString &state, int failures, qint64 sinceMs)
{
    QJsonObject b{{"name", name}, {"state", state}, {"stateSinceMs", double(sinceMs)},
                  {"config", QJsonObject{{"failureThreshold", 5}, {"failureRateThreshold", 50}, {"minimumCalls", 10},
                                         {"resetTimeoutSeconds", 60}, {"halfOpenProbes", 1}}},
                  {"calls", failures * 3}, {"successes", failures * 2}, {"failures", failures}, {"ignoredFailures", 0},
                  {"rejections", failures / 2}, {"trips", failures > 0 ? 1 : 0}, {"consecutiveFailures", failures},
                  {"halfOpenProbesInFlight", 0},
                  {"window", QJsonObject{{"calls", failures * 3}, {"failures", failures}, {"failureRatePercent", failures ? 33.3 : 0.0}}},
                  {"recentFailures", QJsonArray{}}};
    if (failures > 0) {
        b.insert("lastFailure", QJsonObject{{"timeMs", double(sinceMs)}, {"message", "HTTP 503"}});
        b.insert("recentFailures", QJsonArray{QJsonObject{{"timeMs", double(sinceMs)}, {"message", "HTTP 503"}, {"counted", true}}});
    }
    return b;
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("ORRERY_TEST_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/ui-screenshots");
    QDir().mkpath(dir);
    return dir;
}

QPushButton *buttonOf(QWidget *view, const char *name)
{
    return view->findChild<QPushButton *>(QLatin1String(name));
}

} // namespace

class TestUiOpsViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void breakerModelKeepsRowsAndCountsDown()
    {
        ManualClock clock(1'700'000'000'000);
        BreakerTableModel model(&clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const qint64 now = clock.nowMs();
        QJsonObject open = breaker("http:api.example.com", "OPEN", 5, now - 20'000);
        open.insert("msUntilHalfOpen", 40'000.0);
        open.insert("openedAtMs", double(now - 20'000));
        model.setStatus({{"breakers", QJsonArray{breaker("store", "CLOSED", 0, now - 3'600'000), open}}, {"count", 2}, {"open", 1}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(BreakerTableModel::ColumnCount));
        QCOMPARE(model.stateOf("http:api.example.com"), QStringLiteral("OPEN"));
        const QModelIndex countdown = model.index(model.rowOf("http:api.example.com"), BreakerTableModel::HalfOpenIn);
        QCOMPARE(countdown.data().toString(), QStringLiteral("40 s"));
        QCOMPARE(model.index(model.rowOf("http:api.example.com"), BreakerTableModel::FailureRate).data().toString(), QStringLiteral("33.3%"));
        QCOMPARE(model.index(model.rowOf("http:api.example.com"), BreakerTableModel::LastFailure).data().toString(),
                 QStringLiteral("HTTP 503 (20 s ago)"));

        // The countdown ticks on the injected clock, not on a new status.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        clock.advanceMs(15'000);
        model.tick();
        QVERIFY(!changed.isEmpty());
        QCOMPARE(model.msUntilHalfOpen("http:api.example.com"), 25'000);
        QCOMPARE(countdown.data().toString(), QStringLiteral("25 s"));
        QVERIFY(!model.countdownDue());
        clock.advanceMs(25'000);
        QVERIFY(model.countdownDue());
        QCOMPARE(countdown.data().toString(), QStringLiteral("now"));

        // A refresh keeps rows in place, removes vanished ones and appends new ones.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setStatus({{"breakers", QJsonArray{breaker("http:api.example.com", "HALF_OPEN", 5, clock.nowMs()),
                                                 breaker("task:charge", "FORCED_OPEN", 0, clock.nowMs())}}});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf("store"), -1);
        QCOMPARE(model.msUntilHalfOpen("http:api.example.com"), -1);
        QCOMPARE(model.index(model.rowOf("task:charge"), BreakerTableModel::HalfOpenIn).data().toString(),
                 QStringLiteral("until closed or reset"));
        // No last failure: the last transition's reason (from a breaker_state_changed event).
        model.noteTransition({{"name", "task:charge"}, {"from", "CLOSED"}, {"to", "FORCED_OPEN"}, {"reason", "forced open by alice"}});
        QVERIFY(model.index(model.rowOf("task:charge"), BreakerTableModel::LastFailure).data().toString().contains("forced open by alice"));
        QCOMPARE(model.index(model.rowOf("task:charge"), BreakerTableModel::State).data(Qt::ForegroundRole).value<QBrush>().color(),
                 BreakerTableModel::stateColor("FORCED_OPEN"));
        model.updateBreaker(breaker("task:charge", "CLOSED", 0, clock.nowMs()));
        QCOMPARE(model.stateOf("task:charge"), QStringLiteral("CLOSED"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void workerAndPoolModels()
    {
        ManualClock clock(1'700'000'000'000);
        WorkerTableModel workers(&clock);
        PoolTypeModel types;
        QAbstractItemModelTester t1(&workers, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester t2(&types, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const QJsonObject pool{{"state", "running"}, {"maxConcurrent", 16}, {"inFlight", 3}, {"running", 2}, {"queued", 1},
                               {"completed", 120}, {"failed", 4}, {"failedTerminal", 1}, {"blockingThreads", 4},
                               {"handlers", QJsonArray{"http", "noop", "shell"}},
                               {"types", QJsonObject{{"http", QJsonObject{{"maxConcurrent", 16}, {"inFlight", 3}, {"queued", 1},
                                                                         {"running", 2}, {"completed", 100}, {"failed", 4},
                                                                         {"failedTerminal", 1}}}}}};
        const QJsonObject page{
            {"totalHits", 2},
            {"results", QJsonArray{QJsonObject{{"workerId", "billing-1"}, {"kind", "remote"}, {"taskTypes", QJsonArray{"charge"}},
                                               {"domains", QJsonArray{}}, {"lastPollTime", double(clock.nowMs() - 3'000)},
                                               {"pollCount", 42}, {"tasksHandedOut", 7}, {"inFlight", 2},
                                               {"inFlightByType", QJsonObject{{"charge", 2}}}},
                                   QJsonObject{{"workerId", "orrery-local"}, {"kind", "local"}, {"taskTypes", QJsonArray{"http", "noop", "shell"}},
                                               {"domains", QJsonArray{}}, {"lastPollTime", QJsonValue()}, {"pollCount", QJsonValue()},
                                               {"tasksHandedOut", QJsonValue()}, {"inFlight", 3}, {"inFlightByType", QJsonObject{}},
                                               {"pool", pool}}}}};
        QSignalSpy poolChanged(&workers, &WorkerTableModel::localPoolChanged);
        workers.setPage(page);
        QCOMPARE(workers.rowCount(), 2);
        QCOMPARE(poolChanged.count(), 1);
        QCOMPARE(workers.localPool().value("maxConcurrent").toInt(), 16);
        const int remote = workers.rowOf("billing-1");
        QCOMPARE(workers.index(remote, WorkerTableModel::LastPoll).data().toString(), QStringLiteral("3 s ago"));
        QCOMPARE(workers.index(remote, WorkerTableModel::InFlight).data().toLongLong(), 2);
        QVERIFY(!workers.index(remote, WorkerTableModel::Capacity).data().isValid());
        const int local = workers.rowOf("orrery-local");
        QCOMPARE(workers.index(local, WorkerTableModel::Capacity).data().toLongLong(), 16);
        QCOMPARE(workers.index(local, WorkerTableModel::Queued).data().toLongLong(), 1);
        clock.advanceMs(120'000);
        workers.tick();
        QCOMPARE(workers.index(remote, WorkerTableModel::LastPoll).data().toString(), QStringLiteral("2 min ago"));
        workers.setPage(page); // unchanged: no new pool signal
        QCOMPARE(poolChanged.count(), 1);

        types.setPool(pool);
        QCOMPARE(types.rowCount(), 3); // http with counters, noop and shell idle
        QCOMPARE(types.index(types.rowOf("http"), PoolTypeModel::Completed).data().toLongLong(), 100);
        QCOMPARE(types.index(types.rowOf("shell"), PoolTypeModel::InFlight).data().toLongLong(), 0);
        types.setPool({});
        QCOMPARE(types.rowCount(), 0);
    }

    void auditModelPages()
    {
        ManualClock clock(1'700'000'000'000);
        AuditTableModel model(&clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto entry = [&clock](int id, const QString &outcome) {
            return QJsonObject{{"id", id}, {"time", double(clock.nowMs() - id * 1000)}, {"actorId", "tok1"}, {"actor", "alice"},
                               {"role", "admin"}, {"method", "POST"}, {"route", "/api/circuitbreaker/{name}/open"},
                               {"target", "/api/circuitbreaker/http:a/open"}, {"status", outcome == "ok" ? 200 : 403},
                               {"outcome", outcome}, {"remote", "127.0.0.1"}};
        };
        model.applyPage({{"totalHits", 3}, {"results", QJsonArray{entry(9, "ok"), entry(8, "denied")}}}, false);
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.hasMore());
        QCOMPARE(model.index(0, AuditTableModel::Actor).data().toString(), QStringLiteral("alice"));
        QCOMPARE(model.index(1, AuditTableModel::Outcome).data(Qt::ForegroundRole).value<QBrush>().color(),
                 AuditTableModel::outcomeColor("denied"));
        model.applyPage({{"totalHits", 3}, {"results", QJsonArray{entry(8, "denied"), entry(7, "ok")}}}, true); // overlap
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.hasMore());
        QCOMPARE(model.index(2, AuditTableModel::Time).data().toString(), TimeText::local(clock.nowMs() - 7000));
        model.applyPage({{"totalHits", 1}, {"results", QJsonArray{entry(10, "ok")}}}, false);
        QCOMPARE(model.rowCount(), 1);
        model.clearEntries();
        QCOMPARE(model.totalHits(), 0);
    }

    void breakersViewCountsDownWhileVisible()
    {
        ManualClock clock(1'700'000'000'000);
        BreakersView view(&clock);
        QJsonObject open = breaker("http:api.example.com", "OPEN", 5, clock.nowMs());
        open.insert("msUntilHalfOpen", 60'000.0);
        view.model()->setStatus({{"breakers", QJsonArray{open}}});
        const QModelIndex countdown = view.model()->index(0, BreakerTableModel::HalfOpenIn);
        QCOMPARE(countdown.data().toString(), QStringLiteral("1 min"));
        QSignalSpy repainted(view.model(), &QAbstractItemModel::dataChanged);
        view.show();
        clock.advanceMs(18'000);
        // The view's one-second timer repaints the column (the text itself comes from the clock).
        QTRY_VERIFY_WITH_TIMEOUT(!repainted.isEmpty(), 5000);
        QCOMPARE(countdown.data().toString(), QStringLiteral("42 s"));
        QVERIFY(view.selectBreaker("http:api.example.com"));
        QVERIFY(view.findChild<QListWidget *>("recentFailures")->item(0)->text().contains("HTTP 503"));
        // Without a client nothing can be done, and nothing is pretended.
        QVERIFY(!buttonOf(&view, "forceOpen")->isEnabled());
        QVERIFY(view.listCurl().isEmpty());
    }

    void localEngineBreakersWorkersAudit()
    {
        QTemporaryDir dir;
        ServerConfig config;
        config.dataDir = dir.filePath(QStringLiteral("data"));
        config.port = 0;
        LocalEngineClient client(config);
        SystemClock clock;
        BreakersView breakers(&clock);
        WorkersView workers(&clock);
        AuditView audit(&clock);
        for (QWidget *w : std::initializer_list<QWidget *>{&breakers, &workers, &audit})
            w->resize(1200, 560);
        connect(&client, &EngineClient::deltas, &breakers, &BreakersView::applyBatch);
        client.open();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Connected, 30000); // the engine starts on its host thread
        QTRY_COMPARE_WITH_TIMEOUT(client.role(), QStringLiteral("admin"), 10000);
        breakers.setClient(&client);
        workers.setClient(&client);
        audit.setClient(&client);

        // ---- Breakers: force open a new name, then close and reset it, through the buttons.
        QSignalSpy reloaded(&breakers, &BreakersView::reloaded);
        breakers.show();
        QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), 10000);
        const QString name = QStringLiteral("http:example.invalid");
        QVERIFY(!breakers.selectBreaker(name)); // not there yet: forcing it open creates it
        QVERIFY(buttonOf(&breakers, "forceOpen")->isEnabled());
        QVERIFY(!buttonOf(&breakers, "forceClose")->isEnabled()); // unknown name
        QVERIFY(breakers.actionCurl(BreakersView::Action::ForceOpen).contains("/api/circuitbreaker/http%3Aexample.invalid/open"));
        QSignalSpy done(&breakers, &BreakersView::actionFinished);
        QTest::mouseClick(buttonOf(&breakers, "forceOpen"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
        QVERIFY2(done.at(0).at(2).toBool(), qPrintable(breakers.errorText()));
        QCOMPARE(breakers.model()->stateOf(name), QStringLiteral("FORCED_OPEN"));
        const int row = breakers.model()->rowOf(name);
        QCOMPARE(breakers.model()->index(row, BreakerTableModel::State).data().toString(), QStringLiteral("FORCED_OPEN"));
        // The breaker_state_changed event reaches the view and its reason is kept.
        QTRY_VERIFY_WITH_TIMEOUT(breakers.model()->lastTransitionReason(name).contains("forced open by orrery-console-session"), 10000);
        QVERIFY(breakers.table()->currentIndex().isValid());
        QTRY_VERIFY(buttonOf(&breakers, "forceClose")->isEnabled());
        QTest::mouseClick(buttonOf(&breakers, "forceClose"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 10000);
        QVERIFY2(done.at(1).at(2).toBool(), qPrintable(breakers.errorText()));
        QTRY_COMPARE_WITH_TIMEOUT(breakers.model()->stateOf(name), QStringLiteral("CLOSED"), 10000);
        QTest::mouseClick(buttonOf(&breakers, "resetBreaker"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 3, 10000);
        QVERIFY2(done.at(2).at(2).toBool(), qPrintable(breakers.errorText()));
        QCOMPARE(breakers.model()->stateOf(name), QStringLiteral("CLOSED"));
        QCOMPARE(breakers.model()->rowObject(name).value("calls").toInt(), 0);
        QVERIFY(breakers.errorText().isEmpty());
        // An error is shown where it happened: closing a breaker that does not exist.
        breakers.selectBreaker(QStringLiteral("http:never-seen.invalid"));
        breakers.perform(BreakersView::Action::ForceClose);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 4, 10000);
        QVERIFY(!done.at(3).at(2).toBool());
        QVERIFY2(breakers.errorText().contains("404"), qPrintable(breakers.errorText()));
        QVERIFY(breakers.listCurl().contains("/api/circuitbreaker/status"));
        auto *curlMenu = breakers.findChild<QToolButton *>("copyCurl")->menu();
        curlMenu->actions().at(0)->trigger();
        QVERIFY(QApplication::clipboard()->text().contains("/api/circuitbreaker/status"));
        QVERIFY(QApplication::clipboard()->text().contains("$ORRERY_TOKEN"));
        // A breaker_state_changed event (as the client delivers it) leads to a reload.
        const int before = reloaded.count();
        DeltaBatch batch;
        batch.otherEvents.append(QJsonObject{{"event", "breaker_state_changed"}, {"name", "store"}, {"from", "OPEN"},
                                             {"to", "CLOSED"}, {"reason", "probe call succeeded"}});
        for (int i = 0; i < 5; ++i)
            breakers.applyBatch(batch);
        QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() > before, 10000);
        QVERIFY(breakers.model()->lastTransitionReason("store").contains("probe call succeeded"));

        // ---- Workers: the local pool.
        QSignalSpy workersLoaded(&workers, &WorkersView::reloaded);
        workers.show();
        QTRY_VERIFY_WITH_TIMEOUT(!workersLoaded.isEmpty(), 10000);
        QVERIFY2(workers.model()->rowOf("orrery-local") >= 0, qPrintable(workers.errorText()));
        QVERIFY(workers.model()->localPool().value("maxConcurrent").toInt() > 0);
        QVERIFY(workers.poolSummary().contains("Local pool"));
        QVERIFY(workers.poolTypes()->rowOf("http") >= 0);
        QVERIFY(workers.listCurl().contains("/api/conductor/workers"));
        // It refreshes by itself while visible.
        workers.setRefreshIntervalMs(200);
        workers.hide();
        workers.show();
        const int loads = workersLoaded.count();
        QTRY_VERIFY_WITH_TIMEOUT(workersLoaded.count() >= loads + 2, 10000);

        // ---- Audit: the force-open just performed.
        QSignalSpy auditLoaded(&audit, &AuditView::reloaded);
        audit.show();
        QTRY_VERIFY_WITH_TIMEOUT(!auditLoaded.isEmpty(), 10000);
        QVERIFY(audit.noteText().isEmpty());
        const auto findOpen = [&audit, &name] {
            for (int r = 0; r < audit.model()->rowCount(); ++r) {
                const QJsonObject e = audit.model()->rowObject(r);
                if (e.value("route").toString() == QLatin1String("/api/circuitbreaker/{name}/open")
                    && QUrl::fromPercentEncoding(e.value("target").toString().toUtf8()).contains(name))
                    return r;
            }
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(findOpen() >= 0, 10000);
        const int entry = findOpen();
        QCOMPARE(audit.model()->index(entry, AuditTableModel::Actor).data().toString(), QStringLiteral("orrery-console-session"));
        QCOMPARE(audit.model()->index(entry, AuditTableModel::Outcome).data().toString(), QStringLiteral("ok"));
        QCOMPARE(audit.model()->index(entry, AuditTableModel::Method).data().toString(), QStringLiteral("POST"));
        // The route filter (a pattern) and the outcome filter narrow the list on the server.
        audit.findChild<QLineEdit *>("auditRoute")->setText(QStringLiteral("/api/circuitbreaker/{name}/open"));
        audit.findChild<QComboBox *>("auditOutcome")->setCurrentIndex(1); // ok
        QTRY_VERIFY_WITH_TIMEOUT(audit.model()->rowCount() == 1 && findOpen() == 0, 10000);
        QVERIFY2(audit.listCurl().contains("route=") && audit.listCurl().contains("outcome=ok"), qPrintable(audit.listCurl()));
        audit.findChild<QComboBox *>("auditOutcome")->setCurrentIndex(4); // error: the 404 close was "rejected", not an error
        QTRY_COMPARE_WITH_TIMEOUT(audit.model()->rowCount(), 0, 10000);
        audit.findChild<QLineEdit *>("auditRoute")->clear();
        audit.findChild<QComboBox *>("auditOutcome")->setCurrentIndex(0);
        QTRY_VERIFY_WITH_TIMEOUT(audit.model()->rowCount() >= 4, 10000);
        // Paging: 2 at a time, "Load more" adds the next page, newest first throughout.
        audit.setPageSize(2);
        audit.reload();
        QTRY_COMPARE_WITH_TIMEOUT(audit.model()->rowCount(), 2, 10000);
        QVERIFY(audit.model()->hasMore());
        auto *more = audit.findChild<QPushButton *>("loadMore");
        QTRY_VERIFY(more->isEnabled());
        QTest::mouseClick(more, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(audit.model()->rowCount(), 4, 10000);
        for (int r = 1; r < audit.model()->rowCount(); ++r)
            QVERIFY(audit.model()->rowObject(r - 1).value("time").toDouble() >= audit.model()->rowObject(r).value("time").toDouble());
        QCOMPARE(audit.model()->rowObject(3).value("route").toString(), QStringLiteral("/api/circuitbreaker/{name}/open"));
        audit.setPageSize(AuditView::kDefaultPageSize);

        screenshots(client, breakers, workers, audit);
        breakers.setClient(nullptr);
        workers.setClient(nullptr);
        audit.setClient(nullptr);
        client.close();
    }

    void viewerTokenDisablesActionsAndExplainsAudit()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
        test::OrrerydProcess server(dir.filePath(QStringLiteral("data")), {QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const auto created = server.post(QStringLiteral("/api/tokens"), QJsonObject{{"name", "ui-viewer"}, {"role", "viewer"}});
        QVERIFY2(created.status == 200, created.body.constData());
        const QString viewerToken = created.json().object().value("token").toString();
        QVERIFY(!viewerToken.isEmpty());
        // Something to see: a breaker forced open by the admin.
        QCOMPARE(server.postRaw(QStringLiteral("/api/circuitbreaker/http%3Aexample.invalid/open"), {}).status, 200);

        SystemClock clock;
        RemoteEngineClient client(QUrl(server.baseUrl()), viewerToken, &clock);
        client.setPollIntervalMs(250);
        BreakersView breakers(&clock);
        AuditView audit(&clock);
        breakers.setClient(&client);
        audit.setClient(&client);
        client.open();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Connected, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(client.role(), QStringLiteral("viewer"), 10000);
        breakers.show();
        QTRY_COMPARE_WITH_TIMEOUT(breakers.model()->stateOf("http:example.invalid"), QStringLiteral("FORCED_OPEN"), 10000);
        QVERIFY(breakers.selectBreaker("http:example.invalid"));
        for (const char *b : {"forceOpen", "forceClose", "resetBreaker"}) {
            QVERIFY2(!buttonOf(&breakers, b)->isEnabled(), b);
            QVERIFY2(buttonOf(&breakers, b)->toolTip().contains("your token is a viewer token"), qPrintable(buttonOf(&breakers, b)->toolTip()));
        }
        QVERIFY(buttonOf(&breakers, "forceOpen")->toolTip().contains("Needs the admin role"));
        QVERIFY(buttonOf(&breakers, "resetBreaker")->toolTip().contains("Needs the operator role"));
        const auto *note = breakers.findChild<QLabel *>("roleNote");
        QVERIFY(note->text().contains("Force open and Force close are disabled"));
        QVERIFY(!note->isHidden());
        breakers.resize(1200, 420);
        QVERIFY(breakers.grab().save(screenshotDir() + "/breakers-viewer.png"));

        audit.show();
        QTRY_VERIFY_WITH_TIMEOUT(audit.noteText().contains("Needs the admin role"), 10000);
        QVERIFY(audit.noteText().contains("admin tokens only"));
        QCOMPARE(audit.model()->rowCount(), 0);
        audit.reload();
        QTest::qWait(300); // nothing is requested: no error appears
        QVERIFY2(audit.errorText().isEmpty(), qPrintable(audit.errorText()));
        QVERIFY(!audit.findChild<QPushButton *>("loadMore")->isEnabled());
        breakers.setClient(nullptr);
        audit.setClient(nullptr);
        client.close();
    }

private:
    // Realistic content: a breaker tripped by real failing http tasks, a remote poller, the audit
    // trail of the actions above.
    void screenshots(LocalEngineClient &client, BreakersView &breakers, WorkersView &workers, AuditView &audit)
    {
        const QJsonObject def{{"name", "partner_sync"}, {"version", 1}, {"schemaVersion", 2}, {"ownerEmail", "ops@localhost"},
                              {"tasks", QJsonArray{QJsonObject{{"name", "http"}, {"taskReferenceName", "push_ref"}, {"type", "SIMPLE"},
                                                               {"inputParameters", QJsonObject{{"url", "http://127.0.0.1:9/orders"},
                                                                                               {"connectTimeoutMs", 1000}}}}}}};
        bool ok = false;
        client.call("POST", "/api/metadata/workflow", {{"overwrite", "true"}}, def, [&ok](Result<QJsonValue> r) { ok = r.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(ok, 10000);
        for (int i = 0; i < 6; ++i)
            client.call("POST", "/api/workflow/partner_sync", {}, QJsonObject{}, [](Result<QJsonValue>) {});
        for (const QString &n : {QStringLiteral("http:payments.example.com"), QStringLiteral("task:ledger_export")})
            client.call("POST", QStringLiteral("/api/circuitbreaker/%1/open").arg(n), {}, {}, [](Result<QJsonValue>) {});
        // Remote pollers: two billing workers holding tasks, a mailer polling an empty queue.
        ok = false;
        client.call("POST", "/api/metadata/taskdefs", {},
                    QJsonArray{QJsonObject{{"name", "billing_charge"}, {"retryCount", 2}, {"responseTimeoutSeconds", 300},
                                           {"ownerEmail", "billing@localhost"}}},
                    [&ok](Result<QJsonValue> r) { ok = r.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(ok, 10000);
        const QJsonObject charge{{"name", "charge_order"}, {"version", 1}, {"schemaVersion", 2}, {"ownerEmail", "billing@localhost"},
                                 {"tasks", QJsonArray{QJsonObject{{"name", "billing_charge"}, {"taskReferenceName", "charge_ref"},
                                                                  {"type", "SIMPLE"}}}}};
        ok = false;
        client.call("POST", "/api/metadata/workflow", {{"overwrite", "true"}}, charge, [&ok](Result<QJsonValue> r) { ok = r.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(ok, 10000);
        int started = 0;
        for (int i = 0; i < 3; ++i)
            client.call("POST", "/api/workflow/charge_order", {}, QJsonObject{{"orderId", 1000 + i}},
                        [&started](Result<QJsonValue> r) { started += r.ok(); });
        QTRY_COMPARE_WITH_TIMEOUT(started, 3, 10000);
        int handedOut = 0;
        const auto poll = [&client, &handedOut](const QString &type, const QString &worker, int count) {
            client.get(QStringLiteral("/api/tasks/poll/batch/%1").arg(type),
                       {{"count", QString::number(count)}, {"timeout", "500"}, {"workerid", worker}},
                       [&handedOut](Result<QJsonValue> r) { handedOut += r.ok() ? int(r->toArray().size()) : 0; });
        };
        poll("billing_charge", "billing-worker-1", 2);
        QTRY_COMPARE_WITH_TIMEOUT(handedOut, 2, 10000);
        poll("billing_charge", "billing-worker-2", 1);
        QTRY_COMPARE_WITH_TIMEOUT(handedOut, 3, 10000);
        poll("send_email", "mailer-7f3c", 1);
        // A viewer token for the audit trail.
        client.call("POST", "/api/tokens", {}, QJsonObject{{"name", "grafana-readonly"}, {"role", "viewer"}}, [](Result<QJsonValue>) {});
        QTRY_VERIFY_WITH_TIMEOUT((breakers.reload(), breakers.model()->stateOf("http:127.0.0.1:9") == QLatin1String("OPEN")), 45000);
        QTRY_VERIFY_WITH_TIMEOUT(breakers.model()->rowOf("task:ledger_export") >= 0, 10000);
        breakers.selectBreaker("http:127.0.0.1:9");
        QTest::qWait(1100); // one countdown tick
        QVERIFY(breakers.grab().save(screenshotDir() + "/breakers.png"));

        QTRY_VERIFY_WITH_TIMEOUT(workers.model()->rowOf("mailer-7f3c") >= 0
                                     && workers.model()->rowObject("billing-worker-1").value("inFlight").toInt() == 2, 10000);
        QVERIFY(workers.model()->index(workers.model()->rowOf("billing-worker-1"), WorkerTableModel::LastPoll).data().toString().contains("ago"));
        QVERIFY(workers.grab().save(screenshotDir() + "/workers.png"));

        audit.reload();
        QTRY_VERIFY_WITH_TIMEOUT(audit.model()->rowCount() >= 8, 10000);
        QVERIFY(audit.grab().save(screenshotDir() + "/audit.png"));
    }
};

QTEST_MAIN(TestUiOpsViews)
#include "test_ui_ops_views.moc"
