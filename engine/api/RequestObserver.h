#pragma once

#include "Principal.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace orrery {

// One answered request, as the router saw it (metrics, audit log).
struct RequestRecord
{
    QByteArray method;
    QString route;         // the matched pattern ("/api/tasks/{taskId}"), or "unmatched"
    QString path;          // the path as sent (percent-encoded), without the query
    int status = 0;
    qint64 durationNs = 0; // from routing to the answer being handed to the connection
    qint64 timeMs = 0;     // when the request was routed (the settings' clock)
    std::optional<Principal> principal; // none: anonymous route or refused before authentication
    QString remoteAddress;
    bool audited = false;  // a mutating call of a route that is audited (RouteDoc::noAudit not set)
    QString message;       // error message of a 4xx/5xx answer (filled for audited calls only)
};

// Told about every request the router answers. Called on whatever thread answers the request
// (usually the API server thread), so implementations must be thread-safe and quick.
class RequestObserver
{
public:
    virtual ~RequestObserver() = default;
    virtual void requestFinished(const RequestRecord &record) = 0;
};

} // namespace orrery
