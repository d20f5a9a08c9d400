#pragma once

#include "workers/BlockingTaskHandler.h"

namespace orrery {

// Conductor's INLINE system task (spec §8.11), run on the pool's worker threads: inputs
// `evaluatorType` (javascript (default), graaljs, value-param) and `expression`; `$` is the whole
// input. Output {result}. A script that does not parse or throws, an unknown evaluatorType or a
// missing expression: FAILED_WITH_TERMINAL_ERROR; a script over its time limit (4 s): FAILED;
// over its memory limit (64 MiB growth): FAILED_WITH_TERMINAL_ERROR. output.error and the reason
// say why; console.log lines become task logs.
class InlineHandler : public BlockingTaskHandler
{
public:
    TaskOutcome run(const TaskAssignment &task) override;
};

} // namespace orrery
