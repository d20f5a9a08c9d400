#include "ServerOptions.h"

#include "api/HttpSettings.h"
#include "runtime/OrreryServer.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QUrl>

namespace orrery {

namespace {

struct Key
{
    const char *option; // command-line name and config-file key
    const char *env;
    const char *help;
    const char *valueName;
};

constexpr Key kKeys[] = {
    {"listen", "ORRERY_LISTEN", "Address and port to serve HTTP and WebSocket on (default 127.0.0.1:8080; port 0 picks a free port).", "host:port"},
    {"advertise-url", "ORRERY_ADVERTISE_URL", "PostgreSQL store shared by several orreryd: the base URL others send clients to while this instance runs the engine (default: http(s)://<listen address>, 127.0.0.1 for 0.0.0.0).", "url"},
    {"standby-forward", "ORRERY_STANDBY_FORWARD", "PostgreSQL store shared by several orreryd: on (default) a standby forwards the requests it does not serve itself (writes, live engine reads) to the active instance; off answers them 503 with the active's address.", "on|off"},
    {"standby-forward-timeout", "ORRERY_STANDBY_FORWARD_TIMEOUT", "Seconds a standby waits for the active instance's answer to a forwarded request before it answers 503 (default 10).", "seconds"},
    {"data-dir", "ORRERY_DATA_DIR", "Directory for the SQLite store, the admin token and reports (default: the user's data directory).", "dir"},
    {"db", "ORRERY_DB", "Store URL: sqlite:/path/file.db (default <data-dir>/orrery.db) or postgresql://user:pass@host:port/dbname.", "url"},
    {"config", "ORRERY_CONFIG", "JSON config file whose keys are these option names (lowest precedence).", "file"},
    {"log-file", "ORRERY_LOG_FILE", "Write JSON-line logs to this file instead of stderr.", "file"},
    {"log-level", "ORRERY_LOG_LEVEL", "debug, info (default), warning or error.", "level"},
    {"drain-timeout", "ORRERY_DRAIN_TIMEOUT", "Seconds to wait for running tasks on SIGTERM/SIGINT (default 30).", "seconds"},
    {"local-concurrency", "ORRERY_LOCAL_CONCURRENCY", "Tasks each local task type may run at once (default 8; 0 disables local workers but for Conductor's HTTP, INLINE and JSON_JQ_TRANSFORM, which keep 8).", "n"},
    {"redis-url", "ORRERY_REDIS_URL", "Redis for fanning real-time events out across instances, e.g. redis://127.0.0.1:6379 (default: none).", "url"},
    {"conductor-url", "ORRERY_CONDUCTOR_URL", "The remote Conductor server: the health check watches it (GET <url>/health must answer {\"healthy\":true}) and client mode works for it (e.g. http://conductor:8080; default: none, the check is skipped).", "url"},
    {"conductor-mode", "ORRERY_CONDUCTOR_MODE", "off (default) or client: local workers poll --conductor-url, scheduled jobs start their workflows there; orreryd still serves its own API.", "mode"},
    {"conductor-key-id", "ORRERY_CONDUCTOR_KEY_ID", "Key id for the server's POST /api/token (with --conductor-key-secret; none = no auth, as for OSS Conductor).", "id"},
    {"conductor-key-secret", "ORRERY_CONDUCTOR_KEY_SECRET", "Key secret for POST /api/token; never logged. Prefer the environment variable (a command line is visible to other users).", "secret"},
    {"conductor-workers", "ORRERY_CONDUCTOR_WORKERS", "Client mode: tasks of each type run at once for the server (default 8; 0 = no remote workers, only remote job starts).", "n"},
    {"conductor-task-types", "ORRERY_CONDUCTOR_TASK_TYPES", "Client mode: task types polled, comma-separated (default: every worker type of the pool but the upper-case Conductor system tasks).", "types"},
    {"conductor-domain", "ORRERY_CONDUCTOR_DOMAIN", "Client mode: the task domain polled (default: none).", "domain"},
    {"conductor-probe-interval", "ORRERY_CONDUCTOR_PROBE_INTERVAL", "Client mode: while the server is down, one request per this many seconds (its circuit breaker's half-open probe; default 5).", "seconds"},
    {"max-body-bytes", "ORRERY_MAX_BODY_BYTES", "Largest accepted request body (default 1048576).", "bytes"},
    {"tls-cert", "ORRERY_TLS_CERT", "Serve HTTPS with this PEM certificate (chain) file; needs --tls-key.", "file"},
    {"tls-key", "ORRERY_TLS_KEY", "Unencrypted PEM private key (RSA or EC) of --tls-cert.", "file"},
    {"cors-origin", "ORRERY_CORS_ORIGIN", "Browser origins allowed to call the API, comma-separated (e.g. https://dash.example.com; * = any). Default: none.", "origins"},
    {"rate-limit", "ORRERY_RATE_LIMIT", "Requests per second allowed per API token, bursts up to twice that (default 5000; 0 = no limit).", "n"},
};

bool parseInt(const QString &text, qint64 min, qint64 max, qint64 &out)
{
    bool ok = false;
    const qint64 v = text.trimmed().toLongLong(&ok);
    if (!ok || v < min || v > max)
        return false;
    out = v;
    return true;
}

} // namespace

QList<QCommandLineOption> ServerOptions::commandLineOptions()
{
    QList<QCommandLineOption> options;
    for (const Key &k : kKeys)
        options.append(QCommandLineOption(QString::fromLatin1(k.option),
                                          QStringLiteral("%1 [env %2]").arg(QString::fromLatin1(k.help), QString::fromLatin1(k.env)),
                                          QString::fromLatin1(k.valueName)));
    options.append(QCommandLineOption(QStringLiteral("no-demo"),
                                      QStringLiteral("Do not load the demo workflow definitions. [env ORRERY_NO_DEMO=1]")));
    return options;
}

QList<ManPage::Entry> ServerOptions::environmentVariables()
{
    QList<ManPage::Entry> vars;
    for (const Key &k : kKeys)
        vars.append({QString::fromLatin1(k.env), QStringLiteral("Same as --%1.").arg(QString::fromLatin1(k.option))});
    vars.append({QStringLiteral("ORRERY_NO_DEMO"), QStringLiteral("1: same as --no-demo.")});
    return vars;
}

void ServerOptions::addOptions(QCommandLineParser &parser)
{
    parser.addOptions(commandLineOptions());
}

Result<ServerOptions> ServerOptions::resolve(const QCommandLineParser &parser, const QHash<QString, QString> &env,
                                            KeySecretSource secrets)
{
    // 1. the config file named on the command line or in the environment
    QString configPath = parser.value(QStringLiteral("config"));
    if (configPath.isEmpty())
        configPath = env.value(QStringLiteral("ORRERY_CONFIG"));
    QJsonObject file;
    if (!configPath.isEmpty()) {
        QFile f(configPath);
        if (!f.open(QIODevice::ReadOnly))
            return Error::invalid(QStringLiteral("cannot read config file %1: %2").arg(configPath, f.errorString()));
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
        if (pe.error != QJsonParseError::NoError)
            return Error::invalid(QStringLiteral("config file %1: invalid JSON at offset %2: %3")
                                      .arg(configPath).arg(pe.offset).arg(pe.errorString()));
        if (!doc.isObject())
            return Error::invalid(QStringLiteral("config file %1: the top level must be a JSON object").arg(configPath));
        file = doc.object();
        for (auto it = file.begin(); it != file.end(); ++it) {
            bool known = it.key() == QLatin1String("no-demo");
            for (const Key &k : kKeys)
                known = known || it.key() == QLatin1String(k.option);
            if (!known || it.key() == QLatin1String("config"))
                return Error::invalid(QStringLiteral("config file %1: unknown key \"%2\"").arg(configPath, it.key()));
        }
    }

    // value(option) with precedence, and where it came from (for error messages)
    auto lookup = [&](const Key &k, QString &source) -> QString {
        const QString name = QString::fromLatin1(k.option);
        if (parser.isSet(name)) {
            source = QStringLiteral("--%1").arg(name);
            return parser.value(name);
        }
        if (env.contains(QString::fromLatin1(k.env))) {
            source = QString::fromLatin1(k.env);
            return env.value(QString::fromLatin1(k.env));
        }
        if (file.contains(name)) {
            source = QStringLiteral("config key \"%1\"").arg(name);
            const QJsonValue v = file.value(name);
            if (v.isArray()) {
                QStringList items;
                for (const QJsonValue &item : v.toArray())
                    items.append(item.toString());
                return items.join(QLatin1Char(','));
            }
            return v.isDouble() ? QString::number(v.toInteger()) : v.toString();
        }
        source.clear();
        return QString();
    };

    ServerOptions o;
    o.configFile = configPath;
    QString src;
    for (const Key &k : kKeys) {
        const QString v = lookup(k, src);
        if (src.isEmpty())
            continue;
        const QLatin1String name(k.option);
        qint64 n = 0;
        if (name == QLatin1String("listen")) {
            const int colon = v.lastIndexOf(QLatin1Char(':'));
            QString host = colon > 0 ? v.left(colon) : QString();
            if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
                host = host.mid(1, host.size() - 2);
            if (host == QLatin1String("localhost"))
                host = QStringLiteral("127.0.0.1");
            QHostAddress addr;
            if (colon <= 0 || !addr.setAddress(host) || !parseInt(v.mid(colon + 1), 0, 65535, n))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not HOST:PORT with an IP address and a port 0-65535 "
                                                     "(e.g. 127.0.0.1:8080)").arg(src, v));
            o.host = addr;
            o.port = quint16(n);
        } else if (name == QLatin1String("advertise-url")) {
            const QUrl url(v.trimmed(), QUrl::StrictMode);
            if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
                || url.host().isEmpty() || !url.userInfo().isEmpty())
                return Error::invalid(QStringLiteral("%1: \"%2\" is not an http(s)://host[:port] URL").arg(src, v));
            o.advertiseUrl = v.trimmed();
            while (o.advertiseUrl.endsWith(QLatin1Char('/')))
                o.advertiseUrl.chop(1);
        } else if (name == QLatin1String("standby-forward")) {
            if (v.trimmed() != QLatin1String("on") && v.trimmed() != QLatin1String("off"))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not on or off").arg(src, v));
            o.standbyForward = v.trimmed() == QLatin1String("on");
        } else if (name == QLatin1String("standby-forward-timeout")) {
            if (!parseInt(v, 1, 3600, n))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not a whole number of seconds between 1 and 3600").arg(src, v));
            o.standbyForwardTimeoutSeconds = int(n);
        } else if (name == QLatin1String("redis-url")) {
            if (!v.startsWith(QLatin1String("redis://")))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not a redis://host:port URL").arg(src, v));
            o.redisUrl = v;
        } else if (name == QLatin1String("conductor-url")) {
            const QUrl url(v.trimmed(), QUrl::StrictMode);
            if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
                || url.host().isEmpty())
                return Error::invalid(QStringLiteral("%1: \"%2\" is not an http(s)://host[:port][/path] URL of a Conductor server")
                                          .arg(src, url.toDisplayString(QUrl::RemoveUserInfo)));
            o.conductorUrl = v.trimmed();
        } else if (name == QLatin1String("conductor-mode")) {
            if (v.trimmed() != QLatin1String("off") && v.trimmed() != QLatin1String("client"))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not off or client").arg(src, v));
            o.conductorClientMode = v.trimmed() == QLatin1String("client");
        } else if (name == QLatin1String("conductor-key-id")) {
            o.conductorKeyId = v.trimmed();
        } else if (name == QLatin1String("conductor-key-secret")) {
            o.conductorKeySecret = v.trimmed(); // never echoed in an error
        } else if (name == QLatin1String("conductor-workers")) {
            if (!parseInt(v, 0, 1024, n))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not a whole number between 0 and 1024").arg(src, v));
            o.conductorWorkers = int(n);
        } else if (name == QLatin1String("conductor-task-types")) {
            o.conductorTaskTypes.clear();
            for (const QString &t : v.split(QLatin1Char(','), Qt::SkipEmptyParts))
                o.conductorTaskTypes.append(t.trimmed());
        } else if (name == QLatin1String("conductor-domain")) {
            o.conductorDomain = v.trimmed();
        } else if (name == QLatin1String("conductor-probe-interval")) {
            if (!parseInt(v, 1, 3600, n))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not a number of seconds between 1 and 3600").arg(src, v));
            o.conductorProbeIntervalSeconds = int(n);
        } else if (name == QLatin1String("data-dir")) {
            o.dataDir = v;
        } else if (name == QLatin1String("db")) {
            o.dbUrl = v;
        } else if (name == QLatin1String("log-file")) {
            o.logFile = v;
        } else if (name == QLatin1String("log-level")) {
            static const QStringList levels = {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                                               QStringLiteral("error")};
            if (!levels.contains(v.toLower()))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not one of debug, info, warning, error").arg(src, v));
            o.logLevel = v.toLower();
        } else if (name == QLatin1String("drain-timeout")) {
            if (!parseInt(v, 0, 86400, n))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not a number of seconds between 0 and 86400").arg(src, v));
            o.drainTimeoutSeconds = int(n);
        } else if (name == QLatin1String("local-concurrency")) {
            if (!parseInt(v, 0, 1024, n))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not a whole number between 0 and 1024").arg(src, v));
            o.localConcurrency = int(n);
        } else if (name == QLatin1String("tls-cert")) {
            o.tlsCertFile = v;
        } else if (name == QLatin1String("tls-key")) {
            o.tlsKeyFile = v;
        } else if (name == QLatin1String("cors-origin")) {
            for (const QString &part : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QString origin = part.trimmed();
                if (origin != QLatin1String("*") && !origin.startsWith(QLatin1String("http://")) &&
                    !origin.startsWith(QLatin1String("https://")))
                    return Error::invalid(QStringLiteral("%1: \"%2\" is not an origin; write scheme://host[:port] "
                                                         "(e.g. https://dash.example.com) or *").arg(src, origin));
                o.corsOrigins.append(origin);
            }
        } else if (name == QLatin1String("rate-limit")) {
            if (!parseInt(v, 0, 1'000'000, n))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not a number of requests per second between 0 and 1000000").arg(src, v));
            o.rateLimitPerSecond = int(n);
        } else if (name == QLatin1String("max-body-bytes")) {
            if (!parseInt(v, 1024, qint64(1) << 32, n))
                return Error::invalid(QStringLiteral("%1: \"%2\" is not a byte count between 1024 and 4294967296").arg(src, v));
            o.maxBodyBytes = n;
        }
    }
    if (parser.isSet(QStringLiteral("no-demo")) || env.value(QStringLiteral("ORRERY_NO_DEMO")) == QLatin1String("1")
        || file.value(QStringLiteral("no-demo")).toBool())
        o.demo = false;

    if (o.tlsCertFile.isEmpty() != o.tlsKeyFile.isEmpty())
        return Error::invalid(QStringLiteral("TLS needs both --tls-cert and --tls-key (only %1 was given)")
                                  .arg(o.tlsCertFile.isEmpty() ? QStringLiteral("--tls-key") : QStringLiteral("--tls-cert")));
    const bool secretLater = secrets == KeySecretSource::OptionsOrKeychain && !o.conductorKeyId.isEmpty();
    if (o.conductorKeyId.isEmpty() != o.conductorKeySecret.isEmpty() && !secretLater)
        return Error::invalid(QStringLiteral("Conductor auth needs both --conductor-key-id and --conductor-key-secret "
                                             "(only %1 was given)")
                                  .arg(o.conductorKeyId.isEmpty() ? QStringLiteral("the secret") : QStringLiteral("the key id")));
    if (o.conductorClientMode && o.conductorUrl.isEmpty())
        return Error::invalid(QStringLiteral("--conductor-mode client needs --conductor-url (the Conductor server to work for)"));
    if (!o.conductorUrl.isEmpty()) {
        if (auto url = ConductorSettings::normalizeUrl(o.conductorUrl, QStringLiteral("--conductor-url")); !url.ok())
            return url.error();
    }
    if (o.dataDir.isEmpty())
        o.dataDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/orrery");
    o.dataDir = QDir(o.dataDir).absolutePath();
    if (o.dbUrl.isEmpty())
        o.dbUrl = QStringLiteral("sqlite:") + QDir(o.dataDir).filePath(QStringLiteral("orrery.db"));
    return o;
}

void ServerOptions::applyTo(HttpSettings &settings) const
{
    settings.maxBodyBytes = maxBodyBytes;
    settings.tlsCertFile = tlsCertFile;
    settings.tlsKeyFile = tlsKeyFile;
    settings.corsOrigins = corsOrigins;
    settings.rateLimitPerSecond = rateLimitPerSecond;
    settings.rateLimitBurst = rateLimitPerSecond * 2;
}

void ServerOptions::exportToEnvironment() const
{
    if (!redisUrl.isEmpty())
        qputenv("ORRERY_REDIS_URL", redisUrl.toUtf8());
}

ConductorSettings ServerOptions::conductorSettings() const
{
    ConductorSettings c;
    if (!conductorUrl.isEmpty()) {
        auto url = ConductorSettings::normalizeUrl(conductorUrl, QStringLiteral("--conductor-url"));
        c.url = url.ok() ? url.value() : QString(); // resolve() refused a bad URL already
    }
    c.keyId = conductorKeyId;
    c.keySecret = conductorKeySecret;
    c.clientMode = conductorClientMode;
    c.workersPerType = conductorWorkers;
    c.domain = conductorDomain;
    c.taskTypes = conductorTaskTypes;
    c.breakerResetMs = qint64(conductorProbeIntervalSeconds) * 1000;
    c.drainTimeoutMs = drainTimeoutSeconds * 1000;
    return c;
}

ServerConfig ServerOptions::serverConfig() const
{
    ServerConfig config;
    config.dataDir = dataDir;
    config.dbUrl = dbUrl;
    config.host = host;
    config.port = port;
    config.localConcurrency = localConcurrency;
    config.maxBodyBytes = maxBodyBytes;
    config.loadDemo = demo;
    config.conductorUrl = conductorUrl;
    config.conductor = conductorSettings();
    applyTo(config.api.http);
    return config;
}

} // namespace orrery
