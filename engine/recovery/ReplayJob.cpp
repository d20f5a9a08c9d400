#include "ReplayJob.h"

#include <cmath>

namespace orrery {

ReplayJob::ReplayJob(QString id, QStringList entryIds, double ratePerSecond, qint64 startMs, QString by)
    : m_id(std::move(id)), m_entries(std::move(entryIds)), m_rate(ratePerSecond), m_startMs(startMs), m_by(std::move(by))
{
}

qint64 ReplayJob::nextDueMs() const
{
    if (allIssued())
        return -1;
    if (m_rate <= 0)
        return m_startMs;
    return m_startMs + qint64(std::ceil(double(m_next) * 1000.0 / m_rate));
}

QStringList ReplayJob::takeDue(qint64 nowMs)
{
    QStringList due;
    while (!allIssued() && nextDueMs() <= nowMs) {
        due.append(m_entries.at(m_next++));
        ++m_pendingReplies;
    }
    return due;
}

void ReplayJob::replied(bool ok)
{
    if (m_pendingReplies > 0)
        --m_pendingReplies;
    ++(ok ? m_succeeded : m_failed);
}

QJsonObject ReplayJob::toJson(qint64 nowMs) const
{
    QJsonObject o{{QStringLiteral("jobId"), m_id},
                  {QStringLiteral("by"), m_by},
                  {QStringLiteral("total"), total()},
                  {QStringLiteral("issued"), m_next},
                  {QStringLiteral("succeeded"), m_succeeded},
                  {QStringLiteral("failed"), m_failed},
                  {QStringLiteral("ratePerSecond"), m_rate},
                  {QStringLiteral("startedMs"), double(m_startMs)},
                  {QStringLiteral("finished"), finished()}};
    if (const qint64 next = nextDueMs(); next >= 0)
        o.insert(QStringLiteral("nextDueInMs"), double(std::max<qint64>(0, next - nowMs)));
    return o;
}

} // namespace orrery
