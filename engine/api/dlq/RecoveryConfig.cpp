#include "RecoveryConfig.h"

#include "core/Clock.h"
#include "recovery/BreakerRegistry.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace orrery {

Result<RecoveryConfig> RecoveryConfig::fromJson(const QJsonObject &json)
{
    RecoveryConfig c;
    QList<FieldError> errors;
    for (auto it = json.begin(); it != json.end(); ++it)
        if (it.key() != QLatin1String("breakers") && it.key() != QLatin1String("dlq"))
            errors.append({it.key(), QStringLiteral("%1 is not a known section (known: breakers, dlq)").arg(it.key()), it.value()});
    const QJsonValue breakers = json.value(QStringLiteral("breakers"));
    if (breakers.isObject()) {
        ManualClock clock; // only to validate: configure() is all or nothing
        BreakerRegistry probe(&clock);
        if (auto r = probe.configure(breakers.toObject(), QStringLiteral("breakers")); !r.ok())
            errors += r.error().fieldErrors;
        else
            c.breakers = breakers.toObject();
    } else if (!breakers.isUndefined() && !breakers.isNull()) {
        errors.append({QStringLiteral("breakers"), QStringLiteral("breakers must be an object"), breakers});
    }
    const QJsonValue dlq = json.value(QStringLiteral("dlq"));
    if (dlq.isObject()) {
        auto parsed = DlqConfig::fromJson(dlq.toObject(), QStringLiteral("dlq"));
        if (parsed.ok())
            c.dlq = parsed.value();
        else
            errors += parsed.error().fieldErrors;
    } else if (!dlq.isUndefined() && !dlq.isNull()) {
        errors.append({QStringLiteral("dlq"), QStringLiteral("dlq must be an object"), dlq});
    }
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("invalid recovery configuration: %1").arg(errors.first().message), errors);
    return c;
}

Result<RecoveryConfig> RecoveryConfig::load(const QString &dataDir, const QString &explicitPath)
{
    QString path = explicitPath.isEmpty() ? qEnvironmentVariable(kEnvironmentVariable) : explicitPath;
    const bool required = !path.isEmpty();
    if (path.isEmpty())
        path = QDir(dataDir).filePath(QString::fromLatin1(kFileName));
    QFile file(path);
    if (!file.exists()) {
        if (required)
            return Error::invalid(QStringLiteral("the recovery configuration file %1 does not exist (%2)")
                                      .arg(path, QString::fromLatin1(kEnvironmentVariable)));
        return RecoveryConfig{};
    }
    if (!file.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("cannot read the recovery configuration %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error::invalid(QStringLiteral("the recovery configuration %1 is not a JSON object: %2 at byte %3")
                                  .arg(path, parseError.errorString())
                                  .arg(parseError.offset));
    auto config = fromJson(doc.object());
    if (!config.ok())
        return Error::invalid(QStringLiteral("%1: %2").arg(path, config.error().message), config.error().fieldErrors);
    config->source = path;
    return config;
}

} // namespace orrery
