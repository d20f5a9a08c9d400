#pragma once

#include "workers/BlockingTaskHandler.h"

namespace orrery {

// Conductor's JSON_JQ_TRANSFORM system task, run on the pool's worker threads with libjq:
// `queryExpression` runs over the task's whole input; output {result: the first result,
// resultList: all of them}. A program that does not compile or fails at run time: FAILED with
// output.error.
class JqTransformHandler : public BlockingTaskHandler
{
public:
    TaskOutcome run(const TaskAssignment &task) override;
};

} // namespace orrery
