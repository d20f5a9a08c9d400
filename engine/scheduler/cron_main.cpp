// orrery-cron: the `orreryd cron ...` command as a standalone tool, e.g.
//   orrery-cron next '30 2 * * *' --tz America/New_York --from 2024-03-09T22:00:00-05:00 --count 3
#include "scheduler/CronCommand.h"

#include <QCoreApplication>
#include <QTextStream>
#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args.first() != QLatin1String("cron"))
        args.prepend(QStringLiteral("cron"));
    QTextStream in(stdin);
    QTextStream out(stdout);
    QTextStream err(stderr);
    return orrery::runCronCommand(args, in, out, err);
}
