#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <deque>

namespace orrery {

// Turns the engine's progress_update payloads into what a dashboard shows: `percent` (0..100)
// and `etaSeconds`. The percentage comes from the payload ("percent" or "progress", at the top or
// in "outputData"/"output": what the worker reported). The ETA is the worker's own "etaSeconds"
// when it sent one; otherwise it is extrapolated linearly from the task's "startTime" when the
// payload has it, else from the first progress seen for that task. Remembers at most
// `capacity` tasks (oldest forgotten first). Not thread-safe.
class ProgressEstimator
{
public:
    explicit ProgressEstimator(qsizetype capacity = 10000);

    QJsonObject enrich(const QJsonObject &payload, qint64 timeMs);
    void forget(const QString &taskId);

    static double percentOf(const QJsonObject &payload); // -1 when absent

private:
    struct Sample
    {
        qint64 timeMs;
        double percent;
    };
    qsizetype m_capacity;
    QHash<QString, Sample> m_first;
    std::deque<QString> m_order;
};

} // namespace orrery
