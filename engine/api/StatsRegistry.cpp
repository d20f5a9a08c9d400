#include "StatsRegistry.h"

namespace orrery {

QJsonObject StatsFigure::toJson() const
{
    QJsonObject o{{QStringLiteral("value"), value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null)}};
    if (!value && !reason.isEmpty())
        o.insert(QStringLiteral("reason"), reason);
    if (!detail.isEmpty())
        o.insert(QStringLiteral("detail"), detail);
    return o;
}

bool StatsRegistry::setProvider(const QString &figure, Provider provider)
{
    if (!figures().contains(figure) || !provider)
        return false;
    QMutexLocker lock(&m_mutex);
    m_providers.insert(figure, std::move(provider));
    return true;
}

void StatsRegistry::removeProvider(const QString &figure)
{
    QMutexLocker lock(&m_mutex);
    m_providers.remove(figure);
}

StatsRegistry::Provider StatsRegistry::provider(const QString &figure) const
{
    QMutexLocker lock(&m_mutex);
    return m_providers.value(figure);
}

void StatsRegistry::setRemoteTasks(RemoteTasksProvider provider)
{
    QMutexLocker lock(&m_mutex);
    m_remoteTasks = std::move(provider);
}

StatsRegistry::RemoteTasksProvider StatsRegistry::remoteTasks() const
{
    QMutexLocker lock(&m_mutex);
    return m_remoteTasks;
}

QStringList StatsRegistry::figures()
{
    return {QLatin1String(kTaskSuccessRate), QLatin1String(kAverageRetries), QLatin1String(kDlqDepth),
            QLatin1String(kScheduledJobUptime), QLatin1String(kWebSocketP95), QLatin1String(kBreakerTripRate)};
}

QString StatsRegistry::unit(const QString &figure)
{
    if (figure == QLatin1String(kTaskSuccessRate) || figure == QLatin1String(kScheduledJobUptime))
        return QStringLiteral("ratio");
    if (figure == QLatin1String(kAverageRetries))
        return QStringLiteral("retries per task");
    if (figure == QLatin1String(kDlqDepth))
        return QStringLiteral("entries");
    if (figure == QLatin1String(kWebSocketP95))
        return QStringLiteral("ms");
    if (figure == QLatin1String(kBreakerTripRate))
        return QStringLiteral("trips per hour");
    return {};
}

QString StatsRegistry::description(const QString &figure)
{
    if (figure == QLatin1String(kTaskSuccessRate))
        return QStringLiteral("Tasks whose final attempt ended in the window: COMPLETED / (COMPLETED + FAILED + "
                              "FAILED_WITH_TERMINAL_ERROR + TIMED_OUT + COMPLETED_WITH_ERRORS). Canceled and skipped "
                              "tasks are left out.");
    if (figure == QLatin1String(kAverageRetries))
        return QStringLiteral("For the same tasks: attempts beyond the first, per task.");
    if (figure == QLatin1String(kDlqDepth))
        return QStringLiteral("Entries waiting in the dead-letter queue.");
    if (figure == QLatin1String(kScheduledJobUptime))
        return QStringLiteral("Share of scheduled job fires due in the window that fired.");
    if (figure == QLatin1String(kWebSocketP95))
        return QStringLiteral("95th percentile of the time from an engine event to its WebSocket delivery.");
    if (figure == QLatin1String(kBreakerTripRate))
        return QStringLiteral("Circuit breaker transitions to OPEN per hour in the window.");
    return {};
}

QString StatsRegistry::owner(const QString &figure)
{
    if (figure == QLatin1String(kDlqDepth))
        return QStringLiteral("dead-letter queue");
    if (figure == QLatin1String(kScheduledJobUptime))
        return QStringLiteral("scheduler");
    if (figure == QLatin1String(kWebSocketP95))
        return QStringLiteral("WebSocket hub");
    if (figure == QLatin1String(kBreakerTripRate))
        return QStringLiteral("circuit breaker");
    return QStringLiteral("API");
}

} // namespace orrery
