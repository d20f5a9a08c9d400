#pragma once

#include "api/RemoteWorkflowSource.h"

#include <QPointer>

namespace orrery {

class ConductorClient;

// The Conductor server's executions read through the client (client mode): what
// GET /api/workflow/search?source=remote|all merges, and what the /api/conductor/remote/ routes
// forward. Each read runs on the client's thread; rows come back marked "source": "remote" with
// "conductorServer".
class ConductorRemoteSource : public RemoteWorkflowSource
{
public:
    explicit ConductorRemoteSource(ConductorClient *client);

    QString serverName() const override { return m_server; }
    void search(const QString &query, SearchDone done) override;

    // GET `path` on the server; a search page's rows (or the one execution) marked remote.
    // `done(status, json, message)`: 200, 404 (unknown there), 502 (refused), 503 (unreachable,
    // breaker open, client gone).
    static void fetch(const QPointer<ConductorClient> &client, const QString &server, const QString &path, bool isSearch,
                      SearchDone done);

private:
    QPointer<ConductorClient> m_client;
    QString m_server;
};

} // namespace orrery
