#include "StoreCommands.h"

#include "core/OrreryEnvironment.h"
#include "server/ServerOptions.h"

#include "runtime/JsonLogger.h"
#include "store/SqliteBackup.h"
#include "store/StoreCopier.h"
#include "store/StoreUrl.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QLocale>

namespace orrery {

namespace {

constexpr int kPostgresStore = 3; // `backup` of a PostgreSQL store: instructions printed, nothing copied
constexpr qint64 kProgressStep = 10000; // rows between two progress lines of one table

QString shellQuoted(const QString &word)
{
    return QLatin1Char('\'') + QString(word).replace(QLatin1Char('\''), QLatin1String("'\\''")) + QLatin1Char('\'');
}

// What to run instead of copying a PostgreSQL store: PostgreSQL's own tools, for this URL.
QString postgresInstructions(const StoreUrl &url, const QString &file)
{
    StoreUrl withoutPassword = url;
    withoutPassword.password.clear();
    const QString target = shellQuoted(withoutPassword.masked());
    const QString password = url.password.isEmpty() ? QString() : QStringLiteral("PGPASSWORD='<password>' ");
    const QString dump = shellQuoted(QFileInfo(file).absoluteFilePath());
    return QStringLiteral(
               "%1 is a PostgreSQL store: orreryd does not copy it, PostgreSQL's own tools do (exit status 3).\n"
               "Back up (a consistent snapshot, while orreryd runs):\n"
               "  %2pg_dump --format=custom --file=%3 %4\n"
               "Restore (stop every orreryd on it first; into this database or an empty one):\n"
               "  %2pg_restore --clean --if-exists --no-owner --dbname=%4 %3\n"
               "%5")
        .arg(url.masked(), password, dump, target,
             url.password.isEmpty() ? QStringLiteral("libpq takes the password from ~/.pgpass or PGPASSWORD.\n")
                                    : QStringLiteral("Replace <password> with the store's password (or use ~/.pgpass).\n"));
}

// Parses `args` ("COMMAND --option ...") with `parser`; an error message, empty if fine.
QString parse(QCommandLineParser &parser, const QStringList &args)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    QStringList argv = args;
    argv.prepend(QStringLiteral("orreryd"));
    if (!parser.parse(argv))
        return parser.errorText();
    if (parser.positionalArguments().size() != 1)
        return QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().mid(1).join(u' '));
    return {};
}

QString masked(const QString &text)
{
    return JsonLogger::maskSecrets(text);
}

} // namespace

QString StoreCommands::backupUsage()
{
    return QStringLiteral(
        "usage: orreryd backup --to FILE [store options]\n"
        "store options: --data-dir DIR, --db URL, --config FILE (or ORRERY_* variables), as for orreryd\n"
        "FILE must not exist. A PostgreSQL store is not copied: the pg_dump/pg_restore commands are printed (exit 3).\n");
}

QString StoreCommands::migrateUsage()
{
    return QStringLiteral(
        "usage: orreryd migrate-store --from URL --to URL [--force]\n"
        "URL: sqlite:/path/orrery.db or postgresql://user:password@host:port/dbname\n"
        "All or nothing: one transaction on the target, verified before it commits. A target with rows is\n"
        "refused unless --force, which replaces them. Prefer PGPASSWORD to a password in the URL.\n");
}

int StoreCommands::backup(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    ServerOptions::addOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("to"), QStringLiteral("The backup file (must not exist)."),
                                        QStringLiteral("file")));
    if (const QString problem = parse(parser, args); !problem.isEmpty()) {
        err << "orreryd backup: " << masked(problem) << "\n" << backupUsage();
        return 2;
    }
    const QString file = parser.value(QStringLiteral("to"));
    if (file.trimmed().isEmpty()) {
        err << "orreryd backup: --to FILE is required\n" << backupUsage();
        return 2;
    }
    auto options = ServerOptions::resolve(parser, OrreryEnvironment::ofProcess());
    if (!options.ok()) {
        err << "orreryd backup: " << masked(options.error().message) << "\n";
        return 2;
    }
    Result<StoreUrl> url = StoreUrl::parse(options->dbUrl);
    if (!url.ok()) {
        err << "orreryd backup: " << masked(url.error().message) << "\n";
        return 2;
    }
    if (url->backend == StoreUrl::Backend::Postgres) {
        out << postgresInstructions(url.value(), file);
        return kPostgresStore;
    }
    Result<SqliteBackupReport> report = SqliteBackup::run(url.value(), file);
    if (!report.ok()) {
        err << "orreryd backup: " << masked(report.error().message) << "\n";
        return 1;
    }
    out << "Backed up " << url->masked() << " (schema version " << report->schemaVersion << ", integrity ok)\n"
        << "to " << report->path << ": " << report->bytes << " bytes (" << QLocale::c().formattedDataSize(report->bytes)
        << ")\n";
    out << QStringLiteral("%1 %2\n").arg(QStringLiteral("table"), -24).arg(QStringLiteral("rows"), 12);
    for (const auto &[table, rows] : report->rowCounts)
        out << QStringLiteral("%1 %2\n").arg(table, -24).arg(rows, 12);
    return 0;
}

int StoreCommands::migrate(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("from"), QStringLiteral("The store to copy."), QStringLiteral("url")));
    parser.addOption(QCommandLineOption(QStringLiteral("to"), QStringLiteral("The store to copy into."), QStringLiteral("url")));
    parser.addOption(QCommandLineOption(QStringLiteral("force"), QStringLiteral("Replace the target's rows.")));
    if (const QString problem = parse(parser, args); !problem.isEmpty()) {
        err << "orreryd migrate-store: " << masked(problem) << "\n" << migrateUsage();
        return 2;
    }
    QList<StoreUrl> urls;
    for (const QString &name : {QStringLiteral("from"), QStringLiteral("to")}) {
        if (parser.value(name).trimmed().isEmpty()) {
            err << "orreryd migrate-store: --" << name << " URL is required\n" << migrateUsage();
            return 2;
        }
        Result<StoreUrl> url = StoreUrl::parse(parser.value(name));
        if (!url.ok()) {
            err << "orreryd migrate-store: --" << name << ": " << masked(url.error().message) << "\n";
            return 2;
        }
        urls << url.value();
    }

    StoreCopyOptions options;
    options.replaceTarget = parser.isSet(QStringLiteral("force"));
    options.progress = [&err, page = options.pageRows](const QString &table, qint64 copied, qint64 total) {
        if (copied == 0)
            err << "copying " << table << " (" << total << " rows)\n";
        else if (copied % kProgressStep < page && copied < total)
            err << "  " << table << ": " << copied << " of " << total << " rows\n";
        err.flush();
    };
    Result<StoreCopyReport> report = StoreCopier(urls.at(0), urls.at(1), options).run();
    if (!report.ok()) {
        err << "orreryd migrate-store: " << masked(report.error().message);
        if (report.error().kind == Error::Kind::Conflict)
            err << "; run again with --force to replace the target's rows";
        err << "\n";
        return 1;
    }
    out << "Copied " << urls.at(0).masked() << " to " << urls.at(1).masked() << " (schema version " << report->schemaVersion
        << ") in one transaction";
    if (report->replacedRows > 0)
        out << ", replacing the target's " << report->replacedRows << " rows";
    out << ".\n" << QStringLiteral("%1 %2  %3  %4\n").arg(QStringLiteral("table"), -24).arg(QStringLiteral("rows"), 12)
                         .arg(QStringLiteral("sha-256"), -16).arg(QStringLiteral("match"));
    for (const TableCopyResult &t : report->tables)
        out << QStringLiteral("%1 %2  %3  %4\n").arg(t.table, -24).arg(t.targetRows, 12)
                   .arg(QString::fromLatin1(t.targetChecksum.left(16)), -16)
                   .arg(t.matches() ? QStringLiteral("yes") : QStringLiteral("NO"));
    out << "Every table's row count and checksum match on both sides.\n";
    return 0;
}

} // namespace orrery
