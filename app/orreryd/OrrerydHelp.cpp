#include "OrrerydHelp.h"

#include "server/ServerOptions.h"

namespace orrery::OrrerydHelp {

QList<ManPage::Entry> commands()
{
    return {
        {QStringLiteral("orreryd cron next EXPR [--tz ZONE] [--from ISO] [--count N]"),
         QStringLiteral("Print the next fire times of a cron rule.")},
        {QStringLiteral("orreryd cron next --batch"),
         QStringLiteral("Read EXPR<TAB>ZONE<TAB>START<TAB>N lines on stdin and print each one's fire times.")},
        {QStringLiteral("orreryd token create --name N --role viewer|operator|admin [--project ID]..."),
         QStringLiteral("Create an API token (shown once; only its hash is stored).")},
        {QStringLiteral("orreryd token list [--all] [--json]"), QStringLiteral("List API tokens.")},
        {QStringLiteral("orreryd token revoke TOKEN_ID"), QStringLiteral("Revoke an API token.")},
        {QStringLiteral("orreryd conductor push --conductor-url URL [--conductor-key-id ID --conductor-key-secret S] "
                        "[--only-workflow NAME]... [--dry-run]"),
         QStringLiteral("Push the store's task and workflow definitions to a Conductor server.")},
        {QStringLiteral("orreryd backup --to FILE [--config F | --data-dir D | --db URL]"),
         QStringLiteral("Copy the SQLite store online, verified, never over an existing FILE; for PostgreSQL print the "
                        "pg_dump/pg_restore commands and exit 3.")},
        {QStringLiteral("orreryd migrate-store --from URL --to URL [--force]"),
         QStringLiteral("Copy every table to another store (e.g. SQLite to PostgreSQL), all or nothing, verified by "
                        "checksums; --force replaces a non-empty target's rows.")},
    };
}

QString description()
{
    QString text = QStringLiteral(
        "Orrery headless server: the task engine with its REST API (Conductor-compatible worker,\n"
        "metadata and workflow routes) on one port, on an embedded SQLite store or PostgreSQL.\n"
        "Settings: command line > ORRERY_* environment > --config file > defaults.\n"
        "Every route but /healthz needs a bearer token; on first start an admin token is written\n"
        "to <data-dir>/admin-token (mode 0600).\n\n"
        "Commands:\n");
    for (const ManPage::Entry &c : commands())
        text += QStringLiteral("  %1\n      %2\n").arg(c.term, c.text);
    text += QStringLiteral(
        "\nConductor client mode: --conductor-mode client --conductor-url URL runs this server's local\n"
        "task types as workers of that Conductor server and starts scheduled jobs' workflows there\n"
        "(docs/conductor-client.md).");
    return text;
}

ManPage manPage(const QList<QCommandLineOption> &options)
{
    ManPage page(QStringLiteral("orreryd"), QStringLiteral("Orrery's headless task engine server"));
    page.setSynopsis({QStringLiteral("orreryd [OPTION]..."), QStringLiteral("orreryd COMMAND [ARGUMENT]...")});
    page.setDescription(QStringLiteral(
        "orreryd runs the Orrery task engine: scheduled jobs (cron, interval, one-shot) start workflows in\n"
        "Netflix/Orkes Conductor's model, executed by local workers and by remote Conductor workers that poll\n"
        "its REST API. State is kept on an embedded SQLite store (the default) or on PostgreSQL. The same port\n"
        "serves the REST API, a Socket.IO v4 compatible WebSocket hub, /metrics and /healthz.\n"
        "\n"
        "Settings are taken from the command line, then ORRERY_* environment variables, then the JSON\n"
        "--config file (whose keys are the option names without dashes), then the defaults.\n"
        "\n"
        "Every route but /healthz needs a bearer token. On first start an admin token is written to\n"
        "<data-dir>/admin-token with mode 0600; only its hash is stored.\n"
        "\n"
        "With --conductor-mode client and --conductor-url, the local task types work for a remote Conductor\n"
        "server and scheduled jobs start their workflows there."));
    page.setCommands(commands());
    page.setOptions(options + ManPage::helpAndVersionOptions());
    page.setEnvironment(ServerOptions::environmentVariables());
    page.addSection(QStringLiteral("Signals"), QStringLiteral(
        "SIGTERM or SIGINT drains: no new tasks are handed out, running local tasks get --drain-timeout seconds,\n"
        "everything is committed and orreryd exits 0. A second signal exits at once; the store stays consistent."));
    page.addSection(QStringLiteral("Files"), QStringLiteral(
        "/etc/orrery/orreryd.conf\n"
        "The packaged service's --config file (JSON).\n"
        "\n"
        "<data-dir>/orrery.db, <data-dir>/admin-token\n"
        "The SQLite store and the first admin token. The default data directory is ~/.local/share/orrery;\n"
        "the packaged service uses /var/lib/orrery."));
    page.addSection(QStringLiteral("Exit status"), QStringLiteral(
        "0 after a drain or a successful command; 1 when the server cannot start or a command fails; 2 for bad\n"
        "options or configuration; 3 from backup on a PostgreSQL store (it prints the pg_dump commands instead)."));
    page.addSection(QStringLiteral("See also"), QStringLiteral("orrery(1), systemd.service(5)"));
    return page;
}

} // namespace orrery::OrrerydHelp
