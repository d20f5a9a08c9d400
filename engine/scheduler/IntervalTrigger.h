#pragma once

#include "scheduler/Trigger.h"

namespace orrery {

// Elapsed time anchored at its start: fires at start + k * interval (k = 0, 1, ...), never
// "end of last run + interval", so it does not drift and ignores DST. end is inclusive.
class IntervalTrigger final : public Trigger
{
public:
    static Result<IntervalTrigger> create(qint64 startMs, qint64 intervalMs, std::optional<qint64> endMs = {});
    static Result<IntervalTrigger> fromJson(const QJsonObject &json);

    Kind kind() const override { return Kind::Interval; }
    std::optional<qint64> nextFireAfter(qint64 afterMs) const override;
    QJsonObject toJson() const override;
    QString describe() const override;
    std::unique_ptr<Trigger> clone() const override { return std::make_unique<IntervalTrigger>(*this); }

    qint64 startMs() const { return m_start; }
    qint64 intervalMs() const { return m_interval; }
    std::optional<qint64> endMs() const { return m_end; }

    // "15 minutes", "1 day", "1500 ms".
    static QString durationText(qint64 ms);

private:
    IntervalTrigger(qint64 start, qint64 interval, std::optional<qint64> end)
        : m_start(start), m_interval(interval), m_end(end) {}

    qint64 m_start;
    qint64 m_interval;
    std::optional<qint64> m_end;
};

} // namespace orrery
