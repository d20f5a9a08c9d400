#include "store/StoreUrl.h"

#include <QDir>
#include <QTest>

using namespace orrery;

class TestStoreUrl : public QObject
{
    Q_OBJECT

private slots:
    void sqliteForms_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("path");
        QTest::newRow("scheme") << "sqlite:/var/lib/orrery/orrery.db" << "/var/lib/orrery/orrery.db";
        QTest::newRow("triple slash") << "sqlite:///var/lib/orrery/orrery.db" << "/var/lib/orrery/orrery.db";
        QTest::newRow("bare absolute") << "/tmp/x/../y.db" << "/tmp/y.db";
        QTest::newRow("bare relative") << "data/o.db" << QDir::current().absoluteFilePath(QStringLiteral("data/o.db"));
        QTest::newRow("relative with scheme") << "sqlite:o.db" << QDir::current().absoluteFilePath(QStringLiteral("o.db"));
        QTest::newRow("spaces trimmed") << "  sqlite:/a b/c.db " << "/a b/c.db";
    }
    void sqliteForms()
    {
        QFETCH(QString, url);
        QFETCH(QString, path);
        Result<StoreUrl> u = StoreUrl::parse(url);
        QVERIFY2(u.ok(), u.ok() ? "" : qPrintable(u.error().message));
        QCOMPARE(u->backend, StoreUrl::Backend::Sqlite);
        QCOMPARE(u->path, path);
        QCOMPARE(u->masked(), QStringLiteral("sqlite:") + path);
    }

    void postgresUrl()
    {
        Result<StoreUrl> u = StoreUrl::parse(QStringLiteral("postgresql://orrery:p%40ss%3Aword@db.internal:6543/orrery_prod?sslmode=require"));
        QVERIFY2(u.ok(), u.ok() ? "" : qPrintable(u.error().message));
        QCOMPARE(u->backend, StoreUrl::Backend::Postgres);
        QCOMPARE(u->host, QStringLiteral("db.internal"));
        QCOMPARE(u->port, 6543);
        QCOMPARE(u->user, QStringLiteral("orrery"));
        QCOMPARE(u->password, QStringLiteral("p@ss:word"));
        QCOMPARE(u->database, QStringLiteral("orrery_prod"));
        QCOMPARE(u->options.size(), 1);
        QCOMPARE(u->options[0].first, QStringLiteral("sslmode"));
        QCOMPARE(u->options[0].second, QStringLiteral("require"));
        QCOMPARE(u->masked(), QStringLiteral("postgresql://orrery:***@db.internal:6543/orrery_prod?sslmode=require"));
        QVERIFY(!u->masked().contains(QStringLiteral("p@ss")));
        QCOMPARE(u->maskSecrets(QStringLiteral("FATAL: bad p@ss:word here")), QStringLiteral("FATAL: bad *** here"));
    }

    void postgresDefaultsAndShortScheme()
    {
        Result<StoreUrl> u = StoreUrl::parse(QStringLiteral("postgres://ci@127.0.0.1/cidb"));
        QVERIFY(u.ok());
        QCOMPARE(u->port, 5432);
        QVERIFY(u->password.isEmpty());
        QCOMPARE(u->masked(), QStringLiteral("postgresql://ci@127.0.0.1:5432/cidb"));
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << "" << "store URL is empty";
        QTest::newRow("memory") << "sqlite::memory:" << "in-memory SQLite";
        QTest::newRow("no database") << "postgresql://u:topsecret@host:5432/" << "names no database";
        QTest::newRow("no host") << "postgresql://u:topsecret@:5432/db" << "names no host";
        QTest::newRow("bad port") << "postgresql://u:topsecret@host:notaport/db" << "not a valid URL";
        QTest::newRow("scheme") << "mysql://u:topsecret@host/db" << "unsupported scheme 'mysql'";
        QTest::newRow("bad option") << "postgresql://u:topsecret@host/db?x=a%20b" << "option 'x'";
    }
    void rejected()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        Result<StoreUrl> u = StoreUrl::parse(url);
        QVERIFY(!u.ok());
        QVERIFY2(u.error().message.contains(expected), qPrintable(u.error().message));
        QVERIFY2(!u.error().message.contains(QStringLiteral("topsecret")), qPrintable(u.error().message));
        QCOMPARE(u.error().kind, Error::Kind::Invalid);
    }
};

QTEST_GUILESS_MAIN(TestStoreUrl)
#include "test_store_url.moc"
