#include "ActiveInstance.h"

#include <QMutexLocker>

namespace orrery {

void ActiveInstance::setSelfUrl(const QString &url)
{
    QMutexLocker lock(&m_mutex);
    m_selfUrl = url;
}

void ActiveInstance::setHolder(const EngineLeaseHolder &holder)
{
    QMutexLocker lock(&m_mutex);
    m_holder = holder;
}

void ActiveInstance::setLastError(const QString &error)
{
    QMutexLocker lock(&m_mutex);
    m_error = error;
}

EngineLeaseHolder ActiveInstance::holder() const
{
    QMutexLocker lock(&m_mutex);
    return m_holder;
}

QString ActiveInstance::forwardUrl(QString *whyNot) const
{
    QMutexLocker lock(&m_mutex);
    if (!m_holder.known() || m_holder.url.isEmpty())
        *whyNot = QStringLiteral("no active engine is known to forward to");
    else if (m_holder.instance == m_self)
        *whyNot = QStringLiteral("the lease record names this instance, which takes the engine over shortly");
    else if (m_holder.url == m_selfUrl)
        *whyNot = QStringLiteral("the active instance %1 advertises %2, this standby's own address; check its --advertise-url")
                      .arg(m_holder.instance, m_holder.url);
    else
        return m_holder.url;
    return {};
}

QJsonObject ActiveInstance::leaseJson() const
{
    QMutexLocker lock(&m_mutex);
    QJsonObject o{{QStringLiteral("role"), QStringLiteral("standby")},
                  {QStringLiteral("instance"), m_self},
                  {QStringLiteral("active"), m_holder.known() ? QJsonValue(m_holder.toJson()) : QJsonValue()}};
    if (!m_error.isEmpty())
        o.insert(QStringLiteral("error"), m_error);
    return o;
}

HttpResponse ActiveInstance::refusal(const QByteArray &method, const QString &path, const QString &reason) const
{
    const EngineLeaseHolder active = holder();
    const QString where = active.known() ? active.url : QString();
    QString message;
    if (where.isEmpty())
        message = QStringLiteral("this orreryd is a standby and no active engine is known yet; retry shortly");
    else
        message = QStringLiteral("this orreryd is a standby; send %1 %2 to the active engine at %3")
                      .arg(QString::fromLatin1(method), path, where);
    if (!reason.isEmpty())
        message = QStringLiteral("%1 (%2)").arg(message, reason);
    QJsonObject body{{QStringLiteral("status"), 503},
                     {QStringLiteral("message"), message},
                     {QStringLiteral("instance"), m_self},
                     {QStringLiteral("retryable"), true},
                     {QStringLiteral("role"), QStringLiteral("standby")},
                     {QStringLiteral("activeUrl"), where}};
    if (!reason.isEmpty())
        body.insert(QStringLiteral("reason"), reason);
    HttpResponse r = HttpResponse::json(body, 503);
    r.withHeader(kActiveHeader, where.toUtf8());
    r.withHeader("Retry-After", "1");
    return r;
}

} // namespace orrery
