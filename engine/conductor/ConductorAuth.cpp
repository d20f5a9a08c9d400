#include "ConductorAuth.h"

#include "core/Clock.h"

#include <QJsonObject>

namespace orrery {

ConductorAuth::ConductorAuth(QString keyId, QString keySecret, const Clock *clock)
    : m_keyId(std::move(keyId)), m_keySecret(std::move(keySecret)), m_clock(clock)
{
}

bool ConductorAuth::needsToken() const
{
    if (!enabled() || m_oss)
        return false;
    return m_token.isEmpty() || m_clock->nowMs() - m_fetchedMs >= kRefreshMs;
}

ConductorRequest ConductorAuth::tokenRequest() const
{
    ConductorRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/api/token");
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("keyId"), m_keyId}, {QStringLiteral("keySecret"), m_keySecret}})
                 .toJson(QJsonDocument::Compact);
    r.timeoutMs = 15000;
    return r;
}

Result<void> ConductorAuth::acceptTokenReply(const ConductorReply &reply)
{
    if (reply.status == 404) {
        m_oss = true; // OSS: no /api/token, no auth
        m_token.clear();
        return {};
    }
    if (!reply.ok())
        return Error::unavailable(QStringLiteral("token exchange (POST /api/token with key id %1) failed: %2")
                                      .arg(m_keyId, reply.describe()));
    const QString token = reply.json().object().value(QStringLiteral("token")).toString();
    if (token.isEmpty())
        return Error::unavailable(QStringLiteral("token exchange (POST /api/token) answered %1 without a \"token\"")
                                      .arg(reply.status));
    m_token = token.toUtf8();
    m_fetchedMs = m_clock->nowMs();
    return {};
}

bool ConductorAuth::isAuthRejection(const ConductorReply &reply)
{
    if (reply.status == 401)
        return true;
    if (reply.status != 403)
        return false;
    const QJsonObject o = reply.json().object();
    for (const char *key : {"error", "code"}) {
        const QString v = o.value(QLatin1String(key)).toString();
        if (v == QLatin1String("EXPIRED_TOKEN") || v == QLatin1String("INVALID_TOKEN"))
            return true;
    }
    return false;
}

} // namespace orrery
