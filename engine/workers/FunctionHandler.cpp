#include "FunctionHandler.h"

namespace orrery {

FunctionHandler::FunctionHandler(Function function) : m_function(std::move(function)) {}

TaskOutcome FunctionHandler::run(const TaskAssignment &task)
{
    return m_function(task);
}

} // namespace orrery
