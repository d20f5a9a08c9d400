// orrery: the desktop console. Wiring only: options, translations, the client, the window.
// `orrery --headless` serves like orreryd (same options) without a window.

#include "ConsoleHelp.h"
#include "core/OrreryEnvironment.h"
#include "server/ServerOptions.h"
#include "server/ServerRunner.h"

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
#include <QTextStream>
#include <QTranslator>
#include <QUrl>

#include <cstdio>
#include <memory>

using namespace orrery;

int main(int argc, char *argv[])
{
    std::unique_ptr<QCoreApplication> app;
    const bool headless = ConsoleHelp::wantsHeadless(argc, argv);
    if (ConsoleHelp::needsNoWindow(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("orrery"));
    QCoreApplication::setOrganizationName(QStringLiteral("orrery"));
    QCoreApplication::setApplicationVersion(HttpApiServer::buildVersion());

    QCommandLineParser parser;
    parser.setApplicationDescription(ConsoleHelp::description());
    parser.addHelpOption();
    parser.addVersionOption();
    const QList<QCommandLineOption> options = ConsoleHelp::options();
    parser.addOptions(options);
    QCommandLineOption manPage(QStringLiteral("man-page"), QStringLiteral("Print the manual page (roff) and exit."));
    manPage.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(manPage);
    parser.process(*app);
    if (parser.isSet(manPage)) {
        QTextStream(stdout) << ConsoleHelp::manPage(options).render(QCoreApplication::applicationVersion());
        return 0;
    }
    // The console's local engine reads a missing Conductor key secret from the keychain;
    // headless, as orreryd, it must be given.
    auto resolved = ServerOptions::resolve(parser, OrreryEnvironment::ofProcess(),
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

    // Wayland compositors and docks match the window to installer/org.orrery.Orrery.desktop (its icon, name).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.orrery.Orrery"));
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
