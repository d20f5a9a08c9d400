#pragma once

#include "core/Result.h"

#include <QJsonValue>
#include <QStringList>

namespace orrery {

class ApiRouter;
struct ApiServices;

// Conductor's bulk workflow actions (WorkflowBulkResource; the body is a JSON array of 1 to 1000
// workflow ids, the answer a BulkResponse {bulkSuccessfulResults: [ids], bulkErrorResults: {id: message}}):
//   PUT  /api/workflow/bulk/pause
//   PUT  /api/workflow/bulk/resume
//   POST /api/workflow/bulk/retry
//   POST /api/workflow/bulk/restart?useLatestDefinitions=
//   POST /api/workflow/bulk/terminate?reason=
// Each id is acted on alone (one failing id does not stop the others). Operator role, no project
// scopes (as the single-workflow actions).
class WorkflowBulkRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
    // The ids of a bulk body, or a 400 naming the offending element.
    static Result<QStringList> parseIds(const QJsonValue &body);
};

} // namespace orrery
