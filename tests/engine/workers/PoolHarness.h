#pragma once

// Test helper: a started WorkerPool plus the outcomes it delivered, collected on the test thread.

#include "workers/WorkerPool.h"

#include <QHash>
#include <QObject>
#include <QTest>
#include <memory>

namespace orrery::test {

class PoolHarness
{
public:
    explicit PoolHarness(WorkerPoolConfig config = {}, Clock *clock = nullptr)
        : pool(std::make_unique<WorkerPool>(std::move(config), clock)), m_receiver(std::make_unique<QObject>())
    {
        QObject::connect(pool.get(), &WorkerPool::finished, m_receiver.get(), [this](const QList<TaskOutcome> &batch) {
            batchSizes.append(int(batch.size()));
            for (const TaskOutcome &o : batch) {
                outcomes.insert(o.taskId, o);
                ++delivered;
            }
        });
    }

    ~PoolHarness() { pool->stop(0); }

    bool start() { return pool->start().ok(); }

    static TaskAssignment task(const QString &id, const QString &type, const QJsonObject &input = {},
                               qint64 timeoutMs = 0)
    {
        TaskAssignment t;
        t.taskId = id;
        t.workflowId = QStringLiteral("wf-test");
        t.taskType = type;
        t.input = input;
        t.timeoutMs = timeoutMs;
        return t;
    }

    void submit(const QString &id, const QString &type, const QJsonObject &input = {}, qint64 timeoutMs = 0)
    {
        pool->submit({task(id, type, input, timeoutMs)});
    }

    bool waitFor(const QString &id, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] { return outcomes.contains(id); }, timeoutMs);
    }

    // Submits one task and waits for its outcome. A missing outcome comes back as a Failed outcome
    // whose reason says so, so that the caller's assertions fail with a clear message.
    TaskOutcome run(const QString &type, const QJsonObject &input, qint64 timeoutMs = 0, int waitMs = 30000)
    {
        const QString id = QStringLiteral("t%1").arg(++m_next);
        submit(id, type, input, timeoutMs);
        if (!waitFor(id, waitMs)) {
            TaskOutcome missing;
            missing.status = TaskOutcome::Failed;
            missing.reason = QStringLiteral("test harness: no outcome for %1 within %2 ms").arg(id).arg(waitMs);
            return missing;
        }
        return outcomes.value(id);
    }

    std::unique_ptr<WorkerPool> pool;
    QHash<QString, TaskOutcome> outcomes;
    QList<int> batchSizes;
    qint64 delivered = 0;

private:
    std::unique_ptr<QObject> m_receiver; // context on the test thread: outcomes arrive queued
    int m_next = 0;
};

} // namespace orrery::test
