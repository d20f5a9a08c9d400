#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// Conductor's worker API (spec §2 and §9): batch and single poll (with the exact empty
// answers: batch 200 [], single 204), task updates (v1 answers the taskId as text/plain; v2
// answers the next task or 204), adding task logs, queue sizes and poll data.
// Polls and updates need an operator token without project scopes (a poll leases tasks of any
// project); they are the data plane and are not written to the audit log. Polls are counted per
// worker for GET /api/conductor/workers.
class TaskRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);

    static constexpr int kMaxPollTimeoutMs = 5000;
    static constexpr int kDefaultBatchTimeoutMs = 100;
    static constexpr int kSinglePollTimeoutMs = 100;
    static constexpr int kMaxBatchCount = 1000;
};

} // namespace orrery
