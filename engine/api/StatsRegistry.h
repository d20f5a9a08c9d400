#pragma once

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace orrery {

// One operating figure over one window: a value, or none with the reason it is missing.
struct StatsFigure
{
    std::optional<double> value;
    QString reason;     // why there is no value (no provider, no data in the window, ...)
    QJsonObject detail; // optional supporting numbers (sample sizes, per-item breakdown)

    static StatsFigure of(double value, QJsonObject detail = {}) { return {value, {}, std::move(detail)}; }
    static StatsFigure missing(QString reason) { return {std::nullopt, std::move(reason), {}}; }
    QJsonObject toJson() const;
};

// The six operating figures GET /api/stats reports, each over the last hour and the last
// 24 hours. Task success rate and average retries per task are computed by the API from the
// store; the other four come from the module that owns them, which registers a provider:
//
//   api->stats()->setProvider(StatsRegistry::kDlqDepth, [dlq](qint64 windowMs, qint64 nowMs) {
//       return StatsFigure::of(dlq->depth());
//   });
//
// A provider runs on an API query thread (never the API server thread or the engine thread),
// so it must be thread-safe and quick. A figure without a provider is reported as null with
// the reason. Thread-safe.
class StatsRegistry
{
public:
    using Provider = std::function<StatsFigure(qint64 windowMs, qint64 nowMs)>;

    // Task attempts run for another server (the Conductor client mode's remote workers), added
    // to the two task figures beside the store's local ones (docs/conductor-client.md).
    struct RemoteTasks
    {
        qint64 succeeded = 0; // attempts reported COMPLETED
        qint64 failed = 0;    // failed attempts not known to be retried
        qint64 retried = 0;   // failed attempts the server handed out again
        qint64 retries = 0;   // attempts of tasks polled with retryCount > 0
        qint64 tasks() const { return succeeded + failed; }
        qint64 attempts() const { return succeeded + failed + retried; }
    };
    using RemoteTasksProvider = std::function<RemoteTasks(qint64 windowMs, qint64 nowMs)>;

    static constexpr const char *kTaskSuccessRate = "taskSuccessRate";
    static constexpr const char *kAverageRetries = "averageRetriesPerTask";
    static constexpr const char *kDlqDepth = "dlqDepth";
    static constexpr const char *kScheduledJobUptime = "scheduledJobUptime";
    static constexpr const char *kWebSocketP95 = "websocketP95LatencyMs";
    static constexpr const char *kBreakerTripRate = "breakerTripRate";

    // Replaces any earlier provider of `figure` (one of the six names above).
    bool setProvider(const QString &figure, Provider provider);
    void removeProvider(const QString &figure);
    Provider provider(const QString &figure) const;

    // At most one (one Conductor server per orreryd); an empty function removes it.
    void setRemoteTasks(RemoteTasksProvider provider);
    RemoteTasksProvider remoteTasks() const;

    static QStringList figures();
    static QString unit(const QString &figure);
    static QString description(const QString &figure);
    // Which module is expected to provide `figure` (for the "no provider" reason).
    static QString owner(const QString &figure);

private:
    mutable QMutex m_mutex;
    QHash<QString, Provider> m_providers;
    RemoteTasksProvider m_remoteTasks;
};

} // namespace orrery
