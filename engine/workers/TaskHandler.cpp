#include "TaskHandler.h"

namespace orrery {

TaskHandler::~TaskHandler() = default;

void TaskHandler::cancel() {}

} // namespace orrery
