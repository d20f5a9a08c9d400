#include "DlqGauge.h"

#include <algorithm>

namespace orrery {

void DlqGauge::setCounts(qint64 depth, qint64 total)
{
    QMutexLocker lock(&m_mutex);
    m_open = true;
    m_depth = std::max<qint64>(0, depth);
    m_total = std::max<qint64>(0, total);
}

void DlqGauge::setClosed()
{
    QMutexLocker lock(&m_mutex);
    m_open = false;
}

void DlqGauge::addInflow(qint64 atMs, int n)
{
    QMutexLocker lock(&m_mutex);
    m_inflow.add(atMs, n);
}

void DlqGauge::addOutflow(qint64 atMs, int n)
{
    QMutexLocker lock(&m_mutex);
    m_outflow.add(atMs, n);
}

DlqGauge::Snapshot DlqGauge::snapshot(qint64 windowMs, qint64 nowMs) const
{
    const qint64 span = std::clamp<qint64>(windowMs, 0, kFlowHorizonMs);
    QMutexLocker lock(&m_mutex);
    return Snapshot{m_open, m_depth, m_total, m_inflow.countSince(nowMs, span), m_outflow.countSince(nowMs, span)};
}

} // namespace orrery
