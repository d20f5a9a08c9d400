#include "LatencyProbe.h"

#include "RawHttp.h"

#include <algorithm>
#include <chrono>

namespace orrery::test {

namespace {

double percentile(const QList<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype i = qBound<qsizetype>(0, qsizetype(p * double(sorted.size() - 1) + 0.5), sorted.size() - 1);
    return sorted[i];
}

QByteArray target(int n)
{
    return n % 2 == 0 ? QByteArray("/api/tasks?size=5") : QByteArray("/healthz");
}

} // namespace

QString LatencyProbe::Figures::row() const
{
    return QStringLiteral("%1 calls, %2 ok, %3 failed, p50 %4 ms, p99 %5 ms, max %6 ms")
        .arg(calls).arg(ok).arg(failed)
        .arg(p50Ms, 0, 'f', 1).arg(p99Ms, 0, 'f', 1).arg(maxMs, 0, 'f', 1);
}

LatencyProbe::LatencyProbe(quint16 port, QByteArray token, int intervalMs, int timeoutMs)
    : m_port(port), m_token(std::move(token)), m_intervalMs(intervalMs), m_timeoutMs(timeoutMs)
{
}

LatencyProbe::~LatencyProbe()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void LatencyProbe::start()
{
    m_stop = false;
    m_thread = std::thread([this] { run(); });
}

void LatencyProbe::run()
{
    for (int n = 0; !m_stop; ++n) {
        const RawHttp::Reply r = RawHttp::request(m_port, "GET", target(n), m_token, {}, m_timeoutMs);
        {
            QMutexLocker lock(&m_mutex);
            m_ms.append(r.ms);
            if (r.status >= 200 && r.status < 300) {
                ++m_ok;
            } else {
                ++m_failed;
                if (m_firstError.isEmpty())
                    m_firstError = QStringLiteral("%1 %2: %3").arg(QString::fromLatin1(target(n))).arg(r.status).arg(r.error);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(m_intervalMs));
    }
}

LatencyProbe::Figures LatencyProbe::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    QMutexLocker lock(&m_mutex);
    return summarize(m_ms, m_ok, m_failed, m_firstError);
}

LatencyProbe::Figures LatencyProbe::baseline(quint16 port, const QByteArray &token, int calls)
{
    QList<double> ms;
    int ok = 0, failed = 0;
    QString firstError;
    for (int n = 0; n < calls; ++n) {
        const RawHttp::Reply r = RawHttp::request(port, "GET", target(n), token, {}, 5000);
        ms.append(r.ms);
        if (r.status >= 200 && r.status < 300) {
            ++ok;
        } else {
            ++failed;
            if (firstError.isEmpty())
                firstError = QStringLiteral("%1: %2").arg(r.status).arg(r.error);
        }
    }
    return summarize(ms, ok, failed, firstError);
}

LatencyProbe::Figures LatencyProbe::summarize(QList<double> ms, int ok, int failed, const QString &firstError)
{
    std::sort(ms.begin(), ms.end());
    Figures f;
    f.calls = int(ms.size());
    f.ok = ok;
    f.failed = failed;
    f.p50Ms = percentile(ms, 0.50);
    f.p99Ms = percentile(ms, 0.99);
    f.maxMs = ms.isEmpty() ? 0 : ms.last();
    f.firstError = firstError;
    return f;
}

} // namespace orrery::test
