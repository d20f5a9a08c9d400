#pragma once

#include <QString>
#include <QStringList>

namespace orrery::test {

// Runs a command to completion (blocking) and keeps its exit code and output, for test fixtures.
// As root, `runAs` names a user to run it as (through runuser, or su if runuser is missing).
struct ProcessResult
{
    bool started = false;
    int exitCode = -1;
    QString output; // stdout and stderr merged
    QString describe(const QString &program) const;
};

class ProcessRunner
{
public:
    static ProcessResult run(const QString &program, const QStringList &args, int timeoutMs = 60000,
                             const QString &runAs = QString());
    static bool isRoot();
};

} // namespace orrery::test
