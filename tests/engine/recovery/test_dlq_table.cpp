// The DLQ's SQL on both backends: the same statements on SQLite and PostgreSQL (a throwaway
// cluster, skipped when none can be started), through a module connection of the store.
#include "recovery/DlqTable.h"
#include "store/SqlBackend.h"
#include "store/Store.h"
#include "support/PgTestServer.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace orrery;
using orrery::test::PgTestServer;

namespace {

DeadLetterEntry entry(const QString &id, const QString &wf, const QString &type, const QString &reason, qint64 lastFailure,
                      const QString &error, const QString &project = QString())
{
    Task t;
    t.taskId = id + QStringLiteral("-t");
    t.taskType = type;
    t.taskDefName = type;
    t.referenceTaskName = QStringLiteral("ref");
    t.workflowInstanceId = wf;
    t.projectId = project;
    t.status = TaskStatus::Failed;
    t.scheduledTime = lastFailure - 100;
    t.startTime = lastFailure - 50;
    t.endTime = lastFailure;
    t.reasonForIncompletion = error;
    DeadLetterInput in{t, {t}, reason, error};
    return DeadLetterEntry::create(id, in, lastFailure, 256);
}

DlqFilter filter(const char *json)
{
    return DlqFilter::fromJson(QJsonDocument::fromJson(json).object()).value();
}

} // namespace

class TestDlqTable : public QObject
{
    Q_OBJECT

private slots:
    void sqlOnBothBackends_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

    void sqlOnBothBackends()
    {
        QFETCH(QString, backend);
        QTemporaryDir dir;
        PgTestServer pg;
        QString url = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("dlq.db"));
        if (backend == QLatin1String("postgresql")) {
            ORRERY_REQUIRE_PG(pg);
            url = pg.createDatabase();
            QVERIFY2(!url.isEmpty(), qPrintable(pg.errorString()));
        }
        auto opened = Store::open(StoreConfig{url});
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        std::unique_ptr<Store> store = std::move(opened).value();
        {
            auto db = store->openModuleConnection(QStringLiteral("dlq-test"));
            QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
            DlqTable table(db.value(), store->backend());
            QVERIFY(table.check().ok());

            const qint64 t0 = 1700000000000LL;
            QVERIFY(table.save(entry("a", "wf1", "http", "TERMINAL", t0 + 1000, "HTTP 404 not found", "shop")).ok());
            QVERIFY(table.save(entry("b", "wf2", "http", "RETRIES_EXHAUSTED", t0 + 2000, "HTTP 503 50%_off")).ok());
            QVERIFY(table.save(entry("c", "wf3", "shell", "TIMED_OUT", t0 + 3000, QStringLiteral("timed out \u00e9\u0000x"))).ok());
            DeadLetterEntry replayed = entry("d", "wf4", "shell", "TERMINAL", t0 + 4000, "exit 127");
            replayed.status = DeadLetterEntry::Status::Replayed;
            QVERIFY(table.save(replayed).ok());

            // Upsert by id; lookups by id and by (workflow, reference).
            DeadLetterEntry a = *table.get(QStringLiteral("a")).value();
            QCOMPARE(a.projectId, QStringLiteral("shop"));
            a.deadCount = 2;
            QVERIFY(table.save(a).ok());
            QCOMPARE(table.findByRef(QStringLiteral("wf1"), QStringLiteral("ref")).value()->deadCount, 2);
            QVERIFY(!table.get(QStringLiteral("zzz")).value().has_value());
            QCOMPARE(table.count(filter(R"({"status": "ALL"})")).value(), 4);

            // Filters, newest first, paging.
            QCOMPARE(table.count(filter("{}")).value(), 3); // DEAD only
            const auto page = table.list(filter("{}"), 1, 1).value();
            QCOMPARE(page.size(), 1);
            QCOMPARE(page.first().id, QStringLiteral("b"));
            QCOMPARE(table.count(filter(R"({"taskType": "http"})")).value(), 2);
            QCOMPARE(table.count(filter(R"({"reason": ["TERMINAL", "TIMED_OUT"]})")).value(), 2);
            QCOMPARE(table.count(filter(R"({"projectId": "shop"})")).value(), 1);
            QCOMPARE(table.count(filter(R"({"text": "50%_OFF"})")).value(), 1); // case-insensitive, % and _ literal
            QCOMPARE(table.count(filter(R"({"text": "5%"})")).value(), 0);
            QCOMPARE(table.count(filter(R"({"from": 1700000001500, "to": 1700000003000})")).value(), 1);
            QCOMPARE(table.count(filter(R"({"status": "REPLAYED"})")).value(), 1);
            QCOMPARE(table.ids(filter("{}"), 10).value(), (QStringList{"a", "b", "c"})); // oldest first
            const DeadLetterEntry c = *table.get(QStringLiteral("c")).value();
            QVERIFY(c.message.startsWith(QStringLiteral("timed out \u00e9"))); // PostgreSQL: NUL replaced

            // Statistics and counters.
            const DlqCounts counts = table.counts().value();
            QCOMPARE(counts.depth, 3);
            QCOMPARE(counts.total, 4);
            QCOMPARE(counts.byType.value(QStringLiteral("http")), 2);
            QCOMPARE(counts.byReason.value(QStringLiteral("TERMINAL")), 1);
            QCOMPARE(counts.byStatus.value(QStringLiteral("REPLAYED")), 1);
            QCOMPARE(counts.oldestDeadMs, t0 + 1000); // the first failure of "a"
            QVERIFY(table.addToCounter(QStringLiteral("evictedTtl"), 2).ok());
            QVERIFY(table.addToCounter(QStringLiteral("evictedTtl"), 3).ok());
            QCOMPARE(table.counters().value().value(QStringLiteral("evictedTtl")), 5);

            // Start-up: a replay nobody saw answered goes back to DEAD.
            DeadLetterEntry stuck = *table.get(QStringLiteral("c")).value();
            stuck.status = DeadLetterEntry::Status::Replaying;
            QVERIFY(table.save(stuck).ok());
            QCOMPARE(table.count(filter("{}")).value(), 2);
            QCOMPARE(table.reviveReplaying(t0 + 9000).value(), 1);
            QCOMPARE(table.get(QStringLiteral("c")).value()->status, DeadLetterEntry::Status::Dead);
            QCOMPARE(table.count(filter("{}")).value(), 3);

            // Retention: the oldest go first.
            QCOMPARE(table.removeOlderThan(t0 + 1500, 10).value(), 1);
            QCOMPARE(table.trimTo(2).value(), 1);
            QVERIFY(!table.get(QStringLiteral("b")).value().has_value());
            QCOMPARE(table.removeMatching(filter(R"({"status": "ALL", "taskType": "shell"})")).value(), 2);
            QCOMPARE(table.count(filter(R"({"status": "ALL"})")).value(), 0);
        }
        SqlBackend::closeConnection(QStringLiteral("dlq-test"));
        store->close();
    }
};

QTEST_GUILESS_MAIN(TestDlqTable)
#include "test_dlq_table.moc"
