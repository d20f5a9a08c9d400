#pragma once

#include "ConductorRequest.h"
#include "core/Result.h"

#include <QString>

namespace orrery {

class Clock;

// The token of a Conductor server (spec §9/§10): only with a key id and secret, POST /api/token
// {keyId, keySecret} -> {token}, then X-Authorization: <token>. A 404 from /api/token means an
// OSS server without auth: no header from then on. The token is refreshed every 45 minutes and
// after a 401, or a 403 whose body says EXPIRED_TOKEN / INVALID_TOKEN. Pure logic, virtual time.
class ConductorAuth
{
public:
    static constexpr qint64 kRefreshMs = 45LL * 60 * 1000;

    ConductorAuth(QString keyId, QString keySecret, const Clock *clock);

    bool enabled() const { return !m_keyId.isEmpty() && !m_keySecret.isEmpty(); }
    bool isOss() const { return m_oss; }
    // A token must be fetched before the next call.
    bool needsToken() const;
    ConductorRequest tokenRequest() const;
    // Applies the answer of POST /api/token. An error says why, without the secret.
    Result<void> acceptTokenReply(const ConductorReply &reply);
    // The header value, empty when none is sent.
    QByteArray header() const { return m_token; }
    void invalidate() { m_token.clear(); }
    qint64 fetchedAtMs() const { return m_fetchedMs; }

    // 401, or 403 with error/code EXPIRED_TOKEN or INVALID_TOKEN.
    static bool isAuthRejection(const ConductorReply &reply);

private:
    QString m_keyId;
    QString m_keySecret;
    const Clock *m_clock;
    QByteArray m_token;
    qint64 m_fetchedMs = 0;
    bool m_oss = false;
};

} // namespace orrery
