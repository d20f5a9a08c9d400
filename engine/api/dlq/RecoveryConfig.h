#pragma once

#include "core/Result.h"
#include "recovery/DlqConfig.h"

#include <QJsonObject>
#include <QString>

namespace orrery {

// Settings of the recovery module (docs/recovery.md, "Configuration"):
//   {"breakers": {"default": {...}, "breakers": {"http:*": {...}, "store": {...}}},
//    "dlq": {DlqConfig}}
// Read from the file named by ORRERY_RECOVERY_CONFIG, else <dataDir>/recovery.json when it
// exists; defaults otherwise.
struct RecoveryConfig
{
    QJsonObject breakers; // BreakerRegistry::configure() shape; checked by fromJson
    DlqConfig dlq;
    QString source;       // the file it came from (empty = defaults)

    static constexpr auto kEnvironmentVariable = "ORRERY_RECOVERY_CONFIG";
    static constexpr auto kFileName = "recovery.json";

    static Result<RecoveryConfig> fromJson(const QJsonObject &json);
    // `explicitPath` (or the environment variable when empty), else <dataDir>/recovery.json.
    static Result<RecoveryConfig> load(const QString &dataDir, const QString &explicitPath = QString());
};

} // namespace orrery
