// orreryd's API security options: --tls-cert/--tls-key, --cors-origin, --rate-limit, with the
// usual precedence (command line > ORRERY_* > config file), and how they reach HttpSettings.

#include "server/ServerOptions.h"

#include "api/HttpSettings.h"

#include <QCommandLineParser>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

class TestServerOptions : public QObject
{
    Q_OBJECT

private:
    static Result<ServerOptions> resolve(const QStringList &args, const QHash<QString, QString> &env = {})
    {
        QCommandLineParser parser;
        ServerOptions::addOptions(parser);
        if (!parser.parse(QStringList{QStringLiteral("orreryd")} + args))
            return Error::invalid(parser.errorText());
        return ServerOptions::resolve(parser, env);
    }

private slots:
    void defaults()
    {
        auto o = resolve({});
        QVERIFY(o.ok());
        HttpSettings s;
        o->applyTo(s);
        QCOMPARE(s.rateLimitPerSecond, 5000);
        QCOMPARE(s.rateLimitBurst, 10000);
        QVERIFY(s.corsOrigins.isEmpty());
        QVERIFY(!s.tlsEnabled());
        QCOMPARE(o->host.toString(), QStringLiteral("127.0.0.1"));
    }

    void securityOptionsReachTheHttpSettings()
    {
        auto o = resolve({QStringLiteral("--tls-cert"), QStringLiteral("/etc/orrery/cert.pem"), QStringLiteral("--tls-key"),
                          QStringLiteral("/etc/orrery/key.pem"), QStringLiteral("--cors-origin"),
                          QStringLiteral("https://a.example, https://b.example:8443"), QStringLiteral("--rate-limit"),
                          QStringLiteral("100"), QStringLiteral("--max-body-bytes"), QStringLiteral("2048")});
        QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
        HttpSettings s;
        o->applyTo(s);
        QCOMPARE(s.tlsCertFile, QStringLiteral("/etc/orrery/cert.pem"));
        QCOMPARE(s.tlsKeyFile, QStringLiteral("/etc/orrery/key.pem"));
        QCOMPARE(s.corsOrigins, (QStringList{QStringLiteral("https://a.example"), QStringLiteral("https://b.example:8443")}));
        QCOMPARE(s.rateLimitPerSecond, 100);
        QCOMPARE(s.rateLimitBurst, 200);
        QCOMPARE(s.maxBodyBytes, qint64(2048));
    }

    void environmentAndConfigFile()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("orrery.json"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"cors-origin\": [\"https://file.example\"], \"rate-limit\": 7}");
        f.close();
        auto o = resolve({QStringLiteral("--config"), config}, {{QStringLiteral("ORRERY_RATE_LIMIT"), QStringLiteral("0")}});
        QVERIFY(o.ok());
        QCOMPARE(o->corsOrigins, QStringList{QStringLiteral("https://file.example")});
        QCOMPARE(o->rateLimitPerSecond, 0); // the environment beats the file
    }

    void badValuesAreRefusedWithTheOptionName_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("cert without key") << QStringList{QStringLiteral("--tls-cert"), QStringLiteral("c.pem")} << QStringLiteral("--tls-key");
        QTest::newRow("key without cert") << QStringList{QStringLiteral("--tls-key"), QStringLiteral("k.pem")} << QStringLiteral("--tls-cert");
        QTest::newRow("origin") << QStringList{QStringLiteral("--cors-origin"), QStringLiteral("dash.example.com")} << QStringLiteral("--cors-origin");
        QTest::newRow("rate") << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("fast")} << QStringLiteral("--rate-limit");
        QTest::newRow("negative rate") << QStringList{QStringLiteral("--rate-limit=-1")} << QStringLiteral("--rate-limit");
    }
    void badValuesAreRefusedWithTheOptionName()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        auto o = resolve(args);
        QVERIFY(!o.ok());
        QVERIFY2(o.error().message.contains(mentions), qPrintable(o.error().message));
    }
};

QTEST_GUILESS_MAIN(TestServerOptions)
#include "test_server_options.moc"
