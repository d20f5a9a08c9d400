#include "HeadlessRunner.h"

#include "SignalWatcher.h"

#include "runtime/JsonLogger.h"
#include "runtime/OrreryServer.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace orrery {

int runHeadless(const ServerOptions &opt)
{
    JsonLogger logger;
    logger.setLevel(JsonLogger::parseLevel(opt.logLevel).value_or(JsonLogger::Level::Info));
    if (const QString e = logger.openFile(opt.logFile); !e.isEmpty()) {
        fprintf(stderr, "orrery: %s\n", qPrintable(e));
        return 2;
    }
    logger.installMessageHandler();
    OrreryServer server(opt.serverConfig(), &logger);
    if (auto r = server.start(); !r.ok()) {
        fprintf(stderr, "orrery: %s\n", qPrintable(JsonLogger::maskSecrets(r.error().message)));
        server.stop(0);
        return 1;
    }
    QTextStream out(stdout);
    out << "Orrery is serving on " << server.baseUrl() << "  (health: " << server.baseUrl() << "/healthz)\n";
    if (!server.createdAdminTokenFile().isEmpty())
        out << "A new admin token was written to " << server.createdAdminTokenFile() << " (mode 0600).\n";
    else
        out << "Admin token file: " << server.adminTokenFile() << " (created on first start).\n";
    out.flush();

    SignalWatcher signalWatcher;
    const int drainMs = opt.drainTimeoutSeconds * 1000;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, qApp, [&](int signo, int count) {
        if (count > 1)
            ::_exit(128 + signo);
        QMetaObject::invokeMethod(qApp, [&] {
            server.stop(drainMs);
            QCoreApplication::exit(0);
        }, Qt::QueuedConnection);
    });
    return QCoreApplication::exec();
}

} // namespace orrery
