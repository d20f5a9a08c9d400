#include "ConductorCommand.h"

#include "core/OrreryEnvironment.h"
#include "server/ServerOptions.h"

#include "conductor/ConductorClient.h"
#include "conductor/ConductorSettings.h"
#include "conductor/DefinitionPusher.h"
#include "conductor/NetworkTransport.h"
#include "core/Clock.h"
#include "store/Store.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>

namespace orrery {

QString ConductorCommand::usage()
{
    return QStringLiteral(
        "usage: orreryd conductor push --conductor-url URL [--conductor-key-id ID --conductor-key-secret SECRET]\n"
        "                              [--only-workflow NAME]... [--dry-run] [store options]\n"
        "store options: --data-dir DIR, --db URL, --config FILE (or ORRERY_* variables), as for orreryd\n"
        "The secret is best given as ORRERY_CONDUCTOR_KEY_SECRET (a command line is visible to other users).\n");
}

int ConductorCommand::run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    ServerOptions::addOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("only-workflow"), QStringLiteral("Push only this workflow."),
                                        QStringLiteral("name")));
    parser.addOption(QCommandLineOption(QStringLiteral("dry-run"), QStringLiteral("List, push nothing.")));
    QStringList argv = args;
    argv.prepend(QStringLiteral("orreryd"));
    if (!parser.parse(argv)) {
        err << "orreryd conductor: " << parser.errorText() << "\n" << usage();
        return 2;
    }
    const QStringList words = parser.positionalArguments(); // "conductor", verb
    if (words.value(1) != QLatin1String("push") || words.size() != 2) {
        err << "orreryd conductor: unknown or missing command \"" << words.mid(1).join(u' ') << "\"\n" << usage();
        return 2;
    }
    auto options = ServerOptions::resolve(parser, OrreryEnvironment::ofProcess());
    if (!options.ok()) {
        err << "orreryd conductor push: " << options.error().message << "\n";
        return 2;
    }
    const ConductorSettings settings = options->conductorSettings();
    if (!settings.isConfigured()) {
        err << "orreryd conductor push: --conductor-url (or ORRERY_CONDUCTOR_URL) is required\n" << usage();
        return 2;
    }

    auto opened = Store::open(StoreConfig{options->dbUrl});
    if (!opened.ok()) {
        err << "orreryd conductor push: " << opened.error().message << "\n";
        return 1;
    }
    std::unique_ptr<Store> store = std::move(opened).value();
    auto taskDefs = store->loadTaskDefs();
    auto workflowDefs = store->loadWorkflowDefs();
    store->close();
    if (!taskDefs.ok() || !workflowDefs.ok()) {
        err << "orreryd conductor push: cannot read the definitions: "
            << (taskDefs.ok() ? workflowDefs.error().message : taskDefs.error().message) << "\n";
        return 1;
    }
    QJsonArray tasks;
    for (const TaskDef &d : taskDefs.value())
        tasks.append(d.toJson());
    const QStringList only = parser.values(QStringLiteral("only-workflow"));
    QList<QJsonObject> workflows;
    for (const WorkflowDef &d : workflowDefs.value())
        if (only.isEmpty() || only.contains(d.name))
            workflows.append(d.toJson());
    for (const QString &name : only) {
        bool found = false;
        for (const QJsonObject &w : std::as_const(workflows))
            found = found || w.value(QStringLiteral("name")).toString() == name;
        if (!found) {
            err << "orreryd conductor push: no workflow definition named \"" << name << "\" in the store\n";
            return 1;
        }
    }
    out << "Pushing " << tasks.size() << " task definition(s) and " << workflows.size() << " workflow definition(s) to "
        << settings.url << (settings.hasCredentials() ? QStringLiteral(" (key id %1)").arg(settings.keyId) : QString())
        << "\n";
    if (parser.isSet(QStringLiteral("dry-run"))) {
        for (const QJsonObject &w : std::as_const(workflows))
            out << "  would push workflow " << w.value(QStringLiteral("name")).toString() << " v"
                << w.value(QStringLiteral("version")).toInt(1) << "\n";
        out.flush();
        return 0;
    }

    ConductorSettings pushSettings = settings;
    pushSettings.breakerFailureThreshold = 1000; // a CLI run reports every error, it does not fail fast
    QEventLoop loop;
    NetworkTransport transport(pushSettings.url);
    ConductorClient client(pushSettings, &transport, SystemClock::instance());
    DefinitionPusher pusher(&client);
    QList<DefinitionPusher::Outcome> outcomes;
    bool finished = false;
    pusher.push(tasks, workflows, [&](QList<DefinitionPusher::Outcome> result) {
        outcomes = std::move(result);
        finished = true;
        loop.quit();
    });
    if (!finished) // nothing to push, or every call refused at once: already done
        loop.exec();
    int failed = 0;
    for (const DefinitionPusher::Outcome &o : std::as_const(outcomes)) {
        (o.ok ? out : err) << (o.ok ? "  ok     " : "  FAILED ") << o.what << ": " << o.message << "\n";
        failed += o.ok ? 0 : 1;
    }
    out << (failed ? QStringLiteral("%1 of %2 push(es) failed.\n").arg(failed).arg(outcomes.size())
                   : QStringLiteral("All %1 push(es) succeeded.\n").arg(outcomes.size()));
    out.flush();
    err.flush();
    return failed ? 1 : 0;
}

} // namespace orrery
