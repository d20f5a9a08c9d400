#pragma once

// Test helper: an async handler that holds every task until the test releases it, recording how
// many run at once. Releasing happens on the pool thread (done() must be called there).

#include "workers/TaskHandler.h"
#include "workers/WorkerPool.h"

#include <QMutex>
#include <QSet>
#include <QThread>
#include <memory>

namespace orrery::test {

struct Gate
{
    mutable QMutex mutex;
    QList<std::pair<QString, TaskHandler::Done>> waiting;
    QSet<QString> canceled;
    QStringList startedOrder;
    int active = 0;
    int maxActive = 0;
    QThread *startThread = nullptr;

    int activeNow() const
    {
        QMutexLocker lock(&mutex);
        return active;
    }
    int maxActiveNow() const
    {
        QMutexLocker lock(&mutex);
        return maxActive;
    }
    int waitingNow() const
    {
        QMutexLocker lock(&mutex);
        return int(waiting.size());
    }
    bool wasCanceled(const QString &id) const
    {
        QMutexLocker lock(&mutex);
        return canceled.contains(id);
    }

    // Completes the oldest waiting task (Completed, output {"released": id}) on the pool thread.
    void releaseOne(WorkerPool *pool)
    {
        QMetaObject::invokeMethod(
            pool,
            [this] {
                TaskHandler::Done done;
                QString id;
                {
                    QMutexLocker lock(&mutex);
                    if (waiting.isEmpty())
                        return;
                    std::tie(id, done) = waiting.takeFirst();
                    --active;
                }
                done(TaskOutcome::completed(QJsonObject{{"released", id}}));
            },
            Qt::QueuedConnection);
    }
};

class GateHandler final : public TaskHandler
{
public:
    explicit GateHandler(std::shared_ptr<Gate> gate) : m_gate(std::move(gate)) {}

    void start(const TaskAssignment &task, Done done) override
    {
        m_taskId = task.taskId;
        QMutexLocker lock(&m_gate->mutex);
        m_gate->waiting.append({task.taskId, std::move(done)});
        m_gate->startedOrder.append(task.taskId);
        m_gate->maxActive = qMax(m_gate->maxActive, ++m_gate->active);
        m_gate->startThread = QThread::currentThread();
    }

    void cancel() override
    {
        QMutexLocker lock(&m_gate->mutex);
        m_gate->canceled.insert(m_taskId);
        for (qsizetype i = 0; i < m_gate->waiting.size(); ++i) {
            if (m_gate->waiting.at(i).first == m_taskId) {
                m_gate->waiting.removeAt(i); // never reports: the pool reports it
                --m_gate->active;
                break;
            }
        }
    }

private:
    std::shared_ptr<Gate> m_gate;
    QString m_taskId;
};

inline HandlerRegistry::Factory gateFactory(std::shared_ptr<Gate> gate)
{
    return [gate](const HandlerContext &) { return std::make_unique<GateHandler>(gate); };
}

} // namespace orrery::test
