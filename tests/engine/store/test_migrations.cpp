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
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "test_migrations.moc"
