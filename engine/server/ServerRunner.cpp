#include "ServerRunner.h"

#include "ServerOptions.h"
#include "SignalWatcher.h"

#include "runtime/JsonLogger.h"
#include "runtime/OrreryServer.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace orrery {

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

    const ServerConfig config = opt.serverConfig();

    OrreryServer server(config, &logger);
    if (auto r = server.start(); !r.ok()) {
        logger.error(QStringLiteral("start failed"), {{QStringLiteral("error"), JsonLogger::maskSecrets(r.error().message)}});
        fprintf(stderr, "%s: %s\n", program, qPrintable(JsonLogger::maskSecrets(r.error().message)));
        server.stop(0);
        return 1;
    }
    logger.info(QStringLiteral("serving"), {{QStringLiteral("url"), server.baseUrl()},
                                            {QStringLiteral("dataDir"), opt.dataDir},
                                            {QStringLiteral("store"), JsonLogger::maskSecrets(config.dbUrl)}});
    QTextStream out(stdout);
    out << "Orrery is serving on " << server.baseUrl() << "  (health: " << server.baseUrl() << "/healthz)\n";
    if (!server.createdAdminTokenFile().isEmpty())
        out << "A new admin token was written to " << server.createdAdminTokenFile() << " (mode 0600).\n";
    else
        out << "Admin token file: " << server.adminTokenFile() << " (created on first start).\n";
    out << "Try: curl -H \"Authorization: Bearer $(cat " << server.adminTokenFile() << ")\" "
        << server.baseUrl() << "/api/metadata/workflow\n";
    out.flush();

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
            server.stop(drainMs);
            logger.info(QStringLiteral("stopped"));
            QCoreApplication::exit(0);
        }, Qt::QueuedConnection);
    });
    return QCoreApplication::exec();
}

} // namespace orrery
