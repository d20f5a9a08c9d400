#pragma once

#include "api/HttpResponse.h"
#include "runtime/EngineLease.h"

#include <QJsonObject>
#include <QMutex>
#include <QString>

namespace orrery {

// A standby's view of the active instance, shared between the main thread (the lease elector
// updates it every second) and the standby's API thread (the read routes, the forwarder):
// who holds the engine lease, the standby's own identity and its last lease error. Builds the
// 503 a standby answers with when it does not (or cannot) forward a request. Thread-safe.
class ActiveInstance
{
public:
    // `self` is this standby's instance name.
    explicit ActiveInstance(QString self) : m_self(std::move(self)) {}

    // The URL this standby advertises once active (known once its port is bound).
    void setSelfUrl(const QString &url);

    void setHolder(const EngineLeaseHolder &holder);
    void setLastError(const QString &error);
    EngineLeaseHolder holder() const;
    QString self() const { return m_self; }
    // Where a request may be forwarded: the holder's URL; or empty, with the reason in `whyNot`,
    // when no holder is known or the record names this instance or its own address (forwarding
    // would come back here).
    QString forwardUrl(QString *whyNot) const;

    // GET /api/engine/lease and the /healthz body of a standby: {role: "standby", instance,
    // active: {instance, url, since} | null[, error]}.
    QJsonObject leaseJson() const;
    // 503 in Conductor's error shape, with role "standby", retryable, activeUrl (also in the
    // X-Orrery-Active-Url header) and Retry-After: 1. `reason` says why this standby did not
    // serve the request; empty = the standard "send it to the active engine" message.
    HttpResponse refusal(const QByteArray &method, const QString &path, const QString &reason = {}) const;

    static constexpr const char *kActiveHeader = "X-Orrery-Active-Url";
    // Set on a request a standby forwards (its value: the forwarding instance). A standby that
    // receives a request carrying it answers 503 instead of forwarding it again.
    static constexpr const char *kForwardedHeader = "X-Orrery-Forwarded-By";

private:
    const QString m_self;
    mutable QMutex m_mutex;
    QString m_selfUrl;
    EngineLeaseHolder m_holder;
    QString m_error;
};

} // namespace orrery
