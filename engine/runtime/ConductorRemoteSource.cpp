#include "ConductorRemoteSource.h"

#include "conductor/ConductorClient.h"

#include <QJsonArray>

namespace orrery {

namespace {

QJsonObject markRemote(QJsonObject o, const QString &server)
{
    o.insert(QStringLiteral("source"), QStringLiteral("remote"));
    o.insert(QStringLiteral("conductorServer"), server);
    return o;
}

} // namespace

ConductorRemoteSource::ConductorRemoteSource(ConductorClient *client)
    : m_client(client), m_server(client->settings().url)
{
}

void ConductorRemoteSource::search(const QString &query, SearchDone done)
{
    fetch(m_client, m_server, QStringLiteral("/api/workflow/search") + (query.isEmpty() ? QString() : u'?' + query), true,
          std::move(done));
}

void ConductorRemoteSource::fetch(const QPointer<ConductorClient> &client, const QString &server, const QString &path,
                                  bool isSearch, SearchDone done)
{
    const bool queued = client && QMetaObject::invokeMethod(client, [client, server, path, isSearch, done] {
        if (!client)
            return done(503, {}, QStringLiteral("The Conductor client of %1 has stopped.").arg(server));
        ConductorRequest request;
        request.path = path;
        request.timeoutMs = 15000;
        client->call(std::move(request), [server, isSearch, done](ConductorReply reply) {
            if (reply.refusedByBreaker || reply.noAnswer())
                return done(503, {}, QStringLiteral("The Conductor server %1 is not reachable: %2").arg(server, reply.describe()));
            const QJsonObject o = reply.json().object();
            if (!reply.ok()) {
                const QString message = o.value(QStringLiteral("message")).toString();
                return done(reply.status == 404 ? 404 : 502, {},
                            QStringLiteral("Conductor server %1: %2").arg(server, message.isEmpty() ? reply.describe() : message));
            }
            if (!isSearch)
                return done(200, markRemote(o, server), {});
            QJsonArray results;
            for (const QJsonValue &v : o.value(QStringLiteral("results")).toArray())
                results.append(markRemote(v.toObject(), server));
            QJsonObject page = o;
            page.insert(QStringLiteral("results"), results);
            page.insert(QStringLiteral("source"), QStringLiteral("remote"));
            done(200, page, {});
        });
    }, Qt::QueuedConnection);
    if (!queued)
        done(503, {}, QStringLiteral("The Conductor client of %1 has stopped.").arg(server));
}

} // namespace orrery
