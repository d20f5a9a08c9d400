#include "HealthProbe.h"

#include "runtime/ConductorHealthCheck.h"
#include "runtime/RedisHealthCheck.h"
#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QStringList>

#include <cmath>

namespace orrery {

namespace {

double msSince(const QElapsedTimer &t) { return t.nsecsElapsed() / 1e6; }
double rounded(double ms) { return std::round(ms * 1000) / 1000; }

QString bytesText(qint64 bytes)
{
    const double gib = double(bytes) / double(qint64(1) << 30);
    if (gib >= 1)
        return QStringLiteral("%1 GiB").arg(gib, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / double(1 << 20), 0, 'f', 1);
}

} // namespace

Result<HealthProbeOptions> HealthProbeOptions::fromInput(const QJsonObject &input)
{
    HealthProbeOptions o;
    const auto number = [&input](const char *key, double min, double max, double &out) -> Result<void> {
        const QJsonValue v = input.value(QLatin1String(key));
        if (v.isNull() || v.isUndefined())
            return {};
        bool ok = v.isDouble();
        double d = v.toDouble();
        if (v.isString()) // "${workflow.input.x}" of a string input
            d = v.toString().toDouble(&ok);
        if (!ok || !std::isfinite(d) || d < min || d > max)
            return Error::invalid(QStringLiteral("input.%1 must be a number between %2 and %3")
                                      .arg(QLatin1String(key)).arg(min, 0, 'g', 15).arg(max, 0, 'g', 15));
        out = d;
        return {};
    };
    double bytes = double(o.minFreeBytes);
    double timeout = o.timeoutMs;
    if (auto r = number("minFreePercent", 0, 100, o.minFreePercent); !r)
        return r.error();
    if (auto r = number("minFreeBytes", 0, 1e18, bytes); !r)
        return r.error();
    if (auto r = number("timeoutMs", 100, 600'000, timeout); !r)
        return r.error();
    o.minFreeBytes = qint64(bytes);
    o.timeoutMs = int(timeout);
    const QJsonValue fail = input.value(QStringLiteral("failOnUnhealthy"));
    if (fail.isBool())
        o.failOnUnhealthy = fail.toBool();
    else if (!fail.isNull() && !fail.isUndefined())
        return Error::invalid(QStringLiteral("input.failOnUnhealthy must be true or false"));
    return o;
}

HealthProbe::HealthProbe(HealthProbeConfig config) : m_config(std::move(config)) {}

QJsonObject HealthProbe::run(const HealthProbeOptions &options) const
{
    const QList<QPair<QString, HealthCheckResult>> checks = {
        {QStringLiteral("store"), checkStore()},
        {QStringLiteral("disk"), checkDisk(options)},
        {QStringLiteral("redis"), checkRedis(options)},
        {QStringLiteral("conductor"), checkConductor(options)},
    };
    QJsonObject out;
    QStringList failed;
    for (const auto &[name, result] : checks) {
        out.insert(name, result.toJson());
        if (result.isFailed())
            failed.append(QStringLiteral("%1: %2").arg(name, result.message));
    }
    return QJsonObject{{QStringLiteral("healthy"), failed.isEmpty()},
                       {QStringLiteral("status"), failed.isEmpty() ? QStringLiteral("healthy") : QStringLiteral("unhealthy")},
                       {QStringLiteral("summary"), failed.isEmpty() ? QStringLiteral("all configured checks passed")
                                                                    : failed.join(QStringLiteral("; "))},
                       {QStringLiteral("checks"), out}};
}

HealthCheckResult HealthProbe::checkStore() const
{
    if (!m_config.store)
        return HealthCheckResult::skipped(QStringLiteral("no store"));
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("orrery-health-%1").arg(counter.fetchAndAddRelaxed(1));
    const QJsonObject details{{QStringLiteral("backend"), m_config.store->backendName()}};
    HealthCheckResult result;
    {
        QElapsedTimer connect;
        connect.start();
        auto db = m_config.store->openModuleConnection(name);
        if (!db) {
            result = HealthCheckResult::failed(db.error().message, -1, details);
        } else {
            const double connectMs = msSince(connect);
            QElapsedTimer query;
            query.start();
            QSqlQuery q(*db);
            q.setForwardOnly(true);
            if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !q.next()) {
                result = HealthCheckResult::failed(m_config.store->backend().queryError(QStringLiteral("health query"), q).message,
                                                   msSince(query), details);
            } else {
                const double latency = msSince(query);
                const int version = q.value(0).toInt();
                QJsonObject d = details;
                d.insert(QStringLiteral("schemaVersion"), version);
                d.insert(QStringLiteral("connectMs"), rounded(connectMs));
                result = HealthCheckResult::ok(latency, QStringLiteral("%1 answered in %2 ms (schema version %3)")
                                                             .arg(m_config.store->backendName())
                                                             .arg(latency, 0, 'f', 2)
                                                             .arg(version),
                                               d);
            }
        }
    }
    SqlBackend::closeConnection(name);
    return result;
}

HealthCheckResult HealthProbe::checkDisk(const HealthProbeOptions &options) const
{
    if (m_config.dataDir.isEmpty())
        return HealthCheckResult::skipped(QStringLiteral("no data directory"));
    QElapsedTimer t;
    t.start();
    QStorageInfo info(m_config.dataDir);
    info.refresh();
    const double latency = msSince(t);
    if (!info.isValid() || !info.isReady() || info.bytesTotal() <= 0)
        return HealthCheckResult::failed(QStringLiteral("cannot read the file system of %1").arg(m_config.dataDir), latency,
                                         {{QStringLiteral("path"), m_config.dataDir}});
    const qint64 free = info.bytesAvailable();
    const qint64 total = info.bytesTotal();
    const double percent = 100.0 * double(free) / double(total);
    const QJsonObject d{{QStringLiteral("path"), m_config.dataDir},
                        {QStringLiteral("freeBytes"), double(free)},
                        {QStringLiteral("totalBytes"), double(total)},
                        {QStringLiteral("freePercent"), std::round(percent * 100) / 100},
                        {QStringLiteral("minFreePercent"), options.minFreePercent},
                        {QStringLiteral("minFreeBytes"), double(options.minFreeBytes)}};
    const QString facts = QStringLiteral("%1 free of %2 (%3 %) on %4")
                              .arg(bytesText(free), bytesText(total))
                              .arg(percent, 0, 'f', 1)
                              .arg(m_config.dataDir);
    if (options.minFreePercent > 0 && percent < options.minFreePercent)
        return HealthCheckResult::failed(QStringLiteral("%1: below the %2 % threshold").arg(facts).arg(options.minFreePercent),
                                         latency, d);
    if (options.minFreeBytes > 0 && free < options.minFreeBytes)
        return HealthCheckResult::failed(QStringLiteral("%1: below the %2 threshold").arg(facts, bytesText(options.minFreeBytes)),
                                         latency, d);
    return HealthCheckResult::ok(latency, facts, d);
}

HealthCheckResult HealthProbe::checkRedis(const HealthProbeOptions &options) const
{
    return RedisHealthCheck::run(m_config.redisUrl, options.timeoutMs);
}

HealthCheckResult HealthProbe::checkConductor(const HealthProbeOptions &options) const
{
    return ConductorHealthCheck::run(m_config.conductorUrl, options.timeoutMs);
}

} // namespace orrery
