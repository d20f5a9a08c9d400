#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

namespace orrery {

// When a job fires. Implementations are immutable value objects (const methods are reentrant).
// Instants are milliseconds since the Unix epoch (UTC).
class Trigger
{
public:
    enum class Kind { Cron, Interval, Date };

    virtual ~Trigger() = default;

    virtual Kind kind() const = 0;
    // The first fire time strictly after afterMs, or nullopt when the trigger is finished or
    // never fires.
    virtual std::optional<qint64> nextFireAfter(qint64 afterMs) const = 0;
    // Persisted form: {"type": "cron" | "interval" | "date", ...}; see fromJson().
    virtual QJsonObject toJson() const = 0;
    virtual QString describe() const = 0;
    virtual std::unique_ptr<Trigger> clone() const = 0;

    static QString kindName(Kind kind);

    // Reads any trigger written by toJson() (or sent by an API client). Errors name the field:
    //   {"type":"cron", "expression":"30 2 * * *", "timezone":"Europe/Berlin"?, "start"?, "end"?}
    //   {"type":"interval", "intervalMs":60000, "start":..., "end"?}
    //   {"type":"date", "runAt":...}
    // Instants are ISO 8601 strings with an offset or Z, or integers (ms since the epoch).
    static Result<std::unique_ptr<Trigger>> fromJson(const QJsonObject &json);

    // Helpers shared by the implementations.
    static Result<std::optional<qint64>> instantField(const QJsonObject &json, const QString &key, bool required);
    static Error fieldError(const QString &field, const QString &message, const QJsonValue &value = {});
};

} // namespace orrery
