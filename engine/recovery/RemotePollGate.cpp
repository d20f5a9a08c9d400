#include "RemotePollGate.h"

#include "BreakerRegistry.h"
#include "CircuitBreaker.h"

#include "core/TaskDef.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPollGate, "orrery.recovery.poll")

namespace orrery {

RemotePollGate::RemotePollGate(BreakerRegistry *registry, QObject *parent)
    : QObject(parent), m_registry(registry), m_definitions(registry)
{
}

RemotePollGate *RemotePollGate::attachedTo(QObject *host, BreakerRegistry *registry)
{
    const QString name = QString::fromLatin1(kObjectName);
    if (auto *existing = host->findChild<RemotePollGate *>(name, Qt::FindDirectChildrenOnly))
        return existing;
    auto *created = new RemotePollGate(registry, host);
    created->setObjectName(name);
    return created;
}

CircuitBreaker *RemotePollGate::breakerFor(const QString &taskType, const TaskDef *def)
{
    const QString name = TaskGuard::taskBreakerName(taskType);
    if (def && !def->breaker.isEmpty()) {
        m_definitions.applyTaskConfig(*def);
        return m_registry->breaker(name);
    }
    return m_registry->find(name);
}

int RemotePollGate::admit(const QString &taskType, const TaskDef *def, int count, bool freshPoll)
{
    CircuitBreaker *b = breakerFor(taskType, def);
    if (!b || count <= 0)
        return count;
    const CircuitBreaker::State state = b->state();
    if (state == CircuitBreaker::State::Closed)
        return count;
    int granted = 0;
    if (state == CircuitBreaker::State::HalfOpen) {
        while (granted < count && b->halfOpenProbesInFlight() < b->config().halfOpenProbes && b->tryAcquire())
            ++granted;
    }
    if (granted == 0 && freshPoll) {
        (void)b->tryAcquire(); // refused: counted as a rejection like any call that fails fast
        b->notePollRefused();
        qCDebug(lcPollGate).noquote() << "poll for" << taskType << "refused: circuit breaker" << b->name() << "is"
                                      << CircuitBreaker::stateName(state) << "; answered as an empty queue, retry in"
                                      << b->retryAfterMs() << "ms";
    }
    return granted;
}

void RemotePollGate::handedOut(const QString &taskType, int admitted, const QStringList &taskIds)
{
    CircuitBreaker *b = m_registry->find(TaskGuard::taskBreakerName(taskType));
    if (!b)
        return;
    for (const QString &id : taskIds) {
        if (m_grants.contains(id))
            release(id); // an earlier hand-out of the same task that never reported
        m_grants.insert(id, b->name());
        m_order.push_back(id);
    }
    for (int unused = admitted - int(taskIds.size()); unused > 0; --unused)
        b->cancelAcquire(); // a no-op unless half-open
    while (m_grants.size() > kMaxGrants && !m_order.empty()) {
        release(m_order.front());
        m_order.pop_front();
    }
    if (m_order.size() > size_t(4 * kMaxGrants)) { // drop ids released long ago
        std::deque<QString> kept;
        for (const QString &id : m_order)
            if (m_grants.contains(id))
                kept.push_back(id);
        m_order.swap(kept);
    }
}

void RemotePollGate::release(const QString &taskId)
{
    const QString name = m_grants.take(taskId);
    if (CircuitBreaker *b = name.isEmpty() ? nullptr : m_registry->find(name))
        b->cancelAcquire();
}

void RemotePollGate::taskEvent(const QString &eventName, const QString &taskId, const QString &status,
                               const QString &reason)
{
    if (m_grants.isEmpty() || !eventName.startsWith(QLatin1String("task_")))
        return;
    const bool ended = eventName == QLatin1String("task_completed") || eventName == QLatin1String("task_failed")
        || eventName == QLatin1String("task_timed_out") || eventName == QLatin1String("task_canceled")
        || eventName == QLatin1String("task_skipped");
    if (!ended)
        return;
    auto it = m_grants.find(taskId);
    if (it == m_grants.end())
        return;
    const QString name = it.value();
    m_grants.erase(it);
    if (m_grants.isEmpty())
        m_order.clear();
    CircuitBreaker *b = m_registry->find(name);
    if (!b)
        return;
    if (status == QLatin1String("COMPLETED"))
        b->recordSuccess();
    else if (status == QLatin1String("FAILED") || status == QLatin1String("TIMED_OUT"))
        b->recordFailure(true, reason.isEmpty() ? QStringLiteral("remote task %1 %2").arg(taskId, status) : reason.left(300));
    else if (status == QLatin1String("FAILED_WITH_TERMINAL_ERROR"))
        b->recordFailure(false, reason.left(300));
    else
        b->cancelAcquire();
}

} // namespace orrery
