#include "FailureInfo.h"

namespace orrery {

QJsonObject FailureInfo::toJson() const
{
    QJsonObject o{{QStringLiteral("kind"), kind}, {QStringLiteral("errorCode"), errorCode}};
    if (httpStatus != 0)
        o.insert(QStringLiteral("httpStatus"), httpStatus);
    if (exitCode != -1)
        o.insert(QStringLiteral("exitCode"), exitCode);
    return o;
}

FailureInfo FailureInfo::fromJson(const QJsonObject &json)
{
    FailureInfo f;
    f.kind = json.value(QStringLiteral("kind")).toString();
    f.errorCode = json.value(QStringLiteral("errorCode")).toString();
    f.httpStatus = json.value(QStringLiteral("httpStatus")).toInt(0);
    f.exitCode = json.value(QStringLiteral("exitCode")).toInt(-1);
    return f;
}

} // namespace orrery
