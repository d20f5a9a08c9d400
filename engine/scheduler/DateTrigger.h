#pragma once

#include "scheduler/Trigger.h"

namespace orrery {

// Fires once, at one instant.
class DateTrigger final : public Trigger
{
public:
    explicit DateTrigger(qint64 runAtMs) : m_runAt(runAtMs) {}
    static Result<DateTrigger> fromJson(const QJsonObject &json);

    Kind kind() const override { return Kind::Date; }
    std::optional<qint64> nextFireAfter(qint64 afterMs) const override;
    QJsonObject toJson() const override;
    QString describe() const override;
    std::unique_ptr<Trigger> clone() const override { return std::make_unique<DateTrigger>(*this); }

    qint64 runAtMs() const { return m_runAt; }

private:
    qint64 m_runAt;
};

} // namespace orrery
