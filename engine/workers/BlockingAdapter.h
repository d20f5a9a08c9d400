#pragma once

#include "workers/BlockingTaskHandler.h"
#include "workers/HandlerContext.h"
#include "workers/TaskHandler.h"

#include <memory>

namespace orrery {

// Runs a BlockingTaskHandler on the pool's QThreadPool and posts its outcome back to the pool
// thread. Internal: HandlerRegistry wraps every blocking registration in one of these.
class BlockingAdapter final : public TaskHandler
{
public:
    BlockingAdapter(const HandlerContext &context, std::unique_ptr<BlockingTaskHandler> handler);

    void start(const TaskAssignment &task, Done done) override;
    void cancel() override;

private:
    HandlerContext m_context;
    std::shared_ptr<BlockingTaskHandler> m_handler; // shared with the runnable
};

} // namespace orrery
