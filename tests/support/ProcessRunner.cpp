#include "support/ProcessRunner.h"

#include <QProcess>
#include <QStandardPaths>

#include <unistd.h>

namespace orrery::test {

QString ProcessResult::describe(const QString &program) const
{
    if (!started)
        return QStringLiteral("%1 could not be started").arg(program);
    return QStringLiteral("%1 exited with %2: %3").arg(program).arg(exitCode).arg(output.trimmed().right(2000));
}

bool ProcessRunner::isRoot()
{
    return ::geteuid() == 0;
}

ProcessResult ProcessRunner::run(const QString &program, const QStringList &args, int timeoutMs, const QString &runAs)
{
    QString exe = program;
    QStringList argv = args;
    if (!runAs.isEmpty() && isRoot()) {
        const QString runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"));
        if (!runuser.isEmpty()) {
            exe = runuser;
            argv = QStringList{QStringLiteral("-u"), runAs, QStringLiteral("--"), program} + args;
        } else {
            QStringList quoted{program};
            for (const QString &a : args)
                quoted << QLatin1Char('\'') + QString(a).replace(QLatin1Char('\''), QLatin1String("'\\''")) + QLatin1Char('\'');
            exe = QStringLiteral("su");
            argv = QStringList{runAs, QStringLiteral("-s"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                               quoted.join(QLatin1Char(' '))};
        }
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(exe, argv);
    ProcessResult result;
    if (!p.waitForStarted(10000))
        return result;
    result.started = true;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(3000);
        result.output = QString::fromLocal8Bit(p.readAll()) + QStringLiteral("\n(timed out after %1 ms)").arg(timeoutMs);
        return result;
    }
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    result.output = QString::fromLocal8Bit(p.readAll());
    return result;
}

} // namespace orrery::test
