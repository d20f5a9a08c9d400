#pragma once

#include <QList>
#include <QMutex>
#include <QString>
#include <memory>

class QJsonObject;

namespace orrery {

class BreakerStatusReader;
class MetricsWriter;

// orrery_breaker_state{breaker} and orrery_breaker_trips_total{breaker} of /metrics (a collector
// of the DLQ module, which owns the breakers' wiring). Read at scrape time through the
// BreakerStatusReader, so the state is the one GET /api/circuitbreaker/status shows, including an
// OPEN breaker whose reset timeout elapsed (HALF_OPEN). The scrape waits at most `waitMs` for the
// breakers' threads; without an answer in time it writes the last answer again (and says so in
// the log). One series per breaker: breakers are named per configured resource (host, task type,
// store, webhook, Conductor server), so the label is bounded by the configuration.
class BreakerMetrics
{
public:
    static constexpr auto kState = "orrery_breaker_state";
    static constexpr auto kTrips = "orrery_breaker_trips_total";
    static constexpr auto kPollsRefused = "orrery_breaker_polls_refused_total";

    explicit BreakerMetrics(std::shared_ptr<const BreakerStatusReader> reader, int waitMs = 500);

    // Runs on the scraping thread (never a breaker's own thread).
    void write(MetricsWriter &writer);

    // 0 CLOSED, 1 HALF_OPEN, 2 OPEN, 3 FORCED_OPEN; -1 for anything else.
    static int stateValue(const QString &stateName);

private:
    struct Sample
    {
        QString breaker;
        int state = 0;
        double trips = 0;
        double pollsRefused = 0;
    };
    static QList<Sample> samplesOf(const QJsonObject &status);

    std::shared_ptr<const BreakerStatusReader> m_reader;
    int m_waitMs;
    QMutex m_mutex;
    QList<Sample> m_last;
};

} // namespace orrery
