#pragma once

#include "workers/HttpHandler.h"
#include "workers/TaskHandler.h"

#include <memory>

namespace orrery {

// Conductor's HTTP system task (spec §8.11) on Orrery's http handler: reads
// `http_request` {uri, method, headers, body, contentType, accept, connectionTimeOut,
// readTimeOut} (or the same keys at the top level of the input), answers
// {response: {statusCode, headers, body, reasonPhrase}}; a non-2xx status fails the task with
// the body as the reason; a missing uri or method fails it terminally. Its circuit breaker is
// the host's ("http:<host>", see TaskGuard).
class ConductorHttpHandler : public TaskHandler
{
public:
    explicit ConductorHttpHandler(const HandlerContext &context);

    void start(const TaskAssignment &task, Done done) override;
    void cancel() override;

    // The `http` handler's input for a Conductor HTTP task's input (error text when invalid).
    static QJsonObject toHttpInput(const QJsonObject &conductorInput, QString *error);
    // The http_request object of a Conductor HTTP task input.
    static QJsonObject request(const QJsonObject &conductorInput);

private:
    HttpHandler m_http;
};

} // namespace orrery
