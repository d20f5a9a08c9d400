// orreryd: Orrery's headless server. Wiring only: options, logging, signals, the server.

#include "ConductorCommand.h"
#include "OrrerydHelp.h"
#include "core/OrreryEnvironment.h"
#include "server/ServerOptions.h"
#include "server/ServerRunner.h"
#include "StoreCommands.h"
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
    if (args.value(1) == QLatin1String("backup"))
        return StoreCommands::backup(args.mid(1), out, err);
    if (args.value(1) == QLatin1String("migrate-store"))
        return StoreCommands::migrate(args.mid(1), out, err);
    err << "orreryd: unknown command \"" << args.value(1)
        << "\" (commands: cron, token, conductor, backup, migrate-store; run orreryd --help)\n";
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
    parser.setApplicationDescription(OrrerydHelp::description());
    parser.addHelpOption();
    parser.addVersionOption();
    const QList<QCommandLineOption> options = ServerOptions::commandLineOptions();
    parser.addOptions(options);
    QCommandLineOption manPage(QStringLiteral("man-page"), QStringLiteral("Print the manual page (roff) and exit."));
    manPage.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(manPage);
    parser.process(app);
    if (parser.isSet(manPage)) {
        QTextStream(stdout) << OrrerydHelp::manPage(options).render(QCoreApplication::applicationVersion());
        return 0;
    }

    auto resolved = ServerOptions::resolve(parser, OrreryEnvironment::ofProcess());
    if (!resolved.ok()) {
        fprintf(stderr, "orreryd: %s\n", qPrintable(resolved.error().message));
        return 2;
    }
    return runServer(resolved.value(), "orreryd");
}
