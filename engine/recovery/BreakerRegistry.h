#pragma once

#include "BreakerConfig.h"
#include "CircuitBreaker.h"
#include "core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>

namespace orrery {

class Clock;

// Named circuit breakers, created on first use. Names follow "<kind>:<resource>" by convention:
// "http:api.example.com", "task:send_email", "conductor:<url>", or a bare "store", "redis",
// "webhook". A breaker's settings come from the most specific matching pattern: an exact name,
// else the longest matching prefix pattern ("http:*"), else the default.
//
// Configuration JSON:
//   {"default": {BreakerConfig...},
//    "breakers": {"store": {...}, "http:*": {...}, "http:slow.example.com": {...}}}
// Each pattern's fields are laid over "default".
//
// Not thread-safe: create it on the engine thread and use it (and its breakers) only there;
// other threads read snapshots through queued calls. Breakers are children of the registry.
class BreakerRegistry : public QObject
{
    Q_OBJECT

public:
    // `clock` must outlive the registry.
    explicit BreakerRegistry(const Clock *clock, QObject *parent = nullptr);

    // The registry shared by everything that runs on `host`'s thread (the engine core): the
    // child of `host` named kObjectName, created (with `clock`) on first use. Call it on
    // `host`'s thread only. Lets independent parts (the local worker bridge, the recovery
    // module) share one registry without knowing about each other.
    static constexpr auto kObjectName = "orrery.breakers";
    static BreakerRegistry *attachedTo(QObject *host, const Clock *clock);

    BreakerConfig defaultConfig() const { return m_default; }
    void setDefaultConfig(const BreakerConfig &config);
    // `pattern` is an exact name, or a prefix ending in '*' ("http:*"; "*" alone matches all).
    // Breakers that already exist take the new settings at once.
    void setConfig(const QString &pattern, const BreakerConfig &config);
    // Replaces default and patterns from JSON (shape above). All or nothing: on error nothing changes.
    Result<void> configure(const QJsonObject &json, const QString &pathPrefix = QString());
    // The configuration as JSON in the same shape.
    QJsonObject configJson() const;
    // The settings a breaker of this name gets.
    BreakerConfig configFor(const QString &name) const;
    // The settings it would get without an exact entry: longest matching pattern, else default.
    BreakerConfig inheritedConfigFor(const QString &name) const;

    // The breaker of that name, created if needed; nullptr only for an empty name.
    CircuitBreaker *breaker(const QString &name);
    // The breaker of that name if it exists.
    CircuitBreaker *find(const QString &name) const;
    QStringList names() const; // sorted
    // {"breakers": [CircuitBreaker::toJson()... sorted by name], "count": n, "open": k}
    // where k counts OPEN, HALF_OPEN and FORCED_OPEN breakers.
    QJsonObject toJson();

signals:
    // Forwarded from every breaker: one signal for the composition root to turn into
    // `breaker_state_changed` events.
    void breakerStateChanged(const QString &name, const QString &from, const QString &to,
                             const QString &reason);
    // Forwarded CircuitBreaker::snapshotChanged of every breaker (for the one that saves them).
    void breakerSnapshotChanged(const QString &name);

private:
    void applyToExisting();

    const Clock *m_clock;
    BreakerConfig m_default;
    QHash<QString, BreakerConfig> m_exact;
    QList<QPair<QString, BreakerConfig>> m_prefixes; // prefix without '*', longest first
    QMap<QString, CircuitBreaker *> m_breakers;      // owned as QObject children
};

} // namespace orrery
