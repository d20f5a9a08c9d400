#include "OutcomeBatcher.h"

#include <QTimer>

namespace orrery {

OutcomeBatcher::OutcomeBatcher(int maxSize, int windowMs, Flush onFlush)
    : m_timer(std::make_unique<QTimer>()), m_flush(std::move(onFlush)), m_maxSize(qMax(1, maxSize))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(qMax(0, windowMs));
    QObject::connect(m_timer.get(), &QTimer::timeout, m_timer.get(), [this] { flush(); });
    m_batch.reserve(m_maxSize);
}

OutcomeBatcher::~OutcomeBatcher() = default;

void OutcomeBatcher::add(TaskOutcome outcome)
{
    m_batch.append(std::move(outcome));
    if (m_batch.size() >= m_maxSize)
        flush();
    else if (m_batch.size() == 1)
        m_timer->start();
}

void OutcomeBatcher::flush()
{
    m_timer->stop();
    if (m_batch.isEmpty())
        return;
    QList<TaskOutcome> batch;
    batch.reserve(m_maxSize);
    batch.swap(m_batch);
    m_flush(std::move(batch));
}

} // namespace orrery
