// orreryd's settings: command line > ORRERY_* environment > config file > defaults, and errors
// that say which setting is wrong and where it came from.

#include "server/ServerOptions.h"

#include "runtime/OrreryServer.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

namespace {

Result<ServerOptions> resolve(QStringList args, const QHash<QString, QString> &env = {})
{
    QCommandLineParser parser;
    ServerOptions::addOptions(parser);
    args.prepend(QStringLiteral("orreryd"));
    if (!parser.parse(args))
        return Error::invalid(parser.errorText());
    return ServerOptions::resolve(parser, env);
}

QString writeConfig(QTemporaryDir &dir, const QByteArray &json)
{
    const QString path = dir.filePath(QStringLiteral("orreryd.json"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(json);
    return path;
}

} // namespace

class TestServerOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsBindLoopback()
    {
        auto o = resolve({QStringLiteral("--data-dir"), QStringLiteral("/tmp/orrery-x")});
        QVERIFY(o.ok());
        QCOMPARE(o->host, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(o->port, quint16(8080));
        QCOMPARE(o->dbUrl, QStringLiteral("sqlite:/tmp/orrery-x/orrery.db"));
        QCOMPARE(o->drainTimeoutSeconds, 30);
        QVERIFY(o->demo);
    }

    void precedenceCommandLineOverEnvironmentOverFile()
    {
        QTemporaryDir dir;
        const QString cfg = writeConfig(dir, R"({"listen": "127.0.0.1:7000", "drain-timeout": 5, "log-level": "debug"})");
        auto fileOnly = resolve({QStringLiteral("--config"), cfg});
        QVERIFY(fileOnly.ok());
        QCOMPARE(fileOnly->port, quint16(7000));
        QCOMPARE(fileOnly->drainTimeoutSeconds, 5);
        QCOMPARE(fileOnly->logLevel, QStringLiteral("debug"));

        auto env = resolve({QStringLiteral("--config"), cfg}, {{QStringLiteral("ORRERY_LISTEN"), QStringLiteral("127.0.0.1:7001")}});
        QCOMPARE(env->port, quint16(7001));
        QCOMPARE(env->drainTimeoutSeconds, 5);

        auto cli = resolve({QStringLiteral("--config"), cfg, QStringLiteral("--listen"), QStringLiteral("[::1]:7002")},
                           {{QStringLiteral("ORRERY_LISTEN"), QStringLiteral("127.0.0.1:7001")}});
        QCOMPARE(cli->port, quint16(7002));
        QCOMPARE(cli->host, QHostAddress(QHostAddress::LocalHostIPv6));
    }

    void badValuesNameTheSettingAndItsSource()
    {
        auto r = resolve({QStringLiteral("--listen"), QStringLiteral("localhost")});
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.startsWith(QStringLiteral("--listen: \"localhost\" is not HOST:PORT")), qPrintable(r.error().message));

        auto e = resolve({}, {{QStringLiteral("ORRERY_DRAIN_TIMEOUT"), QStringLiteral("soon")}});
        QVERIFY(!e.ok());
        QVERIFY2(e.error().message.startsWith(QStringLiteral("ORRERY_DRAIN_TIMEOUT: \"soon\"")), qPrintable(e.error().message));
    }

    void conductorUrlForTheHealthCheck()
    {
        auto none = resolve({});
        QVERIFY(none.ok());
        QVERIFY(none->conductorUrl.isEmpty()); // not configured: the health check skips it

        QTemporaryDir dir;
        const QString cfg = writeConfig(dir, "{\"conductor-url\": \"http://file:8080\"}");
        QCOMPARE(resolve({QStringLiteral("--config"), cfg})->conductorUrl, QStringLiteral("http://file:8080"));
        auto env = resolve({QStringLiteral("--config"), cfg}, {{QStringLiteral("ORRERY_CONDUCTOR_URL"), QStringLiteral("https://env/api")}});
        QCOMPARE(env->conductorUrl, QStringLiteral("https://env/api"));
        auto cli = resolve({QStringLiteral("--conductor-url"), QStringLiteral("http://cli:8080")},
                           {{QStringLiteral("ORRERY_CONDUCTOR_URL"), QStringLiteral("https://env/api")}});
        QCOMPARE(cli->conductorUrl, QStringLiteral("http://cli:8080"));

        auto bad = resolve({QStringLiteral("--conductor-url"), QStringLiteral("conductor:8080")});
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.startsWith(QStringLiteral("--conductor-url: ")), qPrintable(bad.error().message));
        auto badEnv = resolve({}, {{QStringLiteral("ORRERY_CONDUCTOR_URL"), QStringLiteral("ftp://c")}});
        QVERIFY(!badEnv.ok());
        QVERIFY2(badEnv.error().message.startsWith(QStringLiteral("ORRERY_CONDUCTOR_URL: ")), qPrintable(badEnv.error().message));

        QCommandLineParser parser;
        ServerOptions::addOptions(parser);
        QVERIFY(parser.helpText().contains(QStringLiteral("--conductor-url <url>")));
        QVERIFY(parser.helpText().contains(QStringLiteral("ORRERY_CONDUCTOR_URL")));
    }

    void oneMappingToTheServerConfiguration()
    {
        // orreryd, `orrery --headless` and the console's local engine all use serverConfig().
        QTemporaryDir dir;
        QFile cert(dir.filePath(QStringLiteral("c.pem"))), key(dir.filePath(QStringLiteral("k.pem")));
        QVERIFY(cert.open(QIODevice::WriteOnly) && key.open(QIODevice::WriteOnly));
        cert.close();
        key.close();
        auto o = resolve({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:9123"),
                          QStringLiteral("--no-demo"), QStringLiteral("--conductor-url"), QStringLiteral("http://c:8080"),
                          QStringLiteral("--tls-cert"), cert.fileName(), QStringLiteral("--tls-key"), key.fileName()});
        QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
        const ServerConfig c = o->serverConfig();
        QCOMPARE(c.dataDir, dir.path());
        QCOMPARE(c.port, quint16(9123));
        QCOMPARE(c.loadDemo, false);
        QCOMPARE(c.conductorUrl, QStringLiteral("http://c:8080"));
        QCOMPARE(c.api.http.tlsCertFile, cert.fileName()); // TLS reaches the HTTP layer in every mode
        QCOMPARE(c.api.http.maxBodyBytes, o->maxBodyBytes);
    }

    void badConfigFilesAreRefusedClearly()
    {
        QTemporaryDir dir;
        auto broken = resolve({QStringLiteral("--config"), writeConfig(dir, R"({"listen": )")});
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error().message.contains(QStringLiteral("invalid JSON at offset")), qPrintable(broken.error().message));

        auto unknown = resolve({QStringLiteral("--config"), writeConfig(dir, R"({"lisen": "127.0.0.1:1"})")});
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message.contains(QStringLiteral("unknown key \"lisen\"")), qPrintable(unknown.error().message));

        auto missing = resolve({QStringLiteral("--config"), dir.filePath(QStringLiteral("nope.json"))});
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.startsWith(QStringLiteral("cannot read config file")));
    }
};

QTEST_GUILESS_MAIN(TestServerOptions)
#include "test_orreryd_settings.moc"
