#include "ServerRunner.h"

#include "ServerOptions.h"
#include "SignalWatcher.h"
#include "SqliteInstanceLock.h"
#include "StandbyCoordinator.h"

#include "runtime/JsonLogger.h"
#include "runtime/OrreryServer.h"

#include <QCoreApplication>
#include <QTextStream>

#include <memory>

#include <cstdio>
#include <unistd.h>

namespace orrery {

namespace {
// Exit status when another instance took the engine lease over (EX_TEMPFAIL: restart me).
constexpr int kExitLeaseLost = 75;
} // namespace

int runServer(const ServerOptions &opt, const char *program)
{
    opt.exportToEnvironment();
    JsonLogger logger;
    logger.setLevel(JsonLogger::parseLevel(opt.logLevel).value_or(JsonLogger::Level::Info));
    if (const QString e = logger.openFile(opt.logFile); !e.isEmpty()) {
        fprintf(stderr, "%s: %s\n", program, qPrintable(e));
        return 2;
    }
    logger.installMessageHandler();

    ServerConfig config = opt.serverConfig();
    const auto storeUrl = StoreUrl::parse(config.dbUrl); // a bad URL fails in server->start() below
    const bool shared = storeUrl.ok() && storeUrl->backend == StoreUrl::Backend::Postgres;

    // A SQLite store has one server: a second orreryd on the same file is refused.
    SqliteInstanceLock sqliteLock;
    if (storeUrl.ok() && !shared) {
        if (auto r = sqliteLock.acquire(storeUrl->path); !r.ok()) {
            logger.error(QStringLiteral("start failed"), {{QStringLiteral("error"), r.error().message}});
            fprintf(stderr, "%s: %s\n", program, qPrintable(r.error().message));
            return 1;
        }
    }

    std::unique_ptr<OrreryServer> server;
    QTextStream out(stdout);
    // Starts the engine and the full API (at once, or when this standby takes the lease over).
    auto startActive = [&](const QJsonObject &leaseReport) -> bool {
        server = std::make_unique<OrreryServer>(config, &logger);
        server->setLeaseReport(leaseReport);
        if (auto r = server->start(); !r.ok()) {
            logger.error(QStringLiteral("start failed"), {{QStringLiteral("error"), JsonLogger::maskSecrets(r.error().message)}});
            fprintf(stderr, "%s: %s\n", program, qPrintable(JsonLogger::maskSecrets(r.error().message)));
            server->stop(0);
            return false;
        }
        logger.info(QStringLiteral("serving"), {{QStringLiteral("url"), server->baseUrl()},
                                                {QStringLiteral("dataDir"), opt.dataDir},
                                                {QStringLiteral("store"), JsonLogger::maskSecrets(config.dbUrl)}});
        out << "Orrery is serving on " << server->baseUrl() << "  (health: " << server->baseUrl() << "/healthz)\n";
        if (!server->createdAdminTokenFile().isEmpty())
            out << "A new admin token was written to " << server->createdAdminTokenFile() << " (mode 0600).\n";
        else
            out << "Admin token file: " << server->adminTokenFile() << " (created on first start).\n";
        out << "Try: curl -H \"Authorization: Bearer $(cat " << server->adminTokenFile() << ")\" "
            << server->baseUrl() << "/api/metadata/workflow\n";
        out.flush();
        return true;
    };

    // A PostgreSQL store may be shared: the engine runs only on the holder of the engine lease.
    std::unique_ptr<StandbyCoordinator> standby;
    if (shared) {
        StandbyCoordinator::Settings settings;
        settings.store = storeUrl.value();
        settings.dbUrl = config.dbUrl;
        settings.host = config.host;
        settings.port = config.port;
        settings.advertiseUrl = opt.advertiseUrl;
        settings.http = config.api.http;
        settings.http.maxBodyBytes = config.maxBodyBytes;
        settings.forwarding.enabled = opt.standbyForward;
        settings.forwarding.timeoutMs = opt.standbyForwardTimeoutSeconds * 1000;
        standby = std::make_unique<StandbyCoordinator>(settings, &logger);
        if (auto r = standby->start(); !r.ok()) {
            const QString message = JsonLogger::maskSecrets(storeUrl->maskSecrets(r.error().message));
            logger.error(QStringLiteral("start failed"), {{QStringLiteral("error"), message}});
            fprintf(stderr, "%s: %s\n", program, qPrintable(message));
            return 1;
        }
        config.port = standby->port(); // the active server takes over the standby's address
        QObject::connect(standby.get(), &StandbyCoordinator::becameActive, qApp, [&] {
            if (!startActive(standby->activeReport())) {
                standby->stop();
                ::_exit(1);
            }
        });
        QObject::connect(standby.get(), &StandbyCoordinator::leaseLost, qApp, [&](const QString &reason) {
            // Another instance runs the engine now: stop at once, writing nothing more (its state
            // is rebuilt from the store by the new holder). A supervisor restarts us as a standby.
            logger.error(QStringLiteral("engine lease lost: exiting"), {{QStringLiteral("reason"), reason}});
            fprintf(stderr, "%s: %s; exiting\n", program, qPrintable(reason));
            ::_exit(kExitLeaseLost);
        });
    }
    if (!standby || standby->isActive()) {
        if (!startActive(standby ? standby->activeReport() : QJsonObject()))
            return 1;
    } else {
        const QString url = standby->localUrl();
        out << "Orrery standby is serving on " << url << "  (health: " << url << "/healthz); the engine runs at "
            << (standby->activeUrl().isEmpty() ? QStringLiteral("an instance not known yet") : standby->activeUrl())
            << " and this instance takes over when it stops. It serves reads from the store"
            << (opt.standbyForward ? " and forwards writes there.\n" : " and answers writes with 503 and that address.\n");
        out.flush();
    }

    SignalWatcher signalWatcher;
    const int drainMs = opt.drainTimeoutSeconds * 1000;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, qApp, [&](int signo, int count) {
        if (count > 1) {
            // Second signal: leave at once. SQLite (WAL) and PostgreSQL keep every committed
            // transaction and roll back the open one, so the store stays consistent.
            logger.warning(QStringLiteral("second termination signal: exiting immediately"), {{QStringLiteral("signal"), signo}});
            ::_exit(128 + signo);
        }
        logger.info(QStringLiteral("draining"), {{QStringLiteral("signal"), signo}, {QStringLiteral("drainTimeoutMs"), drainMs}});
        // Drain on a later turn of the event loop so a second signal can still be noticed.
        QMetaObject::invokeMethod(qApp, [&] {
            if (server)
                server->stop(drainMs);
            if (standby)
                standby->stop();
            logger.info(QStringLiteral("stopped"));
            QCoreApplication::exit(0);
        }, Qt::QueuedConnection);
    });
    return QCoreApplication::exec();
}

} // namespace orrery
