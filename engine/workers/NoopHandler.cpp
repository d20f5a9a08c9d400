#include "NoopHandler.h"

namespace orrery {

void NoopHandler::start(const TaskAssignment &task, Done done)
{
    done(TaskOutcome::completed(task.input));
}

} // namespace orrery
