#pragma once

#include "server/ManPage.h"

#include <QCommandLineOption>
#include <QList>

namespace orrery {

// orreryd's help: one table of commands and one description, printed by --help and rendered
// into the manual page by --man-page.
namespace OrrerydHelp {

QList<ManPage::Entry> commands();
// The --help text above the options: what orreryd is, its commands, client mode.
QString description();
// orreryd(1) with `options` (the parser's own list, plus help and version).
ManPage manPage(const QList<QCommandLineOption> &options);

} // namespace OrrerydHelp

} // namespace orrery
