#pragma once

#include "DeadLetterEntry.h"
#include "DlqFilter.h"
#include "core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace orrery {

class SqlBackend;

// Depth and composition of the queue, as GET /api/dlq/stats reports them.
struct DlqCounts
{
    qint64 depth = 0;        // entries in DEAD
    qint64 total = 0;        // entries of any status
    qint64 oldestDeadMs = 0; // first failure of the oldest DEAD entry (0 = none)
    QHash<QString, qint64> byType;    // DEAD entries per task type
    QHash<QString, qint64> byReason;  // DEAD entries per reason class
    QHash<QString, qint64> byProject; // DEAD entries per project ('' = none)
    QHash<QString, qint64> byStatus;  // all entries per status

    // {depth, total, byStatus, byType, byReason, byProject, oldestFirstFailureTime?, oldestAgeMs?}
    QJsonObject toJson(qint64 nowMs) const;
    static QJsonObject toJson(const QHash<QString, qint64> &counts);
};

// The DLQ's SQL (tables of MigrationsDlq.cpp) on one connection owned by the calling thread.
// Same statements on SQLite and PostgreSQL. Every method reports database errors as values.
class DlqTable
{
public:
    // `db` must be open and belong to the calling thread; `backend` must outlive the table.
    DlqTable(QSqlDatabase db, const SqlBackend &backend);

    // Checks that the tables exist (a database migrated by another build may lack them).
    Result<void> check();

    Result<void> save(const DeadLetterEntry &entry); // insert or replace by id
    Result<std::optional<DeadLetterEntry>> get(const QString &id);
    Result<std::optional<DeadLetterEntry>> findByRef(const QString &workflowId, const QString &referenceTaskName);
    // Newest failure first.
    Result<QList<DeadLetterEntry>> list(const DlqFilter &filter, int offset, int limit);
    Result<qint64> count(const DlqFilter &filter);
    // Ids of matching entries, oldest failure first (bulk replay order).
    Result<QStringList> ids(const DlqFilter &filter, int limit);
    Result<int> remove(const QString &id);
    Result<int> removeMatching(const DlqFilter &filter);
    // Deletes entries whose last failure is before `cutoffMs`, oldest first; at most `limit`.
    Result<int> removeOlderThan(qint64 cutoffMs, int limit);
    // Deletes the oldest entries so that at most `maxEntries` remain; returns how many went.
    Result<int> trimTo(qint64 maxEntries);
    Result<DlqCounts> counts();
    // Entries per task type (sorted) and status, all statuses: one GROUP BY that the
    // (task_type, status) index answers alone, cheap enough for every /metrics scrape.
    Result<QMap<QString, QHash<QString, qint64>>> countsByTypeAndStatus();
    // Puts every REPLAYING entry back to DEAD (start-up); returns how many.
    Result<int> reviveReplaying(qint64 nowMs);

    Result<QHash<QString, qint64>> counters();
    Result<void> addToCounter(const QString &name, qint64 delta);

private:
    Result<QList<DeadLetterEntry>> select(const QString &whereAndTail, const QVariantList &binds);
    Result<int> exec(const QString &sql, const QVariantList &binds, const QString &what);

    QSqlDatabase m_db;
    const SqlBackend &m_backend;
};

} // namespace orrery
