#pragma once

#include "recovery/DeadLetterQueue.h"

namespace orrery {

class ApiRouter;
class RequestContext;

// The dead-letter queue over REST (docs/api.md, "Dead-letter queue"):
//   GET    /api/dlq?taskType=&projectId=&reason=&status=&workflowId=&from=&to=&text=&start=0&size=100  viewer
//   GET    /api/dlq/stats                                                                            viewer
//   GET    /api/dlq/{id}                                                                             viewer
//   POST   /api/dlq/{id}/replay                                                                      operator
//   POST   /api/dlq/replay   {ids | filter | all, ratePerSecond, dryRun}                             operator
//   DELETE /api/dlq/{id}                                                                             admin
//   POST   /api/dlq/purge    {ids | filter | all, dryRun}                                            admin
// A token limited to projects sees and touches only entries of those projects.
class DlqRoutes
{
public:
    static constexpr int kDefaultPageSize = 100;

    static void registerRoutes(ApiRouter &router, DeadLetterQueue::Poster dlq);

    // The filter of a list request (query parameters), narrowed to the caller's projects.
    static Result<DlqFilter> filterFromQuery(const RequestContext &ctx);
    // The selection of a bulk request body: {"ids": [...]} and/or {"filter": {...}} (or the
    // filter's fields at the top level), or {"all": true}; narrowed to the caller's projects.
    static Result<DlqFilter> filterFromBody(const QJsonObject &body);
};

} // namespace orrery
