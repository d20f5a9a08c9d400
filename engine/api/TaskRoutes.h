#pragma once

namespace orrery {

class ApiRouter;
class Engine;

// Conductor's worker / task API (spec §2 and §9): batch and single poll (with the exact empty
// answers: batch 200 [], single 204), task updates (v1 answers the taskId as text/plain; v2
// answers the next task or 204), task logs, queue sizes and poll data, and GET task.
// Polls and updates need an operator token (a poll leases tasks); reads need a viewer token.
class TaskRoutes
{
public:
    static void registerRoutes(ApiRouter &router, Engine *engine);

    static constexpr int kMaxPollTimeoutMs = 5000;
    static constexpr int kDefaultBatchTimeoutMs = 100;
    static constexpr int kSinglePollTimeoutMs = 100;
    static constexpr int kMaxBatchCount = 1000;
};

} // namespace orrery
