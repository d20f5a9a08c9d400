#pragma once

#include "scheduler/CronExpression.h"
#include "scheduler/Trigger.h"
#include "scheduler/ZoneTimeline.h"

namespace orrery {

// A cron rule in a job's IANA zone, optionally bounded by inclusive start/end instants.
class CronTrigger final : public Trigger
{
public:
    static Result<CronTrigger> create(const QString &expression, const QString &timezone = QStringLiteral("UTC"),
                                      std::optional<qint64> startMs = {}, std::optional<qint64> endMs = {});
    static Result<CronTrigger> fromJson(const QJsonObject &json);

    Kind kind() const override { return Kind::Cron; }
    std::optional<qint64> nextFireAfter(qint64 afterMs) const override;
    QJsonObject toJson() const override;
    QString describe() const override;
    std::unique_ptr<Trigger> clone() const override { return std::make_unique<CronTrigger>(*this); }

    const CronExpression &expression() const { return m_expression; }
    QString timezoneName() const { return m_zoneName; }
    QTimeZone timezone() const { return m_timeline.zone(); }
    std::optional<qint64> startMs() const { return m_start; }
    std::optional<qint64> endMs() const { return m_end; }

private:
    CronTrigger(CronExpression expression, QTimeZone zone, QString zoneName, std::optional<qint64> start,
                std::optional<qint64> end);

    CronExpression m_expression;
    ZoneTimeline m_timeline;
    QString m_zoneName;
    std::optional<qint64> m_start;
    std::optional<qint64> m_end;
};

} // namespace orrery
