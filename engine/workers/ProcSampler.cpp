#include "ProcSampler.h"

#include <QFile>
#include <QList>
#include <unistd.h>

namespace orrery {

namespace {

std::optional<QByteArray> readProcFile(qint64 pid, const char *name)
{
    QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray data = file.readAll();
    if (data.isEmpty())
        return std::nullopt;
    return data;
}

} // namespace

qint64 ProcSampler::ticksPerSecond()
{
    const long hz = sysconf(_SC_CLK_TCK);
    return hz > 0 ? hz : 100;
}

std::optional<qint64> ProcSampler::parseStatCpuTicks(const QByteArray &stat)
{
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    // After "pid (comm)": field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
    const QList<QByteArray> fields = stat.mid(close + 1).simplified().split(' ');
    if (fields.size() < 13)
        return std::nullopt;
    bool okUser = false;
    bool okSystem = false;
    const qint64 user = fields.at(11).toLongLong(&okUser);
    const qint64 system = fields.at(12).toLongLong(&okSystem);
    if (!okUser || !okSystem)
        return std::nullopt;
    return user + system;
}

bool ProcSampler::parseStatus(const QByteArray &status, qint64 *rssBytes, int *threads)
{
    bool haveThreads = false;
    *rssBytes = 0; // kernel threads have no VmRSS line
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith("VmRSS:")) {
            const QList<QByteArray> parts = line.mid(6).simplified().split(' ');
            bool ok = false;
            const qint64 value = parts.value(0).toLongLong(&ok);
            if (!ok)
                return false;
            const QByteArray unit = parts.value(1).toLower();
            *rssBytes = unit == "kb" ? value * 1024 : unit == "mb" ? value * 1024 * 1024 : value;
        } else if (line.startsWith("Threads:")) {
            *threads = line.mid(8).trimmed().toInt(&haveThreads);
        }
    }
    return haveThreads;
}

std::optional<ProcSample> ProcSampler::sample(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    const std::optional<QByteArray> stat = readProcFile(pid, "stat");
    const std::optional<QByteArray> status = readProcFile(pid, "status");
    if (!stat || !status)
        return std::nullopt;
    const std::optional<qint64> ticks = parseStatCpuTicks(*stat);
    ProcSample s;
    if (!ticks || !parseStatus(*status, &s.rssBytes, &s.threads))
        return std::nullopt;
    s.cpuTicks = *ticks;
    return s;
}

} // namespace orrery
