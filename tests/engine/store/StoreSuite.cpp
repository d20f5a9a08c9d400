#include "StoreSuite.h"

#include "StoreTestData.h"
#include "store/Migrations.h"
#include "store/SqlBackend.h"
#include "store/SqlStore.h"
#include "store/StoreUrl.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace orrery;
using namespace orrery::test;

StoreSuite::StoreSuite(Backend backend, QObject *parent) : QObject(parent), m_backend(backend) {}

StoreSuite::~StoreSuite() = default;

void StoreSuite::initTestCase()
{
    if (m_backend == Backend::Postgres)
        ORRERY_REQUIRE_PG(m_pg);
}

void StoreSuite::init()
{
    if (m_backend == Backend::Sqlite) {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_url = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("orrery.db"));
    } else {
        m_url = m_pg.createDatabase();
        QVERIFY2(!m_url.isEmpty(), qPrintable(m_pg.errorString()));
    }
}

void StoreSuite::cleanup()
{
    if (m_backend == Backend::Postgres && !m_url.isEmpty())
        m_pg.dropDatabase(m_url);
    m_dir.reset();
}

std::unique_ptr<Store> StoreSuite::openStore(int flushIntervalMs, int maxBatch)
{
    StoreConfig config;
    config.url = m_url;
    config.flushIntervalMs = flushIntervalMs;
    config.maxBatch = maxBatch;
    Result<std::unique_ptr<Store>> store = Store::open(config);
    if (!store) {
        qWarning().noquote() << "Store::open failed:" << store.error().message;
        return nullptr;
    }
    return std::move(store).value();
}

QVariant StoreSuite::queryOutside(const QString &sql)
{
    const StoreUrl url = StoreUrl::parse(m_url).value();
    const QString name = QStringLiteral("store-suite-outside");
    QVariant result;
    {
        QSqlDatabase db;
        if (url.backend == StoreUrl::Backend::Sqlite) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(url.path);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        } else {
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(url.host);
            db.setPort(url.port);
            db.setUserName(url.user);
            db.setPassword(url.password);
            db.setDatabaseName(url.database);
        }
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql)) {
                result = q.next() ? q.value(0) : QVariant(true);
            } else {
                qWarning().noquote() << "outside SQL failed:" << sql << q.lastError().text();
            }
        } else {
            qWarning().noquote() << "outside connection failed:" << db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

bool StoreSuite::execOutside(const QString &sql, QString *error)
{
    const QVariant r = queryOutside(sql);
    if (!r.isValid() && error)
        *error = QStringLiteral("statement failed (see warning)");
    return r.isValid();
}

int StoreSuite::countRows(const QString &table)
{
    return queryOutside(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)).toInt();
}

// ---- schema ----

void StoreSuite::migratesAFreshDatabase()
{
    auto store = openStore();
    QVERIFY(store);
    QCOMPARE(store->backendName(), m_backend == Backend::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql"));
    QCOMPARE(store->schemaVersion(), Migrations::latestVersion());
    QCOMPARE(countRows(QStringLiteral("schema_version")), int(Migrations::all().size()));
    for (const char *table : {"workflows", "tasks", "task_logs", "task_defs", "workflow_defs", "api_tokens"})
        QCOMPARE(countRows(QLatin1String(table)), 0);
    if (m_backend == Backend::Sqlite)
        QCOMPARE(queryOutside(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
}

void StoreSuite::reopeningIsIdempotent()
{
    {
        auto store = openStore();
        QVERIFY(store);
        store->saveWorkflow(makeWorkflow(QStringLiteral("wf-1")));
        QVERIFY(store->flush().ok());
    }
    auto again = openStore();
    QVERIFY(again);
    QCOMPARE(again->schemaVersion(), Migrations::latestVersion());
    QCOMPARE(countRows(QStringLiteral("schema_version")), int(Migrations::all().size()));
    auto wf = again->loadWorkflow(QStringLiteral("wf-1"));
    QVERIFY(wf.ok());
    QVERIFY(wf.value().has_value());
}

void StoreSuite::appliesOnlyNewMigrationsAndRollsBackAFailedOne()
{
    const StoreUrl url = StoreUrl::parse(m_url).value();
    std::unique_ptr<SqlBackend> backend = SqlBackend::create(url);
    Result<QSqlDatabase> db = backend->openConnection(QStringLiteral("suite-migrate"), QStringLiteral("migrate"));
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
    std::vector<Migration> list = Migrations::all();
    QCOMPARE(Migrations::apply(db.value(), *backend, 1).value(), Migrations::latestVersion());

    const int next = Migrations::latestVersion() + 1;
    list.push_back(Migration{next, QStringLiteral("extra table"), {QStringLiteral("CREATE TABLE extra_one (id TEXT PRIMARY KEY)")}});
    Result<int> upgraded = Migrations::apply(db.value(), *backend, 2, list);
    QVERIFY(upgraded.ok());
    QCOMPARE(upgraded.value(), next);

    // A migration whose second statement fails leaves nothing behind, not even its first statement.
    list.push_back(Migration{next + 1, QStringLiteral("broken"),
                             {QStringLiteral("CREATE TABLE extra_two (id TEXT)"), QStringLiteral("THIS IS NOT SQL")}});
    Result<int> broken = Migrations::apply(db.value(), *backend, 3, list);
    QVERIFY(!broken.ok());
    QVERIFY2(broken.error().message.contains(QStringLiteral("schema migration %1 (broken) failed").arg(next + 1)),
             qPrintable(broken.error().message));
    db = Error();
    SqlBackend::closeConnection(QStringLiteral("suite-migrate"));
    QCOMPARE(queryOutside(QStringLiteral("SELECT MAX(version) FROM schema_version")).toInt(), next);
    QVERIFY(queryOutside(QStringLiteral("SELECT COUNT(*) FROM extra_one")).isValid());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("outside SQL failed.*extra_two")));
    QVERIFY(!queryOutside(QStringLiteral("SELECT COUNT(*) FROM extra_two")).isValid());
}

void StoreSuite::refusesANewerSchema()
{
    {
        auto store = openStore();
        QVERIFY(store);
    }
    QVERIFY(execOutside(QStringLiteral("INSERT INTO schema_version (version, description, applied_time) "
                                       "VALUES (99, 'from the future', 0)")));
    StoreConfig config;
    config.url = m_url;
    Result<std::unique_ptr<Store>> store = Store::open(config);
    QVERIFY(!store.ok());
    const QString message = store.error().message;
    QVERIFY2(message.contains(QStringLiteral("database schema version 99 is newer than this build supports (%1); "
                                             "upgrade orrery").arg(Migrations::latestVersion())),
             qPrintable(message));
    const StoreUrl url = StoreUrl::parse(m_url).value();
    if (!url.password.isEmpty())
        QVERIFY2(message.contains(QStringLiteral(":***@")), qPrintable(message));
}

void StoreSuite::openErrorsDoNotShowThePassword()
{
    const QString secret = QStringLiteral("s3cr3t-Pa55word");
    StoreConfig config;
    if (m_backend == Backend::Sqlite) {
        // A path below a regular file can never be opened.
        QFile blocker(m_dir->filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        config.url = QStringLiteral("sqlite:") + blocker.fileName() + QStringLiteral("/sub/orrery.db");
        Result<std::unique_ptr<Store>> store = Store::open(config);
        QVERIFY(!store.ok());
        QVERIFY2(store.error().message.contains(QStringLiteral("blocker/sub/orrery.db")), qPrintable(store.error().message));
        return;
    }
    StoreUrl url = StoreUrl::parse(m_url).value();
    config.url = QStringLiteral("postgresql://%1:%2@%3:%4/no_such_database_here")
                     .arg(url.user, secret, url.host)
                     .arg(url.port);
    Result<std::unique_ptr<Store>> store = Store::open(config);
    QVERIFY(!store.ok());
    QVERIFY2(!store.error().message.contains(secret), qPrintable(store.error().message));
    QVERIFY2(store.error().message.contains(QStringLiteral(":***@")), qPrintable(store.error().message));
    QCOMPARE(store.error().kind, Error::Kind::Unavailable);
}
