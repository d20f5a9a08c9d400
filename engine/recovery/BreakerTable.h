#pragma once

#include "BreakerSnapshot.h"
#include "BreakerTripLog.h"
#include "core/Result.h"

#include <QList>
#include <QSqlDatabase>
#include <vector>

namespace orrery {

class SqlBackend;

// The circuit breakers' SQL (tables breaker_states and breaker_trips of MigrationsDlq.cpp,
// schema version 12) on one connection owned by the calling thread: one row per breaker with
// its last snapshot, one row per trip. Same statements on SQLite and PostgreSQL; database
// errors are values.
class BreakerTable
{
public:
    // `db` must be open and belong to the calling thread; `backend` must outlive the table.
    BreakerTable(QSqlDatabase db, const SqlBackend &backend);

    // Checks that the tables exist (a database migrated by an older build lacks them).
    Result<void> check();

    Result<void> saveState(const BreakerSnapshot &snapshot); // insert or replace by name
    // Every saved breaker, by name. A row that cannot be read is an error naming the breaker.
    Result<QList<BreakerSnapshot>> loadStates();

    Result<void> addTrip(const QString &breaker, qint64 atMs);
    // The newest `limit` trips after `sinceMs` (exclusive), oldest first.
    Result<std::vector<BreakerTripLog::Trip>> loadTrips(qint64 sinceMs, int limit);
    // Deletes trips at or before `cutoffMs`, then the oldest beyond `maxRows`; returns how many went.
    Result<int> pruneTrips(qint64 cutoffMs, int maxRows);
    Result<qint64> tripCount();

private:
    Result<int> exec(const QString &sql, const QVariantList &binds, const QString &what);

    QSqlDatabase m_db;
    const SqlBackend &m_backend;
};

} // namespace orrery
