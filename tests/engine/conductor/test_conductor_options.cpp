// The client mode options of orreryd: validation with a message naming the setting, precedence
// (command line > ORRERY_* environment), the mapping to ConductorSettings, and no secret in errors.
#include "server/ServerOptions.h"

#include "runtime/OrreryServer.h"

#include <QCommandLineParser>
#include <QTest>

using namespace orrery;

namespace {

Result<ServerOptions> resolve(QStringList args, const QHash<QString, QString> &env = {},
                              ServerOptions::KeySecretSource secrets = ServerOptions::KeySecretSource::OptionsOnly)
{
    QCommandLineParser parser;
    ServerOptions::addOptions(parser);
    args.prepend(QStringLiteral("orreryd"));
    if (!parser.parse(args))
        return Error::invalid(parser.errorText());
    return ServerOptions::resolve(parser, env, secrets);
}

} // namespace

class TestConductorOptions : public QObject
{
    Q_OBJECT

private slots:
    void offByDefault()
    {
        auto o = resolve({QStringLiteral("--conductor-url"), QStringLiteral("http://c:8080")});
        QVERIFY(o.ok());
        QVERIFY(!o->serverConfig().conductor.clientMode); // the URL alone is the health check's
        QCOMPARE(o->serverConfig().conductorUrl, QStringLiteral("http://c:8080"));
    }

    void clientModeMapping()
    {
        auto o = resolve({QStringLiteral("--conductor-mode"), QStringLiteral("client"), QStringLiteral("--conductor-url"),
                          QStringLiteral("http://c:8080/api/"), QStringLiteral("--conductor-workers"), QStringLiteral("3"),
                          QStringLiteral("--conductor-task-types"), QStringLiteral("shell, noop"),
                          QStringLiteral("--conductor-probe-interval"), QStringLiteral("2"), QStringLiteral("--drain-timeout"),
                          QStringLiteral("7"), QStringLiteral("--conductor-domain"), QStringLiteral("blue")},
                         {{QStringLiteral("ORRERY_CONDUCTOR_KEY_ID"), QStringLiteral("k")},
                          {QStringLiteral("ORRERY_CONDUCTOR_KEY_SECRET"), QStringLiteral("sec")}});
        QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
        const ConductorSettings c = o->serverConfig().conductor;
        QVERIFY(c.clientMode);
        QCOMPARE(c.url, QStringLiteral("http://c:8080"));
        QCOMPARE(c.workersPerType, 3);
        QCOMPARE(c.taskTypes, (QStringList{QStringLiteral("shell"), QStringLiteral("noop")}));
        QCOMPARE(c.breakerResetMs, qint64(2000));
        QCOMPARE(c.drainTimeoutMs, 7000);
        QCOMPARE(c.domain, QStringLiteral("blue"));
        QCOMPARE(c.keyId, QStringLiteral("k"));
        QCOMPARE(c.keySecret, QStringLiteral("sec"));
        QVERIFY(c.hasCredentials());
    }

    void commandLineBeatsEnvironment()
    {
        auto o = resolve({QStringLiteral("--conductor-mode"), QStringLiteral("off")},
                         {{QStringLiteral("ORRERY_CONDUCTOR_MODE"), QStringLiteral("client")}});
        QVERIFY(o.ok());
        QVERIFY(!o->conductorClientMode);
    }

    void keyIdAloneIsTheConsolesKeychainCase()
    {
        const QStringList args{QStringLiteral("--conductor-mode"), QStringLiteral("client"), QStringLiteral("--conductor-url"),
                               QStringLiteral("http://c:8080"), QStringLiteral("--conductor-key-id"), QStringLiteral("k")};
        // orreryd has no keychain: the secret must be given.
        auto server = resolve(args);
        QVERIFY(!server.ok());
        QVERIFY2(server.error().message.contains(QLatin1String("--conductor-key-secret")), qPrintable(server.error().message));
        // The console reads it from the keychain before its local engine starts.
        auto console = resolve(args, {}, ServerOptions::KeySecretSource::OptionsOrKeychain);
        QVERIFY2(console.ok(), console.ok() ? "" : qPrintable(console.error().message));
        QCOMPARE(console->serverConfig().conductor.keyId, QStringLiteral("k"));
        QVERIFY(console->serverConfig().conductor.keySecret.isEmpty());
        // A secret without its id stays an error everywhere.
        auto orphan = resolve({QStringLiteral("--conductor-key-secret"), QStringLiteral("hunter2")}, {},
                              ServerOptions::KeySecretSource::OptionsOrKeychain);
        QVERIFY(!orphan.ok());
        QVERIFY(!orphan.error().message.contains(QLatin1String("hunter2")));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("client without url") << QStringList{QStringLiteral("--conductor-mode"), QStringLiteral("client")}
                                            << QStringLiteral("--conductor-url");
        QTest::newRow("bad mode") << QStringList{QStringLiteral("--conductor-mode"), QStringLiteral("server")}
                                  << QStringLiteral("--conductor-mode");
        QTest::newRow("secret without id") << QStringList{QStringLiteral("--conductor-key-secret"), QStringLiteral("hunter2")}
                                           << QStringLiteral("--conductor-key-id");
        QTest::newRow("user info") << QStringList{QStringLiteral("--conductor-url"), QStringLiteral("http://u:hunter2@c:8080")}
                                   << QStringLiteral("--conductor-key-secret");
        QTest::newRow("workers") << QStringList{QStringLiteral("--conductor-workers"), QStringLiteral("-1")}
                                 << QStringLiteral("--conductor-workers");
        QTest::newRow("probe") << QStringList{QStringLiteral("--conductor-probe-interval"), QStringLiteral("0")}
                               << QStringLiteral("--conductor-probe-interval");
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        auto o = resolve(args);
        QVERIFY(!o.ok());
        QVERIFY2(o.error().message.contains(mentions), qPrintable(o.error().message));
        QVERIFY2(!o.error().message.contains(QLatin1String("hunter2")), qPrintable(o.error().message));
    }
};

QTEST_GUILESS_MAIN(TestConductorOptions)
#include "test_conductor_options.moc"
