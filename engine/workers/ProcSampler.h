#pragma once

#include <QByteArray>
#include <QtGlobal>
#include <optional>

namespace orrery {

// One reading of a process from Linux /proc: cumulative CPU time (user + system, in clock
// ticks) from /proc/<pid>/stat, resident set size and thread count from /proc/<pid>/status.
struct ProcSample
{
    qint64 cpuTicks = 0;
    qint64 rssBytes = 0;
    int threads = 0;
};

class ProcSampler
{
public:
    // nullopt when the process does not exist (or is not readable).
    static std::optional<ProcSample> sample(qint64 pid);
    static qint64 ticksPerSecond(); // sysconf(_SC_CLK_TCK)

    // Parsers, exposed for tests. parseStat returns utime + stime of a /proc/<pid>/stat line
    // (the command name may contain spaces and parentheses).
    static std::optional<qint64> parseStatCpuTicks(const QByteArray &stat);
    static bool parseStatus(const QByteArray &status, qint64 *rssBytes, int *threads);
};

} // namespace orrery
