#include "TokenCommand.h"

#include "core/OrreryEnvironment.h"
#include "server/ServerOptions.h"

#include "api/AuditLog.h"
#include "api/RequestContext.h"
#include "api/TokenService.h"
#include "core/Clock.h"
#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace orrery {

namespace {

QString cliActor()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    return QStringLiteral("cli:") + (user.isEmpty() ? QStringLiteral("unknown") : user);
}

void audit(Store &store, const QString &what, const QString &target, int status, const QString &message)
{
    const QString connection = QStringLiteral("orreryd-token-cli");
    {
        auto db = store.openModuleConnection(connection);
        if (!db.ok())
            return;
        AuditEntry e;
        e.timeMs = SystemClock::instance()->nowMs();
        e.actorId = QStringLiteral("cli");
        e.actor = cliActor();
        e.role = QStringLiteral("admin");
        e.method = QStringLiteral("CLI");
        e.route = what;
        e.target = target;
        e.status = status;
        e.outcome = AuditEntry::outcomeOf(status);
        e.remote = QStringLiteral("local");
        e.message = message;
        QSqlDatabase handle = db.value();
        (void)AuditLog::insert(handle, store.backend(), {e});
    }
    SqlBackend::closeConnection(connection);
}

QString time(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate) : QStringLiteral("-");
}

int statusOf(const Error &e)
{
    return e.httpStatus();
}

} // namespace

QString TokenCommand::usage()
{
    return QStringLiteral(
        "usage: orreryd token create --name NAME --role viewer|operator|admin [--project ID]... [store options]\n"
        "       orreryd token list [--all] [--json] [store options]\n"
        "       orreryd token revoke TOKEN_ID [store options]\n"
        "store options: --data-dir DIR, --db URL, --config FILE (or ORRERY_* variables), as for orreryd\n");
}

int TokenCommand::run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    ServerOptions::addOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("name"), QStringLiteral("Token name."), QStringLiteral("name")));
    parser.addOption(QCommandLineOption(QStringLiteral("role"), QStringLiteral("viewer, operator or admin."), QStringLiteral("role")));
    parser.addOption(QCommandLineOption(QStringLiteral("project"), QStringLiteral("Project scope (repeatable)."), QStringLiteral("id")));
    parser.addOption(QCommandLineOption(QStringLiteral("all"), QStringLiteral("Include revoked tokens.")));
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON.")));
    QStringList argv = args;
    argv.prepend(QStringLiteral("orreryd"));
    if (!parser.parse(argv)) {
        err << "orreryd token: " << parser.errorText() << "\n" << usage();
        return 2;
    }
    const QStringList words = parser.positionalArguments(); // "token", verb, ...
    const QString verb = words.value(1);
    if (verb != QLatin1String("create") && verb != QLatin1String("list") && verb != QLatin1String("revoke")) {
        err << "orreryd token: unknown or missing command \"" << verb << "\"\n" << usage();
        return 2;
    }
    if (verb == QLatin1String("revoke") && words.size() != 3) {
        err << "orreryd token revoke: give exactly one token id\n" << usage();
        return 2;
    }
    std::optional<Role> role;
    if (verb == QLatin1String("create")) {
        role = parseRole(parser.value(QStringLiteral("role")));
        if (parser.value(QStringLiteral("name")).trimmed().isEmpty() || !role) {
            err << "orreryd token create: --name and --role (viewer, operator or admin) are required\n" << usage();
            return 2;
        }
        for (const QString &p : parser.values(QStringLiteral("project"))) {
            if (!RequestContext::isValidId(p)) {
                err << "orreryd token create: --project \"" << p << "\" must be 1-128 letters, digits, '-', '_', '.' or ':'\n";
                return 2;
            }
        }
    }

    auto options = ServerOptions::resolve(parser, OrreryEnvironment::ofProcess());
    if (!options.ok()) {
        err << "orreryd token: " << options.error().message << "\n";
        return 2;
    }
    auto opened = Store::open(StoreConfig{options->dbUrl});
    if (!opened.ok()) {
        err << "orreryd token: " << opened.error().message << "\n";
        return 1;
    }
    std::unique_ptr<Store> store = std::move(opened).value();
    TokenService tokens(store.get(), nullptr);
    int code = 0;
    if (auto loaded = tokens.load(); !loaded.ok()) {
        err << "orreryd token: " << loaded.error().message << "\n";
        code = 1;
    } else if (verb == QLatin1String("create")) {
        auto issued = tokens.create(parser.value(QStringLiteral("name")), *role, parser.values(QStringLiteral("project")));
        if (!issued.ok()) {
            err << "orreryd token create: " << issued.error().message << "\n";
            audit(*store, QStringLiteral("token create"), QStringLiteral("/api/tokens"), statusOf(issued.error()), issued.error().message);
            code = 1;
        } else {
            out << issued->secret << "\n";
            err << "Created token " << issued->record.id << " '" << issued->record.name << "' (role " << issued->record.role
                << ", projects: " << (issued->record.projects.isEmpty() ? QStringLiteral("all") : issued->record.projects.join(u','))
                << "). The secret above is shown only once.\n";
            audit(*store, QStringLiteral("token create"), QStringLiteral("/api/tokens/") + issued->record.id, 200, QString());
        }
    } else if (verb == QLatin1String("revoke")) {
        const QString id = words.at(2);
        auto revoked = tokens.revoke(id);
        if (!revoked.ok()) {
            err << "orreryd token revoke: " << revoked.error().message << "\n";
            audit(*store, QStringLiteral("token revoke"), QStringLiteral("/api/tokens/") + id, statusOf(revoked.error()),
                  revoked.error().message);
            code = 1;
        } else {
            out << "Revoked token " << revoked->id << " '" << revoked->name
                << "'. A running orreryd refuses it within its token reload interval (5 s).\n";
            audit(*store, QStringLiteral("token revoke"), QStringLiteral("/api/tokens/") + id, 200, QString());
        }
    } else {
        const bool all = parser.isSet(QStringLiteral("all"));
        QJsonArray list;
        if (!parser.isSet(QStringLiteral("json")))
            out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                       .arg(QStringLiteral("ID"), -20).arg(QStringLiteral("NAME"), -24).arg(QStringLiteral("ROLE"), -8)
                       .arg(QStringLiteral("PROJECTS"), -16).arg(QStringLiteral("CREATED"), -20)
                       .arg(QStringLiteral("LAST USED"), -20).arg(QStringLiteral("STATUS"));
        for (const TokenRecord &t : tokens.tokens()) {
            if (t.revoked && !all)
                continue;
            if (parser.isSet(QStringLiteral("json"))) {
                list.append(TokenService::toJson(t));
                continue;
            }
            out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                       .arg(t.id, -20).arg(t.name.left(24), -24).arg(t.role, -8)
                       .arg(t.projects.isEmpty() ? QStringLiteral("*") : t.projects.join(u',').left(16), -16)
                       .arg(time(t.createdMs), -20).arg(time(t.lastUsedMs), -20)
                       .arg(t.revoked ? QStringLiteral("revoked") : QStringLiteral("active"));
        }
        if (parser.isSet(QStringLiteral("json")))
            out << QJsonDocument(list).toJson(QJsonDocument::Indented);
    }
    out.flush();
    err.flush();
    store->close();
    return code;
}

} // namespace orrery
