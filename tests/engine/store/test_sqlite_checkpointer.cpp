// SqliteCheckpointer: the WAL is checkpointed on the checkpoint thread, not in the writer's
// commits, and stays bounded; if that thread does not run, the writer's own fallback bounds it.

#include "store/SqlBackend.h"
#include "store/SqliteCheckpointer.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

namespace {

constexpr int kWalFrames = 50;
constexpr int kPageSize = 4096;

// Commits `transactions` transactions of ~16 KB each (about five WAL frames) through `db`;
// returns the largest size the WAL file reached after a commit.
qint64 writeMany(QSqlDatabase &db, const QString &walPath, int transactions)
{
    QSqlQuery q(db);
    qint64 largest = 0;
    const QString blob(4000, QLatin1Char('x'));
    for (int i = 0; i < transactions; ++i) {
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return -1;
        for (int r = 0; r < 4; ++r) {
            q.prepare(QStringLiteral("INSERT INTO t (v) VALUES (?)"));
            q.addBindValue(blob + QString::number(i * 4 + r));
            if (!q.exec())
                return -1;
        }
        if (!q.exec(QStringLiteral("COMMIT")))
            return -1;
        largest = std::max(largest, QFileInfo(walPath).size());
    }
    return largest;
}

} // namespace

class TestSqliteCheckpointer : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("cp%1.db").arg(++m_round));
        Result<StoreUrl> url = StoreUrl::parse(QStringLiteral("sqlite:") + m_path);
        QVERIFY(url.ok());
        m_backend = SqlBackend::create(url.value());
        Result<QSqlDatabase> db = m_backend->openConnection(QStringLiteral("writer"), QStringLiteral("writer"));
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
        m_db = db.value();
        QSqlQuery q(m_db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")));
    }

    void cleanup()
    {
        m_db.close();
        m_db = QSqlDatabase();
        SqlBackend::closeConnection(QStringLiteral("writer"));
        m_backend.reset();
    }

    void checkpointsOnItsOwnThread()
    {
        SqliteCheckpointer checkpointer(*m_backend, QStringLiteral("cp"), kWalFrames);
        checkpointer.start();
        QVERIFY(checkpointer.attach(m_db));
        const qint64 largest = writeMany(m_db, m_path + QStringLiteral("-wal"), 600); // ~3000 frames
        QVERIFY(largest > 0);
        QTRY_VERIFY(checkpointer.checkpointsRun() > 0);
        // Without the hook SQLite's default (1000 frames) lets the WAL reach ~4 MB; with it the
        // writer's fallback caps it at 4 x 50 frames plus one transaction, whatever the thread does.
        QVERIFY2(largest <= qint64(4 * kWalFrames + 16) * (kPageSize + 24) + 32,
                 qPrintable(QStringLiteral("WAL reached %1 bytes").arg(largest)));
        checkpointer.stop();
        QSqlQuery q(m_db);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM t")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2400);
    }

    void writerFallsBackWhenTheThreadDoesNotRun()
    {
        SqliteCheckpointer checkpointer(*m_backend, QStringLiteral("cp-idle"), kWalFrames); // never started
        QVERIFY(checkpointer.attach(m_db));
        const qint64 largest = writeMany(m_db, m_path + QStringLiteral("-wal"), 600);
        QVERIFY(largest > 0);
        QCOMPARE(checkpointer.checkpointsRun(), 0);
        QVERIFY(checkpointer.writerCheckpoints() > 0);
        QVERIFY2(largest <= qint64(4 * kWalFrames + 16) * (kPageSize + 24) + 32,
                 qPrintable(QStringLiteral("WAL reached %1 bytes").arg(largest)));
    }

    void refusesAConnectionThatIsNotSqlite()
    {
        SqliteCheckpointer checkpointer(*m_backend, QStringLiteral("cp-none"), kWalFrames);
        QSqlDatabase none;
        QVERIFY(!checkpointer.attach(none));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_round = 0;
    std::unique_ptr<SqlBackend> m_backend;
    QSqlDatabase m_db;
};

QTEST_GUILESS_MAIN(TestSqliteCheckpointer)
#include "test_sqlite_checkpointer.moc"
