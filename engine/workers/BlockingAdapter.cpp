#include "BlockingAdapter.h"

#include "workers/PoolFailures.h"

#include <QObject>
#include <QRunnable>
#include <QThreadPool>
#include <exception>

namespace orrery {

BlockingAdapter::BlockingAdapter(const HandlerContext &context, std::unique_ptr<BlockingTaskHandler> handler)
    : m_context(context), m_handler(std::move(handler))
{
}

void BlockingAdapter::start(const TaskAssignment &task, Done done)
{
    std::shared_ptr<BlockingTaskHandler> handler = m_handler;
    QObject *back = m_context.eventContext;
    QRunnable *runnable = QRunnable::create([handler, task, done = std::move(done), back]() mutable {
        if (handler->isCancelRequested())
            return; // canceled while queued: the pool has already reported it
        TaskOutcome outcome;
        try {
            outcome = handler->run(task);
        } catch (const std::exception &e) {
            outcome = poolfailures::handlerError(QString::fromUtf8(e.what()));
        } catch (...) {
            outcome = poolfailures::handlerError(QStringLiteral("unknown exception"));
        }
        QMetaObject::invokeMethod(
            back, [done = std::move(done), outcome = std::move(outcome)]() mutable { done(std::move(outcome)); },
            Qt::QueuedConnection);
    });
    m_context.blockingPool->start(runnable);
}

void BlockingAdapter::cancel()
{
    m_handler->requestCancel();
}

} // namespace orrery
