#include "BreakerMetrics.h"

#include "BreakerStatusReader.h"

#include "api/MetricsWriter.h"
#include "api/ReplyWait.h"

#include <QJsonArray>
#include <QJsonObject>

namespace orrery {

BreakerMetrics::BreakerMetrics(std::shared_ptr<const BreakerStatusReader> reader, int waitMs)
    : m_reader(std::move(reader)), m_waitMs(waitMs)
{
}

int BreakerMetrics::stateValue(const QString &stateName)
{
    static const QStringList order = {QStringLiteral("CLOSED"), QStringLiteral("HALF_OPEN"), QStringLiteral("OPEN"),
                                      QStringLiteral("FORCED_OPEN")};
    return int(order.indexOf(stateName));
}

QList<BreakerMetrics::Sample> BreakerMetrics::samplesOf(const QJsonObject &status)
{
    QList<Sample> out;
    for (const QJsonValue &v : status.value(QStringLiteral("breakers")).toArray()) {
        const QJsonObject b = v.toObject();
        out.append(Sample{b.value(QStringLiteral("name")).toString(), stateValue(b.value(QStringLiteral("state")).toString()),
                          b.value(QStringLiteral("trips")).toDouble(), b.value(QStringLiteral("pollsRefused")).toDouble()});
    }
    return out;
}

void BreakerMetrics::write(MetricsWriter &writer)
{
    const std::shared_ptr<const BreakerStatusReader> reader = m_reader;
    const std::optional<QJsonObject> status =
        waitForReply<QJsonObject>([reader](auto reply) { reader->read(reply); }, m_waitMs);
    QList<Sample> samples;
    {
        QMutexLocker lock(&m_mutex);
        if (status)
            m_last = samplesOf(*status);
        else
            qWarning("metrics: the circuit breakers did not answer within %d ms; their last known states are served", m_waitMs);
        samples = m_last;
    }
    const QString state = QLatin1String(kState);
    const QString trips = QLatin1String(kTrips);
    writer.family(state, QStringLiteral("gauge"),
                  QStringLiteral("Circuit breaker state: 0 closed, 1 half-open (probing), 2 open (tripped: calls fail "
                                 "fast), 3 forced open by an operator."));
    for (const Sample &s : std::as_const(samples))
        writer.sample(state, {{QStringLiteral("breaker"), s.breaker}}, s.state);
    writer.family(trips, QStringLiteral("counter"),
                  QStringLiteral("Automatic transitions of the circuit breaker to open since it was created (at start "
                                 "or first use) or reset (POST /api/circuitbreaker/{name}/reset starts it at 0 again)."));
    for (const Sample &s : std::as_const(samples))
        writer.sample(trips, {{QStringLiteral("breaker"), s.breaker}}, s.trips);
    const QString refused = QLatin1String(kPollsRefused);
    writer.family(refused, QStringLiteral("counter"),
                  QStringLiteral("Polls of remote workers (GET /api/tasks/poll..., update-v2) answered as an empty queue "
                                 "because the breaker of the task type was open; kept across restarts, 0 again after a reset."));
    for (const Sample &s : std::as_const(samples))
        writer.sample(refused, {{QStringLiteral("breaker"), s.breaker}}, s.pollsRefused);
}

} // namespace orrery
