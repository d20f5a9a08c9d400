#pragma once

#include "server/ManPage.h"

#include <QCommandLineOption>
#include <QList>

namespace orrery {

// The console's help: its own options on top of orreryd's table, printed by --help and
// rendered into orrery(1) by --man-page.
namespace ConsoleHelp {

QString description();
// Every option the console parses: orreryd's table, then --headless, --connect and --lang.
QList<QCommandLineOption> options();
ManPage manPage(const QList<QCommandLineOption> &options);
// True when argv asks for something no window is needed for (--headless, --help, --version,
// --man-page), so no display connection is attempted.
bool needsNoWindow(int argc, char *argv[]);
bool wantsHeadless(int argc, char *argv[]);

} // namespace ConsoleHelp

} // namespace orrery
