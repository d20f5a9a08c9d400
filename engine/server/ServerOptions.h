#pragma once

#include "ManPage.h"

#include "core/Result.h"

#include <QHostAddress>
#include <QStringList>

class QCommandLineParser;

namespace orrery {

struct ConductorSettings;
struct ServerConfig;

struct HttpSettings;

// orreryd's settings, resolved with the precedence command line > ORRERY_* environment >
// config file (JSON object) > defaults.
struct ServerOptions
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString dataDir;
    QString dbUrl;
    QString configFile;
    QString logFile;
    QString advertiseUrl; // PostgreSQL: the URL standbys name while this instance is active; empty = from the listen address
    bool standbyForward = true;           // a standby forwards what it does not serve (off: 503 + the active's address)
    int standbyForwardTimeoutSeconds = 10; // how long a standby waits for the active's answer
    QString redisUrl; // the real-time module reads ORRERY_REDIS_URL; main() sets it from here
    QString conductorUrl; // the remote Conductor server the health check watches (ServerConfig::conductorUrl)
    // Conductor client mode (ServerConfig::conductor; docs/conductor-client.md). The secret is
    // never logged or printed.
    QString conductorKeyId;
    QString conductorKeySecret;
    bool conductorClientMode = false;
    int conductorWorkers = 8;
    QString conductorDomain;
    QStringList conductorTaskTypes;
    int conductorProbeIntervalSeconds = 5;
    QString logLevel = QStringLiteral("info");
    int drainTimeoutSeconds = 30;
    int localConcurrency = 8;
    qint64 maxBodyBytes = 1024 * 1024;
    bool demo = true;
    // API security (HttpSettings): TLS files, browser origins allowed by CORS, per-token rate.
    QString tlsCertFile;
    QString tlsKeyFile;
    QStringList corsOrigins;
    int rateLimitPerSecond = 5000;

    // Copies the API settings above (and the body limit) into the HTTP layer's settings.
    void applyTo(HttpSettings &settings) const;
    // The server's configuration from these options (orreryd, `orrery --headless` and the
    // console's local engine use the same mapping).
    ServerConfig serverConfig() const;
    // The Conductor part of it (also used by `orreryd conductor push`).
    ConductorSettings conductorSettings() const;
    // Settings the modules read from the process environment: ORRERY_REDIS_URL (the real-time
    // module and the health check) when --redis-url or the config file gave one.
    void exportToEnvironment() const;

    // The option table: what --help prints and the manual page lists.
    static QList<QCommandLineOption> commandLineOptions();
    static void addOptions(QCommandLineParser &parser);
    // Each ORRERY_* variable and the option it stands for (the manual page's ENVIRONMENT).
    static QList<ManPage::Entry> environmentVariables();
    // Where a Conductor key secret may come from besides --conductor-key-secret and the environment.
    // The console reads a missing one from the system keychain (LocalEngineClient), so for it a
    // key id alone is complete; orreryd has no keychain and refuses a key id without its secret.
    enum class KeySecretSource { OptionsOnly, OptionsOrKeychain };
    // `env` is the process environment (injectable for tests).
    static Result<ServerOptions> resolve(const QCommandLineParser &parser, const QHash<QString, QString> &env,
                                         KeySecretSource secrets = KeySecretSource::OptionsOnly);
};

} // namespace orrery
