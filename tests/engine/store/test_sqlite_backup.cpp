// SqliteBackup: an online copy of a store that a writer keeps changing holds one consistent
// snapshot (every row committed before it began, a gapless prefix of the rows written meanwhile,
// the untouched tables equal); an existing file is never overwritten; a failed backup leaves
// neither the file nor a temporary one.

#include "PopulatedStore.h"
#include "StoreTestData.h"

#include "store/Migrations.h"
#include "store/SqliteBackup.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace orrery;
using namespace orrery::test;

namespace {

QString liveId(int i)
{
    return QStringLiteral("live-%1").arg(i, 6, 10, QLatin1Char('0'));
}

QString scalar(const QString &file, const QString &sql)
{
    const QString name = QStringLiteral("backup-test-scalar");
    QString value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

} // namespace

class TestSqliteBackup : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_url;

    QStringList filesIn(const QString &dir) const
    {
        return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = m_dir->filePath(QStringLiteral("orrery.db"));
        m_url = QStringLiteral("sqlite:") + m_path;
        Result<void> filled = PopulatedStore::fill(m_url, QStringLiteral("s-"));
        QVERIFY2(filled.ok(), filled.ok() ? "" : qPrintable(filled.error().message));
        QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("backups"))));
    }

    void copiesOneSnapshotWhileAWriterGoesOn()
    {
        Result<std::unique_ptr<Store>> opened = Store::open(StoreConfig{m_url});
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        std::unique_ptr<Store> store = std::move(opened).value();
        std::atomic<int> committed{0};
        std::atomic<bool> stop{false};
        std::atomic<bool> writeFailed{false};
        // One workflow per commit, so any snapshot holds live-000000 .. live-(n-1) and nothing else.
        std::unique_ptr<QThread> writer(QThread::create([&] {
            for (int i = 0; !stop; ++i) {
                store->saveWorkflow(makeWorkflow(liveId(i)));
                if (!store->flush().ok()) {
                    writeFailed = true;
                    return;
                }
                committed = i + 1;
            }
        }));
        writer->start();
        QTRY_VERIFY_WITH_TIMEOUT(committed >= 20 || writeFailed, 60000);
        const int before = committed;
        const QString file = m_dir->filePath(QStringLiteral("backups/orrery-backup.db"));
        Result<SqliteBackupReport> report = SqliteBackup::run(StoreUrl::parse(m_url).value(), file);
        const int after = committed;
        QTRY_VERIFY_WITH_TIMEOUT(committed >= after + 5 || writeFailed, 60000); // it was not blocked
        stop = true;
        writer->wait();
        QVERIFY(!writeFailed);
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));

        const int live = scalar(file, QStringLiteral("SELECT COUNT(*) FROM workflows WHERE id LIKE 'live-%'")).toInt();
        QVERIFY2(live >= before && live <= committed, qPrintable(QStringLiteral("%1 live rows, %2 before").arg(live).arg(before)));
        QCOMPARE(scalar(file, QStringLiteral("SELECT MAX(id) FROM workflows WHERE id LIKE 'live-%'")), liveId(live - 1));

        QCOMPARE(report->path, QFileInfo(file).absoluteFilePath());
        QCOMPARE(report->bytes, QFileInfo(file).size());
        QCOMPARE(report->schemaVersion, Migrations::latestVersion());
        QCOMPARE(filesIn(m_dir->filePath(QStringLiteral("backups"))), QStringList{QStringLiteral("orrery-backup.db")});
        QCOMPARE(QFile::permissions(file) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        store->close();

        // Every table the writer left alone is equal to the source; the counts are the copy's.
        const auto source = PopulatedStore::digests(m_url).value();
        const auto copy = PopulatedStore::digests(QStringLiteral("sqlite:") + file).value();
        QCOMPARE(copy.keys(), source.keys());
        for (const QString &table : source.keys())
            if (table != QLatin1String("workflows"))
                QCOMPARE(copy.value(table), source.value(table));
        QStringList reported;
        for (const auto &[table, rows] : report->rowCounts) {
            reported << table;
            QCOMPARE(rows, qint64(scalar(file, QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)).toLongLong()));
        }
        QCOMPARE(reported.size(), source.size());
        QVERIFY(reported.contains(QStringLiteral("scheduler_runs")));
    }

    void neverOverwritesAFile()
    {
        const QString file = m_dir->filePath(QStringLiteral("backups/taken.db"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("keep me");
        }
        Result<SqliteBackupReport> report = SqliteBackup::run(StoreUrl::parse(m_url).value(), file);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().kind, Error::Kind::Conflict);
        QVERIFY2(report.error().message.contains(file + QStringLiteral(" already exists")), qPrintable(report.error().message));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("keep me"));
        QCOMPARE(filesIn(m_dir->filePath(QStringLiteral("backups"))), QStringList{QStringLiteral("taken.db")});
    }

    void aFailedBackupLeavesNoFile()
    {
        // A database whose first page (the schema) is intact and whose table pages are garbage:
        // it opens, but reading it fails half-way.
        const QString broken = m_dir->filePath(QStringLiteral("broken.db"));
        {
            const QString name = QStringLiteral("backup-test-broken");
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(broken);
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY(q.exec(QStringLiteral("CREATE TABLE filler (id INTEGER PRIMARY KEY, blob TEXT)")));
                QVERIFY(q.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
                                              "INSERT INTO filler SELECT i, printf('%0800d', i) FROM n")));
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
            QFile f(broken);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 size = f.size();
            QVERIFY(size > 16 * 4096);
            QVERIFY(f.seek(4096));
            f.write(QByteArray(int(size - 4096), '\xa5'));
        }
        const QString file = m_dir->filePath(QStringLiteral("backups/never.db"));
        Result<SqliteBackupReport> report = SqliteBackup::run(StoreUrl::parse(broken).value(), file);
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message.contains(broken), qPrintable(report.error().message));
        QVERIFY(filesIn(m_dir->filePath(QStringLiteral("backups"))).isEmpty());
    }

    void refusesWhatItCannotBackUp()
    {
        const QString missing = m_dir->filePath(QStringLiteral("missing.db"));
        const QString file = m_dir->filePath(QStringLiteral("backups/x.db"));
        Result<SqliteBackupReport> none = SqliteBackup::run(StoreUrl::parse(missing).value(), file);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, Error::Kind::NotFound);
        QVERIFY(!QFile::exists(missing));

        Result<SqliteBackupReport> noDir = SqliteBackup::run(StoreUrl::parse(m_url).value(), m_dir->filePath(QStringLiteral("nope/x.db")));
        QVERIFY(!noDir.ok());
        QVERIFY2(noDir.error().message.contains(QStringLiteral("nope for the backup does not exist")), qPrintable(noDir.error().message));

        Result<SqliteBackupReport> pg = SqliteBackup::run(StoreUrl::parse(QStringLiteral("postgresql://u:pw@h/db")).value(), file);
        QVERIFY(!pg.ok());
        QVERIFY2(pg.error().message.contains(QStringLiteral("pg_dump")) && !pg.error().message.contains(QStringLiteral("pw@")),
                 qPrintable(pg.error().message));
        QVERIFY(filesIn(m_dir->filePath(QStringLiteral("backups"))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSqliteBackup)
#include "test_sqlite_backup.moc"
