#pragma once

#include <QJsonObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace orrery {

// Executions that live on another server (Conductor client mode), as GET /api/workflow/search
// merges them with the local ones (`source=remote|all`). The API owns this interface; the module
// that talks to the server (engine/runtime's ConductorClientModule) implements it, so the API does
// not depend on the client.
class RemoteWorkflowSource
{
public:
    // `status` 200 with the server's SearchResult (each row marked `"source": "remote"`), else
    // the HTTP status to answer (503 unreachable or breaker open, 502 the server refused) and why.
    using SearchDone = std::function<void(int status, const QJsonObject &page, const QString &message)>;

    virtual ~RemoteWorkflowSource() = default;
    // host:port (or URL) of the server, for the answer.
    virtual QString serverName() const = 0;
    // `query`: URL-encoded Conductor search parameters (start, size, sort, freeText, query).
    // `done` may be called on any thread.
    virtual void search(const QString &query, SearchDone done) = 0;
};

// Where the server keeps the current source (none when client mode is off); set any time.
using RemoteWorkflowSlot = std::atomic<std::shared_ptr<RemoteWorkflowSource>>;

} // namespace orrery
