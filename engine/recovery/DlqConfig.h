#pragma once

#include "BreakerConfig.h"
#include "RetryPolicy.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace orrery {

// Where DLQ alerts are POSTed (as JSON), with retries and a circuit breaker of their own.
struct WebhookConfig
{
    QString url;                    // empty = no webhook; http:// or https://
    QMap<QString, QString> headers; // sent with every POST (e.g. Authorization); never logged
    int timeoutMs = 10000;          // per attempt
    RetryPolicy retry = defaultRetry();
    BreakerConfig breaker = defaultBreaker();
    int maxQueued = 100;            // alerts waiting for delivery; the oldest is dropped beyond

    static RetryPolicy defaultRetry();     // 5 retries, EXPONENTIAL_BACKOFF from 2 s, capped at 60 s
    static BreakerConfig defaultBreaker(); // opens after 3 failures in a row, half-open after 60 s
};

// When the DLQ raises a `dlq_alert`.
struct DlqAlertConfig
{
    int depthThreshold = 1000;         // alert when the depth reaches it (re-armed below it); 0 = off
    int inflowPerMinuteThreshold = 0;  // alert when a minute brings this many entries; 0 = off
    double spikeFactor = 5.0;          // alert when a minute brings spikeFactor x the baseline; 0 = off
    int spikeMinimum = 20;             // ... and at least this many entries
    int baselineMinutes = 15;          // the baseline: mean entries per minute over this many minutes before
    qint64 cooldownMs = 300000;        // at most one inflow alert per cooldown (JSON: cooldownSeconds)
    WebhookConfig webhook;
};

// Settings of the dead-letter queue (docs/recovery.md, "Dead-letter queue"). JSON:
//   {"ttlSeconds": 1209600, "maxEntries": 100000, "sweepIntervalSeconds": 60,
//    "outputExcerptBytes": 2048, "maxReplayRatePerSecond": 1000, "acceptCanceled": false,
//    "alerts": {"depthThreshold": 1000, "inflowPerMinuteThreshold": 0, "spikeFactor": 5,
//               "spikeMinimum": 20, "baselineMinutes": 15, "cooldownSeconds": 300,
//               "webhook": {"url": "", "headers": {}, "timeoutMs": 10000, "maxQueued": 100,
//                           "retry": {RetryPolicy fields}, "breaker": {BreakerConfig fields}}}}
// Every field is optional; unknown fields are refused (a typo must not silently keep a default).
struct DlqConfig
{
    qint64 ttlMs = 14LL * 24 * 3600 * 1000; // entries older than this (last failure) are evicted; 0 = never
    qint64 maxEntries = 100000;             // beyond it the oldest entries are evicted; 0 = no limit
    qint64 sweepIntervalMs = 60000;         // how often the TTL is enforced
    int outputExcerptBytes = 2048;          // of each attempt's output kept in the entry
    double maxReplayRatePerSecond = 1000;   // upper bound of a bulk replay's rate
    bool acceptCanceled = false;            // CANCELED tasks are not failures: not queued by default
    DlqAlertConfig alerts;

    static Result<DlqConfig> fromJson(const QJsonObject &json, const QString &pathPrefix = QStringLiteral("dlq"));
    // The settings as JSON; webhook header values are masked.
    QJsonObject toJson() const;
};

} // namespace orrery
