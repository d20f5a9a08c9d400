#include "ReportQueue.h"

#include "ConductorClient.h"
#include "RemoteTask.h"
#include "core/Clock.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcConductor)

namespace orrery {

ReportQueue::ReportQueue(ConductorClient *client, const Clock *clock, QObject *parent)
    : QObject(parent), m_client(client), m_clock(clock),
      m_backoff(200, 30000, 0.2, QRandomGenerator::global()->generate()), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ReportQueue::wake);
    m_useV2 = client->settings().useUpdateV2;
}

void ReportQueue::add(const TaskResult &result, const QString &workflowInstanceId)
{
    QJsonObject body = RemoteTask::resultJson(result, workflowInstanceId);
    auto it = m_entries.find(result.taskId);
    if (it != m_entries.end()) {
        it->body = std::move(body);
        it->replaced = it->inFlight;
    } else {
        Entry e;
        e.body = std::move(body);
        e.dueMs = m_clock->nowMs();
        m_entries.insert(result.taskId, e);
        m_order.append(result.taskId);
    }
    wake();
}

qint64 ReportQueue::nextDueMs() const
{
    qint64 next = -1;
    for (const Entry &e : m_entries)
        if (!e.inFlight)
            next = next < 0 ? e.dueMs : std::min(next, e.dueMs);
    return next < 0 ? -1 : std::max(next, m_holdUntilMs);
}

void ReportQueue::wake()
{
    if (m_inWake) // a reply that came synchronously (breaker open): the outer loop goes on
        return;
    m_inWake = true;
    const qint64 now = m_clock->nowMs();
    if (now >= m_holdUntilMs) {
        for (int i = 0; i < m_order.size() && m_inFlight < kMaxInFlight; ++i) {
            const QString id = m_order.at(i);
            const Entry &e = m_entries[id];
            if (!e.inFlight && e.dueMs <= now)
                send(id);
            if (m_clock->nowMs() < m_holdUntilMs) // a synchronous refusal (breaker open) holds the rest
                break;
        }
    }
    m_inWake = false;
    arm();
}

void ReportQueue::arm()
{
    const qint64 next = nextDueMs();
    if (next < 0 || m_inFlight >= kMaxInFlight) {
        m_timer->stop();
        return;
    }
    m_timer->start(int(std::clamp<qint64>(next - m_clock->nowMs(), 0, 60000)));
}

void ReportQueue::send(const QString &taskId)
{
    Entry &e = m_entries[taskId];
    e.inFlight = true;
    e.replaced = false;
    ++e.attempts;
    if (e.attempts > 1)
        ++m_retries;
    ++m_inFlight;
    const QString status = e.body.value(QStringLiteral("status")).toString();
    const bool viaV2 = m_useV2 && status != QLatin1String("IN_PROGRESS");
    ConductorRequest request;
    request.method = "POST";
    request.path = viaV2 ? QStringLiteral("/api/tasks/update-v2") : QStringLiteral("/api/tasks");
    request.body = QJsonDocument(e.body).toJson(QJsonDocument::Compact);
    m_client->call(std::move(request), [this, taskId, viaV2](ConductorReply reply) { onReply(taskId, reply, viaV2); });
}

void ReportQueue::onReply(const QString &taskId, const ConductorReply &reply, bool viaV2)
{
    --m_inFlight;
    auto it = m_entries.find(taskId);
    if (it == m_entries.end())
        return;
    const int status = reply.status;
    const bool refused = reply.refusedByBreaker;
    const qint64 retryAfterMs = reply.retryAfterMs;
    const QString message = reply.describe();
    if (viaV2 && (status == 404 || status == 405)) {
        // No update-v2 on this server (or the task is unknown: POST /api/tasks will say so).
        m_useV2 = false;
        qCInfo(lcConductor).noquote() << "the Conductor server answered" << status
                                      << "to POST /api/tasks/update-v2: results go by POST /api/tasks from now on";
        it->inFlight = false;
        it->dueMs = m_clock->nowMs();
        wake();
        return;
    }
    if (viaV2 && status == 200) {
        const QJsonObject next = reply.json().object();
        if (!next.value(QStringLiteral("taskId")).toString().isEmpty())
            Q_EMIT nextTask(next);
    }
    const qint64 now = m_clock->nowMs();
    const bool success = status >= 200 && status < 300;
    const bool keep = refused || status == 0 || status >= 500 || status == 429 || status == 408 || status == 401
                      || status == 403;
    if (it->replaced && (success || !keep)) { // a newer result waits: send it next
        it->inFlight = false;
        it->dueMs = now;
    } else if (success || !keep) {
        if (success) {
            ++m_delivered;
            m_backoff.reset();
            m_holdUntilMs = 0;
        } else if (status == 409) {
            // Orrery (and forks) answer 409 for a task that already ended, e.g. a task run twice
            // because its hand-out was lost with the server (delivery is at least once).
            ++m_superseded;
            qCInfo(lcConductor).noquote() << "result of task" << taskId << "not applied, the task already ended:" << message;
        } else {
            ++m_dropped;
            qCWarning(lcConductor).noquote() << "result of task" << taskId << "refused for good:" << message;
        }
        m_entries.erase(it);
        m_order.removeOne(taskId);
        Q_EMIT settled(taskId, success, success ? QString() : message);
    } else {
        it->inFlight = false;
        const qint64 wait = refused ? retryAfterMs : m_backoff.next();
        it->dueMs = now + wait;
        m_holdUntilMs = std::max(m_holdUntilMs, now + wait);
        if (!refused && m_backoff.attempts() <= 1)
            qCWarning(lcConductor).noquote() << "result of task" << taskId << "not delivered, kept for a retry:" << message;
    }
    if (m_entries.isEmpty())
        Q_EMIT empty();
    wake();
}

} // namespace orrery
