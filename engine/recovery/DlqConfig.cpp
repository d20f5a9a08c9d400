#include "DlqConfig.h"

#include "JsonFieldReader.h"

#include <QJsonArray>
#include <QSet>
#include <QUrl>
#include <cmath>

namespace orrery {

namespace {

constexpr qint64 kMaxSeconds = 100LL * 365 * 24 * 3600;

void rejectUnknown(const QJsonObject &o, const QStringList &known, const QString &prefix, QList<FieldError> &errors)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (known.contains(it.key()))
            continue;
        const QString p = JsonFieldReader::joinPath(prefix, it.key());
        errors.append({p, QStringLiteral("%1 is not a known setting (known: %2)").arg(p, known.join(QStringLiteral(", "))),
                       it.value()});
    }
}

double number(JsonFieldReader &r, const QString &key, double fallback, double min, double max)
{
    if (!r.has(key))
        return fallback;
    const QJsonValue v = r.value(key);
    bool ok = v.isDouble();
    const double d = ok ? v.toDouble() : v.toString().trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(d) || d < min || d > max) {
        r.addError(key, QStringLiteral("%1 must be a number between %2 and %3").arg(r.path(key)).arg(min).arg(max));
        return fallback;
    }
    return d;
}

bool boolean(JsonFieldReader &r, const QString &key, bool fallback)
{
    if (!r.has(key))
        return fallback;
    if (!r.value(key).isBool()) {
        r.addError(key, QStringLiteral("%1 must be true or false").arg(r.path(key)));
        return fallback;
    }
    return r.value(key).toBool();
}

QJsonObject objectAt(JsonFieldReader &r, const QString &key)
{
    if (!r.has(key))
        return {};
    if (!r.value(key).isObject()) {
        r.addError(key, QStringLiteral("%1 must be an object").arg(r.path(key)));
        return {};
    }
    return r.value(key).toObject();
}

WebhookConfig parseWebhook(const QJsonObject &o, const QString &prefix, QList<FieldError> &errors)
{
    WebhookConfig w;
    rejectUnknown(o, {QStringLiteral("url"), QStringLiteral("headers"), QStringLiteral("timeoutMs"),
                      QStringLiteral("maxQueued"), QStringLiteral("retry"), QStringLiteral("breaker")},
                  prefix, errors);
    JsonFieldReader r(o, prefix);
    if (r.has(QStringLiteral("url"))) {
        const QString url = r.value(QStringLiteral("url")).toString();
        const QUrl u(url, QUrl::StrictMode);
        if (!url.isEmpty() && (!r.value(QStringLiteral("url")).isString() || !u.isValid() || u.host().isEmpty()
                               || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https"))))
            r.addError(QStringLiteral("url"), QStringLiteral("%1 must be an absolute http:// or https:// URL")
                                                  .arg(r.path(QStringLiteral("url"))));
        else
            w.url = url;
    }
    const QJsonObject headers = objectAt(r, QStringLiteral("headers"));
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        if (!it.value().isString() || it.key().isEmpty())
            errors.append({r.path(QStringLiteral("headers")) + QLatin1Char('.') + it.key(),
                           QStringLiteral("%1.%2 must be a string header value").arg(r.path(QStringLiteral("headers")), it.key()),
                           QJsonValue()}); // the value may be a secret: not echoed
        else
            w.headers.insert(it.key(), it.value().toString());
    }
    w.timeoutMs = int(r.integer(QStringLiteral("timeoutMs"), w.timeoutMs, 100, 600000));
    w.maxQueued = int(r.integer(QStringLiteral("maxQueued"), w.maxQueued, 1, 100000));
    if (r.has(QStringLiteral("retry"))) {
        QJsonObject merged = WebhookConfig::defaultRetry().toJson();
        const QJsonObject given = objectAt(r, QStringLiteral("retry"));
        for (auto it = given.begin(); it != given.end(); ++it)
            merged.insert(it.key(), it.value());
        auto retry = RetryPolicy::fromJson(merged, r.path(QStringLiteral("retry")));
        if (retry.ok())
            w.retry = retry.value();
        else
            errors += retry.error().fieldErrors;
    }
    if (r.has(QStringLiteral("breaker"))) {
        auto breaker = BreakerConfig::fromJson(objectAt(r, QStringLiteral("breaker")), r.path(QStringLiteral("breaker")),
                                               WebhookConfig::defaultBreaker());
        if (breaker.ok())
            w.breaker = breaker.value();
        else
            errors += breaker.error().fieldErrors;
    }
    errors += r.errors();
    return w;
}

} // namespace

RetryPolicy WebhookConfig::defaultRetry()
{
    RetryPolicy p;
    p.retryCount = 5;
    p.logic = RetryLogic::ExponentialBackoff;
    p.retryDelaySeconds = 2;
    p.maxRetryDelaySeconds = 60;
    return p;
}

BreakerConfig WebhookConfig::defaultBreaker()
{
    BreakerConfig c;
    c.failureThreshold = 3;
    c.resetTimeoutMs = 60000;
    return c;
}

Result<DlqConfig> DlqConfig::fromJson(const QJsonObject &json, const QString &pathPrefix)
{
    DlqConfig c;
    QList<FieldError> errors;
    rejectUnknown(json, {QStringLiteral("ttlSeconds"), QStringLiteral("maxEntries"), QStringLiteral("sweepIntervalSeconds"),
                         QStringLiteral("outputExcerptBytes"), QStringLiteral("maxReplayRatePerSecond"),
                         QStringLiteral("acceptCanceled"), QStringLiteral("alerts")},
                  pathPrefix, errors);
    JsonFieldReader r(json, pathPrefix);
    c.ttlMs = r.integer(QStringLiteral("ttlSeconds"), c.ttlMs / 1000, 0, kMaxSeconds, QStringLiteral("0 = keep forever")) * 1000;
    c.maxEntries = r.integer(QStringLiteral("maxEntries"), c.maxEntries, 0, 1'000'000'000, QStringLiteral("0 = no limit"));
    c.sweepIntervalMs = r.integer(QStringLiteral("sweepIntervalSeconds"), c.sweepIntervalMs / 1000, 1, 86400) * 1000;
    c.outputExcerptBytes = int(r.integer(QStringLiteral("outputExcerptBytes"), c.outputExcerptBytes, 0, 1 << 20));
    c.maxReplayRatePerSecond = number(r, QStringLiteral("maxReplayRatePerSecond"), c.maxReplayRatePerSecond, 0.001, 1e6);
    c.acceptCanceled = boolean(r, QStringLiteral("acceptCanceled"), c.acceptCanceled);

    const QJsonObject alerts = objectAt(r, QStringLiteral("alerts"));
    const QString ap = r.path(QStringLiteral("alerts"));
    rejectUnknown(alerts, {QStringLiteral("depthThreshold"), QStringLiteral("inflowPerMinuteThreshold"),
                           QStringLiteral("spikeFactor"), QStringLiteral("spikeMinimum"), QStringLiteral("baselineMinutes"),
                           QStringLiteral("cooldownSeconds"), QStringLiteral("webhook")},
                  ap, errors);
    JsonFieldReader a(alerts, ap);
    DlqAlertConfig &al = c.alerts;
    al.depthThreshold = int(a.integer(QStringLiteral("depthThreshold"), al.depthThreshold, 0, 1'000'000'000, QStringLiteral("0 = off")));
    al.inflowPerMinuteThreshold = int(a.integer(QStringLiteral("inflowPerMinuteThreshold"), al.inflowPerMinuteThreshold, 0,
                                                1'000'000'000, QStringLiteral("0 = off")));
    al.spikeFactor = number(a, QStringLiteral("spikeFactor"), al.spikeFactor, 0, 1e6);
    al.spikeMinimum = int(a.integer(QStringLiteral("spikeMinimum"), al.spikeMinimum, 1, 1'000'000'000));
    al.baselineMinutes = int(a.integer(QStringLiteral("baselineMinutes"), al.baselineMinutes, 1, 1440));
    al.cooldownMs = a.integer(QStringLiteral("cooldownSeconds"), al.cooldownMs / 1000, 0, 86400) * 1000;
    if (a.has(QStringLiteral("webhook")))
        al.webhook = parseWebhook(objectAt(a, QStringLiteral("webhook")), a.path(QStringLiteral("webhook")), errors);
    errors += r.errors();
    errors += a.errors();
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Invalid DLQ configuration: %1").arg(errors.first().message), errors);
    return c;
}

QJsonObject DlqConfig::toJson() const
{
    QJsonObject headers;
    for (auto it = alerts.webhook.headers.cbegin(); it != alerts.webhook.headers.cend(); ++it)
        headers.insert(it.key(), QStringLiteral("***"));
    const QJsonObject webhook{{QStringLiteral("url"), alerts.webhook.url},
                              {QStringLiteral("headers"), headers},
                              {QStringLiteral("timeoutMs"), alerts.webhook.timeoutMs},
                              {QStringLiteral("maxQueued"), alerts.webhook.maxQueued},
                              {QStringLiteral("retry"), alerts.webhook.retry.toJson()},
                              {QStringLiteral("breaker"), alerts.webhook.breaker.toJson()}};
    const QJsonObject al{{QStringLiteral("depthThreshold"), alerts.depthThreshold},
                         {QStringLiteral("inflowPerMinuteThreshold"), alerts.inflowPerMinuteThreshold},
                         {QStringLiteral("spikeFactor"), alerts.spikeFactor},
                         {QStringLiteral("spikeMinimum"), alerts.spikeMinimum},
                         {QStringLiteral("baselineMinutes"), alerts.baselineMinutes},
                         {QStringLiteral("cooldownSeconds"), double(alerts.cooldownMs / 1000)},
                         {QStringLiteral("webhook"), webhook}};
    return QJsonObject{{QStringLiteral("ttlSeconds"), double(ttlMs / 1000)},
                       {QStringLiteral("maxEntries"), double(maxEntries)},
                       {QStringLiteral("sweepIntervalSeconds"), double(sweepIntervalMs / 1000)},
                       {QStringLiteral("outputExcerptBytes"), outputExcerptBytes},
                       {QStringLiteral("maxReplayRatePerSecond"), maxReplayRatePerSecond},
                       {QStringLiteral("acceptCanceled"), acceptCanceled},
                       {QStringLiteral("alerts"), al}};
}

} // namespace orrery
