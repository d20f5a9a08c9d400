#include "WorkerPoolConfig.h"

#include <QThread>

namespace orrery {

namespace {

bool readPositive(const QJsonObject &json, const QString &key, int min, int *out, QList<FieldError> *errors,
                  const QString &prefix = {})
{
    const QJsonValue v = json.value(key);
    if (v.isUndefined() || v.isNull())
        return false;
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d != double(qint64(d)) || d < min || d > 1'000'000) {
        const QString path = prefix + key;
        errors->append({path, QStringLiteral("%1 must be an integer between %2 and 1000000").arg(path).arg(min), v});
        return false;
    }
    *out = int(d);
    return true;
}

} // namespace

Result<WorkerPoolConfig> WorkerPoolConfig::fromJson(const QJsonObject &json)
{
    WorkerPoolConfig c;
    QList<FieldError> errors;
    readPositive(json, QStringLiteral("maxConcurrent"), 1, &c.maxConcurrent, &errors);
    readPositive(json, QStringLiteral("blockingThreads"), 0, &c.blockingThreads, &errors);
    readPositive(json, QStringLiteral("batchMaxSize"), 1, &c.batchMaxSize, &errors);
    readPositive(json, QStringLiteral("batchWindowMs"), 0, &c.batchWindowMs, &errors);
    const QJsonValue perType = json.value(QStringLiteral("maxPerType"));
    if (perType.isObject()) {
        const QJsonObject o = perType.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            int max = 0;
            if (readPositive(o, it.key(), 1, &max, &errors, QStringLiteral("maxPerType.")))
                c.maxPerType.insert(it.key(), max);
            else if (it.value().isNull())
                errors.append({QStringLiteral("maxPerType.") + it.key(),
                               QStringLiteral("maxPerType.%1 must be an integer between 1 and 1000000").arg(it.key()),
                               it.value()});
        }
    } else if (!perType.isUndefined() && !perType.isNull()) {
        errors.append({QStringLiteral("maxPerType"), QStringLiteral("maxPerType must be an object of type -> limit"), perType});
    }
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("invalid worker pool configuration: %1").arg(errors.first().message), errors);
    return c;
}

QJsonObject WorkerPoolConfig::toJson() const
{
    QJsonObject perType;
    for (auto it = maxPerType.begin(); it != maxPerType.end(); ++it)
        perType.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("maxConcurrent"), maxConcurrent},
        {QStringLiteral("maxPerType"), perType},
        {QStringLiteral("blockingThreads"), effectiveBlockingThreads()},
        {QStringLiteral("batchMaxSize"), batchMaxSize},
        {QStringLiteral("batchWindowMs"), batchWindowMs},
    };
}

int WorkerPoolConfig::effectiveBlockingThreads() const
{
    return blockingThreads > 0 ? blockingThreads : qMax(2, QThread::idealThreadCount());
}

} // namespace orrery
