#include "ProgressEstimator.h"

#include <algorithm>
#include <cmath>

namespace orrery {

ProgressEstimator::ProgressEstimator(qsizetype capacity) : m_capacity(std::max<qsizetype>(1, capacity)) {}

double ProgressEstimator::percentOf(const QJsonObject &payload)
{
    for (const QJsonObject &o : {payload, payload.value(QLatin1String("outputData")).toObject(),
                                 payload.value(QLatin1String("output")).toObject()}) {
        for (const char *key : {"percent", "progress"}) {
            const QJsonValue v = o.value(QLatin1String(key));
            if (v.isDouble() && std::isfinite(v.toDouble()))
                return std::clamp(v.toDouble(), 0.0, 100.0);
        }
    }
    return -1;
}

QJsonObject ProgressEstimator::enrich(const QJsonObject &payload, qint64 timeMs)
{
    QJsonObject out = payload;
    const double p = percentOf(payload);
    if (p < 0)
        return out;
    out.insert(QStringLiteral("percent"), p);
    if (payload.value(QLatin1String("etaSeconds")).isDouble())
        return out;
    const QString taskId = payload.value(QLatin1String("taskId")).toString();
    auto eta = [&](double elapsedMs, double done) {
        if (done <= 0 || elapsedMs <= 0)
            return;
        const double seconds = elapsedMs / 1000.0 * (100.0 - p) / done;
        out.insert(QStringLiteral("etaSeconds"), std::round(seconds * 10.0) / 10.0);
    };
    const qint64 start = qint64(payload.value(QLatin1String("startTime")).toDouble());
    if (p >= 100) {
        out.insert(QStringLiteral("etaSeconds"), 0);
    } else if (start > 0 && timeMs > start) {
        eta(double(timeMs - start), p);
    } else if (!taskId.isEmpty()) {
        const auto it = m_first.constFind(taskId);
        if (it == m_first.constEnd()) {
            if (qsizetype(m_order.size()) >= m_capacity) {
                m_first.remove(m_order.front());
                m_order.pop_front();
            }
            m_first.insert(taskId, Sample{timeMs, p});
            m_order.push_back(taskId);
        } else {
            eta(double(timeMs - it->timeMs), p - it->percent);
        }
    }
    return out;
}

void ProgressEstimator::forget(const QString &taskId)
{
    if (!m_first.isEmpty())
        m_first.remove(taskId); // its m_order entry expires on its own
}

} // namespace orrery
