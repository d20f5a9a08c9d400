#include "ConsoleHelp.h"

#include "server/ServerOptions.h"

#include <cstring>

namespace orrery::ConsoleHelp {

namespace {

bool hasArgument(int argc, char *argv[], std::initializer_list<const char *> names)
{
    for (int i = 1; i < argc; ++i)
        for (const char *n : names)
            if (std::strcmp(argv[i], n) == 0)
                return true;
    return false;
}

} // namespace

QString description()
{
    return QStringLiteral(
        "Orrery desktop console. Without options it runs the engine in-process (local mode; its HTTP API\n"
        "also serves remote dashboards, on --listen). --connect attaches to a remote orreryd instead\n"
        "(token from ORRERY_TOKEN). --headless serves like orreryd, without a window.");
}

QList<QCommandLineOption> options()
{
    QList<QCommandLineOption> all = ServerOptions::commandLineOptions();
    all.append(QCommandLineOption(QStringLiteral("headless"), QStringLiteral("Serve like orreryd; no window.")));
    all.append(QCommandLineOption(QStringLiteral("connect"), QStringLiteral("Attach to the orreryd at URL."), QStringLiteral("URL")));
    all.append(QCommandLineOption(QStringLiteral("lang"), QStringLiteral("UI language (en, de); default: the system locale."),
                                  QStringLiteral("LANG")));
    return all;
}

ManPage manPage(const QList<QCommandLineOption> &options)
{
    ManPage page(QStringLiteral("orrery"), QStringLiteral("Orrery's desktop operations console"));
    page.setSynopsis({QStringLiteral("orrery [OPTION]..."), QStringLiteral("orrery --connect URL"),
                      QStringLiteral("orrery --headless [OPTION]...")});
    page.setDescription(QStringLiteral(
        "orrery is the desktop console of the Orrery task engine: live views of tasks, workflows, the\n"
        "dead-letter queue, circuit breakers, scheduled jobs and workers, with the operator's actions.\n"
        "\n"
        "Without --connect it runs the engine in-process on the same options as orreryd(1) (local mode); its\n"
        "HTTP API serves remote dashboards on --listen as orreryd's does. With --connect it attaches to a\n"
        "remote orreryd with the token in ORRERY_TOKEN; the connection dialog can keep tokens in the system\n"
        "keychain.\n"
        "--headless serves like orreryd, without a window.\n"
        "\n"
        "A Conductor key secret given in local mode is kept in the system keychain and read from there\n"
        "when only the key id is given."));
    page.setOptions(options + ManPage::helpAndVersionOptions());
    QList<ManPage::Entry> env = ServerOptions::environmentVariables();
    env.prepend({QStringLiteral("ORRERY_TOKEN"), QStringLiteral("The API token --connect uses.")});
    page.setEnvironment(env);
    page.addSection(QStringLiteral("Files"), QStringLiteral(
        "~/.config/orrery/orrery.conf\n"
        "The console's settings (servers, language, theme; no secrets: those are in the keychain).\n"
        "\n"
        "~/.local/share/orrery\n"
        "The local engine's data directory: orrery.db and admin-token."));
    page.addSection(QStringLiteral("See also"), QStringLiteral("orreryd(1)"));
    return page;
}

bool needsNoWindow(int argc, char *argv[])
{
    return hasArgument(argc, argv, {"--headless", "--help", "-h", "--help-all", "--version", "-v", "--man-page"});
}

bool wantsHeadless(int argc, char *argv[])
{
    return hasArgument(argc, argv, {"--headless"});
}

} // namespace orrery::ConsoleHelp
