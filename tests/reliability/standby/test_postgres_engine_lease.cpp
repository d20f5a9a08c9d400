// PostgresEngineLease on a real PostgreSQL: one holder at a time, the holder's record readable by
// the others, the lock freed when the holder's connection ends (what a SIGKILL does), and a holder
// whose connection was cut either takes the lease again (nobody else did) or learns it lost it.
#include "runtime/PostgresEngineLease.h"
#include "support/PgTestServer.h"

#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {
// The value of a lease call that must reach the database (a failure ends the test with its message).
template<typename T>
T answered(Result<T> r, const char *what)
{
    if (!r.ok())
        qFatal("%s: %s", what, qPrintable(r.error().message));
    return r.value();
}
} // namespace
// The error text of a result, empty when it succeeded (QVERIFY2 evaluates its message eagerly).
template<typename T>
QString why(const Result<T> &r)
{
    return r.ok() ? QString() : r.error().message;
}
#define ANSWER(call) answered((call), #call)

class TestPostgresEngineLease : public QObject
{
    Q_OBJECT

    static StoreUrl parse(const QString &url)
    {
        auto parsed = StoreUrl::parse(url);
        if (!parsed.ok())
            qFatal("bad URL %s", qPrintable(why(parsed)));
        return parsed.value();
    }

    // Ends the lease connections of the database (as a crash of their process would).
    static bool cutLeaseConnections(PgTestServer &pg, const QString &url)
    {
        QString error;
        const bool ok = pg.execSql(url, QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                                       "WHERE application_name = 'orrery-lease' AND pid <> pg_backend_pid()"),
                                   &error);
        if (!ok)
            qWarning("%s", qPrintable(error));
        return ok;
    }

private slots:
    void oneHolderAtATime()
    {
        PgTestServer pg;
        ORRERY_REQUIRE_PG(pg);
        const QString url = pg.createDatabase();
        QVERIFY(!url.isEmpty());
        PostgresEngineLease a(parse(url), QStringLiteral("a:1"), QStringLiteral("http://a:8080"));
        PostgresEngineLease b(parse(url), QStringLiteral("b:2"), QStringLiteral("http://b:8080"));

        auto none = b.holder();
        QVERIFY2(none.ok(), qPrintable(why(none)));
        QVERIFY(!none->known()); // nobody ever held it: no table yet

        auto first = a.tryAcquire();
        QVERIFY2(first.ok(), qPrintable(why(first)));
        QVERIFY(first.value());
        auto second = b.tryAcquire();
        QVERIFY(second.ok());
        QVERIFY(!second.value());
        QVERIFY(ANSWER(a.tryAcquire())); // holding it already
        QVERIFY(ANSWER(a.stillHeld()));
        QVERIFY(!ANSWER(b.stillHeld()));

        auto seen = b.holder();
        QVERIFY(seen.ok());
        QCOMPARE(seen->instance, QStringLiteral("a:1"));
        QCOMPARE(seen->url, QStringLiteral("http://a:8080"));
        QVERIFY(seen->sinceMs > 0);

        a.release();
        QVERIFY(ANSWER(b.tryAcquire()));
        QCOMPARE(ANSWER(b.holder()).url, QStringLiteral("http://b:8080"));
        QVERIFY(!ANSWER(a.tryAcquire()));
        QCOMPARE(ANSWER(a.holder()).instance, QStringLiteral("b:2"));
    }

    void aDeadConnectionFreesTheLease()
    {
        PgTestServer pg;
        ORRERY_REQUIRE_PG(pg);
        const QString url = pg.createDatabase();
        QVERIFY(!url.isEmpty());
        PostgresEngineLease a(parse(url), QStringLiteral("a:1"), QStringLiteral("http://a"));
        PostgresEngineLease b(parse(url), QStringLiteral("b:2"), QStringLiteral("http://b"));
        QVERIFY(ANSWER(a.tryAcquire()));
        QVERIFY(!ANSWER(b.tryAcquire()));

        // Both connections are cut; the server frees a's lock with its session.
        QVERIFY(cutLeaseConnections(pg, url));
        // b asks first: its broken connection is reported once, then reopened.
        auto next = b.tryAcquire();
        if (!next.ok())
            next = b.tryAcquire();
        QVERIFY2(next.ok(), qPrintable(why(next)));
        QVERIFY(next.value());
        // a notices on its next check that someone else holds it now.
        auto held = a.stillHeld();
        QVERIFY2(held.ok(), qPrintable(why(held)));
        QVERIFY(!held.value());
        QCOMPARE(ANSWER(a.holder()).instance, QStringLiteral("b:2"));

        // b's connection is cut while nobody else wants the lease: b takes it again.
        QVERIFY(cutLeaseConnections(pg, url));
        auto again = b.stillHeld();
        QVERIFY2(again.ok(), qPrintable(why(again)));
        QVERIFY(again.value());
        auto other = a.tryAcquire(); // a's connection was cut too: one error, then the answer
        if (!other.ok())
            other = a.tryAcquire();
        QVERIFY2(other.ok(), qPrintable(why(other)));
        QVERIFY(!other.value());
    }

    void unreachableDatabaseIsAnErrorNotAnAnswer()
    {
        // A port nothing listens on: the lease cannot say who holds it.
        PostgresEngineLease lease(parse(QStringLiteral("postgresql://u:p@127.0.0.1:1/none?connect_timeout=2")),
                                  QStringLiteral("x:1"), QStringLiteral("http://x"));
        auto r = lease.tryAcquire();
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.contains(QStringLiteral(":p@"))); // the password stays out of messages
        QVERIFY(!lease.holder().ok());
    }
};

QTEST_GUILESS_MAIN(TestPostgresEngineLease)
#include "test_postgres_engine_lease.moc"
