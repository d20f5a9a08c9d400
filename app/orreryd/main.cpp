// orreryd: Orrery's headless server. Wiring only: options, logging, signals, the server.

#include "ConductorCommand.h"
#include "ServerOptions.h"
#include "ServerRunner.h"
#include "TokenCommand.h"

#include "api/HttpApiServer.h"
#include "scheduler/CronCommand.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace orrery;

namespace {

int runSubcommand(const QStringList &args)
{
    QTextStream in(stdin), out(stdout), err(stderr);
    if (args.value(1) == QLatin1String("cron"))
        return runCronCommand(args.mid(1), in, out, err);
    if (args.value(1) == QLatin1String("token"))
        return TokenCommand::run(args.mid(1), out, err);
    if (args.value(1) == QLatin1String("conductor"))
        return ConductorCommand::run(args.mid(1), out, err);
    err << "orreryd: unknown command \"" << args.value(1) << "\" (commands: cron, token, conductor; run orreryd --help)\n";
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    // With many WebSocket clients, the glib event loop's bookkeeping costs a fifth of the hub's
    // time; Qt's own Unix event dispatcher does not.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("orreryd"));
    QCoreApplication::setOrganizationName(QStringLiteral("orrery"));
    QCoreApplication::setApplicationVersion(HttpApiServer::buildVersion());

    const QStringList args = app.arguments();
    if (args.size() > 1 && !args.at(1).startsWith(QLatin1Char('-')))
        return runSubcommand(args);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Orrery headless server: the task engine with its REST API (Conductor-compatible worker,\n"
        "metadata and workflow routes) on one port, on an embedded SQLite store or PostgreSQL.\n"
        "Settings: command line > ORRERY_* environment > --config file > defaults.\n"
        "Every route but /healthz needs a bearer token; on first start an admin token is written\n"
        "to <data-dir>/admin-token (mode 0600).\n\n"
        "Commands:\n"
        "  orreryd cron next EXPR [--tz ZONE] [--from ISO] [--count N]   next fire times of a cron rule\n"
        "  orreryd cron next --batch                                    EXPR<TAB>ZONE<TAB>START<TAB>N lines on stdin\n"
        "  orreryd token create --name N --role viewer|operator|admin [--project ID]...   a new API token (shown once)\n"
        "  orreryd token list [--all] [--json]   |   orreryd token revoke TOKEN_ID\n"
        "  orreryd conductor push --conductor-url URL [--conductor-key-id ID --conductor-key-secret S]\n"
        "                         [--only-workflow NAME]... [--dry-run]   push task and workflow definitions\n"
        "                                                                 to a Conductor server\n\n"
        "Conductor client mode: --conductor-mode client --conductor-url URL runs this server's local\n"
        "task types as workers of that Conductor server and starts scheduled jobs' workflows there\n"
        "(docs/conductor-client.md)."));
    parser.addHelpOption();
    parser.addVersionOption();
    ServerOptions::addOptions(parser);
    parser.process(app);

    auto resolved = ServerOptions::resolve(parser, ServerOptions::processEnvironment());
    if (!resolved.ok()) {
        fprintf(stderr, "orreryd: %s\n", qPrintable(resolved.error().message));
        return 2;
    }
    return runServer(resolved.value(), "orreryd");
}
