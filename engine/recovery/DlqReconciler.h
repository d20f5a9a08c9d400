#pragma once

#include "DeadLetterEntry.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QStringList>
#include <functional>
#include <optional>

namespace orrery {

class DlqTable;
class SqlBackend;
class Store;

// The DLQ's reconciliation (docs/recovery.md, "Start-up reconciliation"): finds tasks that ended
// for good (DeadTaskRule, the live path's rule) but have no DLQ entry (a SIGKILL between the
// engine's commit and the DLQ's own write) and hands each to `record`, once.
//
// Bounded by a watermark kept in dlq_state: only tasks (and failed workflows) updated since it
// are looked at, through the (status, update_time) indexes of tasks and workflows; after a run it
// moves to the run's start minus kMarginMs, so a task committed late or stamped by another
// instance's clock (a PostgreSQL store shared by several orreryd) is looked at again next time.
// Exactly once: a task whose entry already names it (or holds it among its attempts) is skipped,
// so running twice, or again after a crash mid-run, records nothing new; dlq_entries' unique
// (workflow_id, ref_name) index refuses a second entry for a reference whatever happens.
// Entries an operator removed stay removed: removals first reconcile, then set a fence
// (fenceRemovals), and tasks that ended before the fence are not recorded again.
//
// All on the DLQ's thread and connection; workflows are read through Store::loadWorkflow.
class DlqReconciler
{
public:
    static constexpr qint64 kMarginMs = 5 * 60 * 1000;

    struct Report
    {
        qint64 fromMs = 0;      // tasks updated since then were looked at
        qint64 watermarkMs = 0; // where the next run starts
        int workflows = 0;      // candidate workflows read
        int dead = 0;           // dead tasks among them without an entry naming them
        int recorded = 0;       // entries created or reopened
        int fenced = 0;         // dead before the last operator removal: left alone
        QJsonObject toJson() const;
    };
    // Creates or reopens the entry of one dead task.
    using Record = std::function<Result<void>(const DeadLetterInput &)>;

    // `db` is the DLQ's connection (calling thread); everything must outlive the reconciler.
    DlqReconciler(QSqlDatabase db, const SqlBackend &backend, Store *store, DlqTable *table);

    // One pass at `nowMs`. Tasks that ended before nowMs - ttlMs (ttlMs > 0) are not looked at
    // (retention would evict their entries at once). CANCELED tasks only with `withCanceled`.
    Result<Report> run(qint64 nowMs, qint64 ttlMs, bool withCanceled, const Record &record);
    // Tasks that ended before `nowMs` are not recorded any more (after an operator removal).
    Result<void> fenceRemovals(qint64 nowMs);

    Result<std::optional<qint64>> state(const QString &name);
    Result<void> setState(const QString &name, qint64 value);

private:
    Result<qint64> startingPoint(qint64 nowMs);
    Result<QStringList> candidates(qint64 sinceMs, const QStringList &statuses);

    QSqlDatabase m_db;
    const SqlBackend &m_backend;
    Store *m_store;
    DlqTable *m_table;
};

} // namespace orrery
