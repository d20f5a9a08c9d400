#pragma once

#include "workers/BlockingTaskHandler.h"

#include <functional>

namespace orrery {

// A BlockingTaskHandler around a plain function (HandlerRegistry::registerFunction and
// registerJsonFunction). The function is shared by all tasks of its type and may run on several
// threads at once, so it must be thread-safe.
class FunctionHandler final : public BlockingTaskHandler
{
public:
    using Function = std::function<TaskOutcome(const TaskAssignment &)>;

    explicit FunctionHandler(Function function);
    TaskOutcome run(const TaskAssignment &task) override;

private:
    Function m_function;
};

} // namespace orrery
