#pragma once

#include "OpsTableModel.h"

namespace orrery {

class Clock;

// The workers of GET /api/conductor/workers, keyed by workerId: the local pool ("orrery-local",
// kind local: in flight of its capacity, running, queued) and the remote pollers (task types,
// last poll relative to the injected clock, polls, tasks handed out, in flight).
class WorkerTableModel : public OpsTableModel
{
    Q_OBJECT

public:
    enum Column { WorkerId, Kind, TaskTypes, InFlight, Running, Queued, Capacity, LastPoll, Polls, HandedOut, ColumnCount };

    explicit WorkerTableModel(Clock *clock, QObject *parent = nullptr);

    // Takes the answer {totalHits, results: [worker], start, size}.
    void setPage(const QJsonObject &page);
    // The local pool's stats (WorkerPool::stats()), empty when the server has no local pool.
    QJsonObject localPool() const { return m_pool; }
    // Repaints the relative "last poll" column.
    void tick() { columnChanged(LastPoll); }

Q_SIGNALS:
    void localPoolChanged(const QJsonObject &pool);

protected:
    QVariant cellData(const QJsonObject &row, int column, int role) const override;

private:
    Clock *m_clock;
    QJsonObject m_pool;
};

} // namespace orrery
