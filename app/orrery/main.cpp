// orrery: the desktop console. Wiring only: options, translations, the client, the window.
// `orrery --headless` serves like orreryd (same options) without a window.

#include "ServerOptions.h"
#include "ServerRunner.h"

#include "LocalEngineClient.h"
#include "MainWindow.h"
#include "RemoteEngineClient.h"
#include "SettingsDialog.h"
#include "Theme.h"
#include "api/HttpApiServer.h"
#include "core/Clock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <QUrl>

#include <cstdio>
#include <cstring>
#include <memory>

using namespace orrery;

namespace {

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Orrery desktop console. Without options it runs the engine in-process (local mode; its HTTP API\n"
        "also serves remote dashboards, on --port). --connect attaches to a remote orreryd instead\n"
        "(token from ORRERY_TOKEN). --headless serves like orreryd, without a window."));
    parser.addHelpOption();
    parser.addVersionOption();
    ServerOptions::addOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("headless"), QStringLiteral("Serve like orreryd; no window.")));
    parser.addOption(QCommandLineOption(QStringLiteral("connect"), QStringLiteral("Attach to the orreryd at URL."), QStringLiteral("URL")));
    parser.addOption(QCommandLineOption(QStringLiteral("lang"), QStringLiteral("UI language (en, de); default: the system locale."),
                                        QStringLiteral("LANG")));
}

bool wantsHeadless(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--headless") == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    std::unique_ptr<QCoreApplication> app;
    const bool headless = wantsHeadless(argc, argv);
    if (headless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("orrery"));
    QCoreApplication::setOrganizationName(QStringLiteral("orrery"));
    QCoreApplication::setApplicationVersion(HttpApiServer::buildVersion());

    QCommandLineParser parser;
    addOptions(parser);
    parser.process(*app);
    // The console's local engine reads a missing Conductor key secret from the keychain;
    // headless, as orreryd, it must be given.
    auto resolved = ServerOptions::resolve(parser, ServerOptions::processEnvironment(),
                                           headless ? ServerOptions::KeySecretSource::OptionsOnly
                                                    : ServerOptions::KeySecretSource::OptionsOrKeychain);
    if (!resolved.ok()) {
        fprintf(stderr, "orrery: %s\n", qPrintable(resolved.error().message));
        return 2;
    }
    if (headless)
        return runServer(*resolved, "orrery");
    resolved->exportToEnvironment(); // the local engine reads them as orreryd's server does

    QSettings settings;
    QTranslator translator;
    const QString lang = parser.value(QStringLiteral("lang")).isEmpty() ? settings.value(QStringLiteral("language")).toString()
                                                                         : parser.value(QStringLiteral("lang"));
    const QLocale locale = lang.isEmpty() ? QLocale::system() : QLocale(lang);
    if (translator.load(locale, QStringLiteral("orrery"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    QTranslator qtTranslator;
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);

    Theme::apply(static_cast<QApplication &>(*app), Theme::parse(settings.value(QLatin1String(SettingsDialog::kThemeKey)).toString()));
    SystemClock clock;
    const ServerConfig local = resolved->serverConfig();
    MainWindow window(&clock, &settings);
    window.setClientFactory([&clock, local](bool isLocal, const QString &url, const QString &token) -> EngineClient * {
        if (isLocal)
            return new LocalEngineClient(local);
        return new RemoteEngineClient(QUrl(url), token, &clock);
    });
    const QString connectUrl = parser.value(QStringLiteral("connect"));
    if (!connectUrl.isEmpty())
        window.setClient(new RemoteEngineClient(QUrl(connectUrl), qEnvironmentVariable("ORRERY_TOKEN"), &clock));
    else
        window.setClient(new LocalEngineClient(local));
    window.show();
    return app->exec();
}
