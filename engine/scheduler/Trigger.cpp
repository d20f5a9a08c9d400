#include "scheduler/Trigger.h"

#include "scheduler/CronTrigger.h"
#include "scheduler/DateTrigger.h"
#include "scheduler/IntervalTrigger.h"
#include "scheduler/IsoDateTime.h"

#include <cmath>

namespace orrery {

QString Trigger::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Cron: return QStringLiteral("cron");
    case Kind::Interval: return QStringLiteral("interval");
    case Kind::Date: return QStringLiteral("date");
    }
    return QString();
}

Error Trigger::fieldError(const QString &field, const QString &message, const QJsonValue &value)
{
    const QString msg = QStringLiteral("trigger.%1: %2").arg(field, message);
    return Error::invalid(msg, {FieldError{field, msg, value}});
}

Result<std::optional<qint64>> Trigger::instantField(const QJsonObject &json, const QString &key, bool required)
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return fieldError(key, QStringLiteral("is required (an ISO 8601 date-time with an offset, or ms since the epoch)"));
        return std::optional<qint64>();
    }
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9.0e15)
            return fieldError(key, QStringLiteral("must be a whole number of milliseconds since the epoch"), v);
        return std::optional<qint64>(qint64(d));
    }
    if (v.isString()) {
        auto parsed = IsoDateTime::parseInstant(v.toString());
        if (!parsed)
            return fieldError(key, parsed.error().message, v);
        return std::optional<qint64>(*parsed);
    }
    return fieldError(key, QStringLiteral("must be an ISO 8601 date-time string or ms since the epoch"), v);
}

Result<std::unique_ptr<Trigger>> Trigger::fromJson(const QJsonObject &json)
{
    const QJsonValue type = json.value(QStringLiteral("type"));
    if (!type.isString())
        return fieldError(QStringLiteral("type"), QStringLiteral("is required: \"cron\", \"interval\" or \"date\""), type);
    const QString t = type.toString();
    if (t == QLatin1String("cron")) {
        auto r = CronTrigger::fromJson(json);
        if (!r)
            return r.error();
        return std::unique_ptr<Trigger>(std::make_unique<CronTrigger>(std::move(r).value()));
    }
    if (t == QLatin1String("interval")) {
        auto r = IntervalTrigger::fromJson(json);
        if (!r)
            return r.error();
        return std::unique_ptr<Trigger>(std::make_unique<IntervalTrigger>(std::move(r).value()));
    }
    if (t == QLatin1String("date")) {
        auto r = DateTrigger::fromJson(json);
        if (!r)
            return r.error();
        return std::unique_ptr<Trigger>(std::make_unique<DateTrigger>(std::move(r).value()));
    }
    return fieldError(QStringLiteral("type"),
                      QStringLiteral("unknown trigger type '%1' (use \"cron\", \"interval\" or \"date\")").arg(t), type);
}

} // namespace orrery
