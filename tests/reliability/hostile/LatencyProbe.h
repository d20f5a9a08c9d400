#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <atomic>
#include <thread>

namespace orrery::test {

// The well-behaved client: on a thread of its own, calls GET /api/tasks and GET /healthz
// alternately (a fresh connection each, as a new client would) every intervalMs and records each
// call's latency and status while an attack runs. stop() returns the figures.
class LatencyProbe
{
public:
    struct Figures
    {
        int calls = 0;
        int ok = 0;         // 2xx
        int failed = 0;     // anything else, or no answer within the timeout
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
        QString firstError;
        QString row() const; // "calls ok failed p50 p99 max" for the figure tables
    };

    LatencyProbe(quint16 port, QByteArray token, int intervalMs = 20, int timeoutMs = 5000);
    ~LatencyProbe();

    void start();
    Figures stop();
    // A baseline: `calls` calls in a row with nothing else going on.
    static Figures baseline(quint16 port, const QByteArray &token, int calls);

private:
    void run();
    static Figures summarize(QList<double> ms, int ok, int failed, const QString &firstError);

    quint16 m_port;
    QByteArray m_token;
    int m_intervalMs;
    int m_timeoutMs;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    QMutex m_mutex;
    QList<double> m_ms;
    int m_ok = 0;
    int m_failed = 0;
    QString m_firstError;
};

} // namespace orrery::test
