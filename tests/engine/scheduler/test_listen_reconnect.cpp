// PostgreSQL: the scheduler's LISTEN connection survives being dropped. Its backend is killed
// with pg_terminate_backend; the store notices (through the socket, or its periodic check),
// reconnects, re-reads every job (notifications sent meanwhile are lost), and a job change made
// by another connection afterwards is noticed again. While the database refuses connections the
// store keeps retrying, then recovers.

#include "SchedulerHarness.h"
#include "scheduler/SqlJobStore.h"
#include "store/Store.h"
#include "support/PgTestServer.h"

#include <QTest>
#include <QUrl>

using namespace orrery;
using namespace orrery::test;

namespace {

Job jobFor(const QString &id)
{
    Job job;
    job.def = intervalJob(id, kT0 + 1000, 1000);
    job.nextFireMs = kT0 + 1000;
    job.createdMs = job.updatedMs = kT0;
    return job;
}

} // namespace

class TestListenReconnect : public QObject
{
    Q_OBJECT

private:
    PgTestServer m_pg;
    QString m_url;
    std::unique_ptr<Store> m_store;

    QString database() const { return QUrl(m_url).path().mid(1); }

    bool terminateListener(const QString &applicationName)
    {
        QString error;
        const bool ok = m_pg.execSql(m_pg.adminUrl(),
                                     QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                                    "WHERE datname = '%1' AND application_name = '%2'")
                                         .arg(database(), applicationName),
                                     &error);
        if (!ok)
            qWarning().noquote() << error;
        return ok;
    }

private slots:
    void initTestCase()
    {
        ORRERY_REQUIRE_PG(m_pg);
        m_url = m_pg.createDatabase();
        QVERIFY2(!m_url.isEmpty(), qPrintable(m_pg.errorString()));
        auto store = Store::open(StoreConfig{m_url});
        QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().message));
        m_store = std::move(store).value();
    }

    void cleanupTestCase()
    {
        if (m_store)
            m_store->close();
        m_store.reset();
        if (!m_url.isEmpty())
            m_pg.dropDatabase(m_url);
    }

    void aDroppedListenerReconnectsAndHearsChangesAgain()
    {
        SqlJobStore listener(m_store.get(), QStringLiteral("orrery-scheduler-a"));
        QVERIFY(listener.open().ok());
        listener.setListenCheckInterval(100);
        QStringList heard;
        listener.setExternalChangeHandler([&heard](const QString &id) { heard << id; });
        SqlJobStore other(m_store.get(), QStringLiteral("orrery-scheduler-b"));
        QVERIFY(other.open().ok());

        QVERIFY(other.insertJob(jobFor(QStringLiteral("before"))).value());
        QTRY_VERIFY_WITH_TIMEOUT(heard.contains(QStringLiteral("before")), 10000);
        QVERIFY(listener.checkListener());
        QCOMPARE(listener.listenerReconnects(), 0);

        QVERIFY(terminateListener(QStringLiteral("orrery-scheduler-a-listen")));
        // The periodic check notices: the store reconnects and re-reads everything.
        QTRY_VERIFY_WITH_TIMEOUT(heard.contains(QString()), 10000);
        QCOMPARE(listener.listenerReconnects(), 1);

        QVERIFY(other.insertJob(jobFor(QStringLiteral("after"))).value());
        QTRY_VERIFY_WITH_TIMEOUT(heard.contains(QStringLiteral("after")), 10000);
    }

    void thePeriodicCheckRetriesUntilTheDatabaseIsBack()
    {
        SqlJobStore listener(m_store.get(), QStringLiteral("orrery-scheduler-c"));
        QVERIFY(listener.open().ok());
        listener.setListenCheckInterval(100);
        QStringList heard;
        listener.setExternalChangeHandler([&heard](const QString &id) { heard << id; });
        SqlJobStore other(m_store.get(), QStringLiteral("orrery-scheduler-d"));
        QVERIFY(other.open().ok());

        // New connections are refused for a while (the store's own connections stay up).
        const QString db = database();
        QVERIFY(m_pg.execSql(m_pg.adminUrl(), QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS false").arg(db)));
        QVERIFY(terminateListener(QStringLiteral("orrery-scheduler-c-listen")));
        QVERIFY(!listener.checkListener()); // refused: it keeps trying (the timer, every 100 ms here)
        QVERIFY(!listener.checkListener());
        QVERIFY(!heard.contains(QString()));
        QVERIFY(m_pg.execSql(m_pg.adminUrl(), QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS true").arg(db)));
        QTRY_VERIFY_WITH_TIMEOUT(heard.contains(QString()), 10000);
        QVERIFY(listener.checkListener());

        QVERIFY(other.insertJob(jobFor(QStringLiteral("later"))).value());
        QTRY_VERIFY_WITH_TIMEOUT(heard.contains(QStringLiteral("later")), 10000);
    }
};

QTEST_GUILESS_MAIN(TestListenReconnect)
#include "test_listen_reconnect.moc"
