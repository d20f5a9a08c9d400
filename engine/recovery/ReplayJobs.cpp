#include "ReplayJobs.h"

namespace orrery {

QString ReplayJobs::start(const QStringList &entryIds, double ratePerSecond, qint64 nowMs, const QString &by)
{
    const QString id = QStringLiteral("replay-%1").arg(++m_next);
    m_jobs.emplace_back(id, entryIds, ratePerSecond, nowMs, by);
    int finished = 0;
    for (const ReplayJob &j : m_jobs)
        finished += j.finished() ? 1 : 0;
    for (auto it = m_jobs.begin(); it != m_jobs.end() && finished > kKeepFinished;) {
        if (it->finished()) {
            it = m_jobs.erase(it);
            --finished;
        } else {
            ++it;
        }
    }
    return id;
}

QList<ReplayJobs::Due> ReplayJobs::takeDue(qint64 nowMs)
{
    QList<Due> due;
    for (ReplayJob &job : m_jobs)
        for (const QString &entry : job.takeDue(nowMs))
            due.append(Due{job.id(), job.by(), entry});
    return due;
}

void ReplayJobs::replied(const QString &jobId, bool ok)
{
    for (ReplayJob &job : m_jobs)
        if (job.id() == jobId)
            job.replied(ok);
}

qint64 ReplayJobs::nextDueMs() const
{
    qint64 next = -1;
    for (const ReplayJob &job : m_jobs)
        if (const qint64 due = job.nextDueMs(); due >= 0 && (next < 0 || due < next))
            next = due;
    return next;
}

QJsonArray ReplayJobs::toJson(qint64 nowMs) const
{
    QJsonArray out;
    for (const ReplayJob &job : m_jobs)
        out.append(job.toJson(nowMs));
    return out;
}

} // namespace orrery
