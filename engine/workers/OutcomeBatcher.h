#pragma once

#include "workers/TaskOutcome.h"

#include <QList>
#include <functional>
#include <memory>

class QTimer;

namespace orrery {

// Collects outcomes and hands them on in batches: as soon as maxSize are collected, or windowMs
// after the first one of a batch arrived, whichever comes first. Lives on the pool thread.
class OutcomeBatcher
{
public:
    using Flush = std::function<void(QList<TaskOutcome>)>;

    OutcomeBatcher(int maxSize, int windowMs, Flush onFlush);
    ~OutcomeBatcher();

    void add(TaskOutcome outcome);
    void flush();
    qsizetype pending() const { return m_batch.size(); }

private:
    QList<TaskOutcome> m_batch;
    std::unique_ptr<QTimer> m_timer;
    Flush m_flush;
    int m_maxSize;
};

} // namespace orrery
