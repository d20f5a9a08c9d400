// Module schema steps are numbered independently, so a later build can bring a step numbered
// below one already applied: it must still be applied, and unknown applied steps refused.

#include "store/Migrations.h"
#include "store/SqliteBackend.h"
#include "store/StoreUrl.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

class TestMigrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingLowerStepsAreAppliedLater()
    {
        QTemporaryDir dir;
        SqliteBackend backend(StoreUrl::parse(dir.filePath(QStringLiteral("m.db"))).value());
        auto db = backend.openConnection(QStringLiteral("migrations-test"), QStringLiteral("migrate"));
        QVERIFY(db.ok());
        const Migration one{1, QStringLiteral("base"), {QStringLiteral("CREATE TABLE a (x INTEGER)")}};
        const Migration four{4, QStringLiteral("api"), {QStringLiteral("CREATE TABLE d (x INTEGER)")}};
        const Migration two{2, QStringLiteral("dlq"), {QStringLiteral("CREATE TABLE b (x INTEGER)")}};
        QCOMPARE(Migrations::apply(db.value(), backend, 1, {one, four}).value(), 4);
        // a newer build adds step 2 of another module
        QCOMPARE(Migrations::apply(db.value(), backend, 2, {one, two, four}).value(), 4);
        QSqlQuery q(db.value());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM b")));
        q.finish();
        // idempotent
        QCOMPARE(Migrations::apply(db.value(), backend, 3, {one, two, four}).value(), 4);
        // an older build that does not know step 2 refuses the database
        auto refused = Migrations::apply(db.value(), backend, 4, {one, four});
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("database schema version 2 is newer than this build")),
                 qPrintable(refused.error().message));
        db.value() = QSqlDatabase();
        SqlBackend::closeConnection(QStringLiteral("migrations-test"));
    }

    // Step 21 (issue 15): a store of an earlier build gains the task list's indexes, keeps its
    // rows, and the list's first page and keyset pages then read the index in order (no sort of
    // every match, which cost seconds at a million tasks).
    void step21IndexesTheTaskListOrder()
    {
        QTemporaryDir dir;
        SqliteBackend backend(StoreUrl::parse(dir.filePath(QStringLiteral("m21.db"))).value());
        auto db = backend.openConnection(QStringLiteral("migrations-21"), QStringLiteral("migrate"));
        QVERIFY(db.ok());
        std::vector<Migration> before;
        for (const Migration &m : Migrations::all())
            if (m.version != 21)
                before.push_back(m);
        QVERIFY(before.size() + 1 == Migrations::all().size());
        QVERIFY(Migrations::apply(db.value(), backend, 1, before).ok());
        QSqlQuery q(db.value());
        QVERIFY(q.exec(QStringLiteral("INSERT INTO tasks (id, workflow_id, task_type, status, update_time, json) "
                                      "VALUES ('t1', 'w1', 'x', 'COMPLETED', 5, '{}'), ('t2', 'w1', 'x', 'SCHEDULED', 7, '{}')")));
        auto indexes = [&] {
            QStringList names;
            QSqlQuery i(db.value());
            i.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks' ORDER BY name"));
            while (i.next())
                names << i.value(0).toString();
            return names;
        };
        QVERIFY(!indexes().contains(QStringLiteral("tasks_status_updated")));
        QCOMPARE(Migrations::apply(db.value(), backend, 2).value(), Migrations::latestVersion());
        QVERIFY(indexes().contains(QStringLiteral("tasks_status_updated")));
        QVERIFY(indexes().contains(QStringLiteral("tasks_updated")));
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM tasks")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        q.finish();
        QVERIFY(q.exec(QStringLiteral("SELECT description FROM schema_version WHERE version = 21")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("indexes of the task list order"));
        q.finish();
        auto plan = [&](const QString &sql) {
            QSqlQuery p(db.value());
            if (!p.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql))
                return QStringLiteral("EXPLAIN failed");
            QStringList lines;
            while (p.next())
                lines << p.value(3).toString();
            return lines.join(QStringLiteral(" | "));
        };
        // The statements TaskQueries::list runs for ?status=X (first page, then after a cursor) and without a filter.
        const QString byStatus = plan(QStringLiteral("SELECT t.json, t.id, t.update_time FROM tasks t WHERE t.status IN ('COMPLETED') "
                                                     "ORDER BY t.update_time DESC, t.id LIMIT 101 OFFSET 0"));
        QVERIFY2(byStatus.contains(QStringLiteral("tasks_status_updated")) && !byStatus.contains(QStringLiteral("TEMP B-TREE")),
                 qPrintable(byStatus));
        const QString seek = plan(QStringLiteral("SELECT t.json, t.id, t.update_time FROM tasks t WHERE t.status IN ('COMPLETED') "
                                                 "AND t.update_time <= 6 AND ((t.update_time < 6) OR (t.update_time = 6 AND t.id > 'a')) "
                                                 "ORDER BY t.update_time DESC, t.id LIMIT 101 OFFSET 0"));
        QVERIFY2(seek.contains(QStringLiteral("tasks_status_updated (status=? AND update_time<?)")) &&
                     !seek.contains(QStringLiteral("TEMP B-TREE")), qPrintable(seek));
        const QString all = plan(QStringLiteral("SELECT t.json, t.id, t.update_time FROM tasks t ORDER BY t.update_time DESC, t.id LIMIT 101"));
        QVERIFY2(all.contains(QStringLiteral("tasks_updated")) && !all.contains(QStringLiteral("TEMP B-TREE")), qPrintable(all));
        db.value() = QSqlDatabase();
        SqlBackend::closeConnection(QStringLiteral("migrations-21"));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "test_migrations.moc"
