#include "SideEffectServer.h"

#include <QDateTime>
#include <QUrl>
#include <QUrlQuery>

namespace orrery::test {

SideEffectServer::SideEffectServer()
    : m_server(QStringLiteral("side-effects"), [this](const StubHttpServer::Request &r) { return answer(r); })
{
}

SideEffectServer::~SideEffectServer() = default;

StubHttpServer::Reply SideEffectServer::answer(const StubHttpServer::Request &request)
{
    const QUrl url(QString::fromUtf8(request.target));
    const QUrlQuery q(url);
    StubHttpServer::Reply reply;
    reply.status = record(url.path(), q.queryItemValue(QStringLiteral("w")), q.queryItemValue(QStringLiteral("r")),
                          q.queryItemValue(QStringLiteral("t")), q.queryItemValue(QStringLiteral("c")));
    if (reply.status != 200)
        reply.body = QByteArrayLiteral("{\"ok\":false}");
    return reply;
}

int SideEffectServer::record(const QString &path, const QString &wf, const QString &ref, const QString &task,
                             const QString &correlation)
{
    m_total.fetch_add(1);
    m_lastMs.store(QDateTime::currentMSecsSinceEpoch());
    QMutexLocker lock(&m_mutex);
    const QString key = wf + QLatin1Char(' ') + ref;
    ++m_byTask[task];
    m_execution.insert(task, key + QLatin1Char(' ') + correlation);
    const int nth = ++m_byRef[key];
    if (path == QLatin1String("/ok"))
        return 200;
    if (path == QLatin1String("/flaky"))
        return nth <= 2 ? 500 : 200;
    if (path == QLatin1String("/dead"))
        return 500;
    return 404;
}

QHash<QString, int> SideEffectServer::requestsByTask() const
{
    QMutexLocker lock(&m_mutex);
    return m_byTask;
}

QHash<QString, QString> SideEffectServer::executionOf() const
{
    QMutexLocker lock(&m_mutex);
    return m_execution;
}

} // namespace orrery::test
