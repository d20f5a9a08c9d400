#include "store/Migrations.h"

namespace orrery {

// Schema of the dead-letter queue: versions 2, 2+10, 2+20, ... (each module steps by 10 so modules
// never collide). Released steps are never edited; append new ones.
// Used by engine/recovery/DlqTable on a connection of its own (docs/recovery.md).
std::vector<Migration> dlqMigrations()
{
    return {
        Migration{
            2,
            QStringLiteral("dead-letter queue entries and counters"),
            {
                // One row per dead (workflow, task reference); `json` holds the whole entry
                // (attempts, replays, snapshot, input); the other columns serve filters and sorting.
                QStringLiteral("CREATE TABLE dlq_entries ("
                               "id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, ref_name TEXT NOT NULL, "
                               "task_type TEXT NOT NULL, task_id TEXT NOT NULL, project_id TEXT NOT NULL DEFAULT '', "
                               "reason_class TEXT NOT NULL, status TEXT NOT NULL, "
                               "attempt_count INTEGER NOT NULL DEFAULT 0, dead_count INTEGER NOT NULL DEFAULT 1, "
                               "first_failure_time {bigint} NOT NULL DEFAULT 0, "
                               "last_failure_time {bigint} NOT NULL DEFAULT 0, "
                               "created_time {bigint} NOT NULL DEFAULT 0, updated_time {bigint} NOT NULL DEFAULT 0, "
                               "search_text TEXT NOT NULL DEFAULT '', json {json} NOT NULL)"),
                QStringLiteral("CREATE UNIQUE INDEX dlq_entries_ref ON dlq_entries (workflow_id, ref_name)"),
                QStringLiteral("CREATE INDEX dlq_entries_status_time ON dlq_entries (status, last_failure_time)"),
                QStringLiteral("CREATE INDEX dlq_entries_time ON dlq_entries (last_failure_time)"),
                QStringLiteral("CREATE INDEX dlq_entries_type ON dlq_entries (task_type, status)"),
                // Lifetime totals (dead-lettered, replayed, purged, evicted, ...).
                QStringLiteral("CREATE TABLE dlq_counters (name TEXT PRIMARY KEY, value {bigint} NOT NULL DEFAULT 0)"),
            }},
        // Circuit breakers across restarts (engine/recovery/BreakerTable, docs/recovery.md): the
        // last snapshot of each breaker (state, times, counters in `json`) and one row per trip,
        // kept 24 h and at most 20,000 (BreakerTripLog's retention and cap).
        Migration{
            12,
            QStringLiteral("circuit breaker states and trips"),
            {
                QStringLiteral("CREATE TABLE breaker_states ("
                               "name TEXT PRIMARY KEY, state TEXT NOT NULL, "
                               "opened_at_ms {bigint} NOT NULL DEFAULT 0, updated_ms {bigint} NOT NULL DEFAULT 0, "
                               "json {json} NOT NULL)"),
                QStringLiteral("CREATE TABLE breaker_trips ("
                               "seq {serial_pk}, breaker TEXT NOT NULL, at_ms {bigint} NOT NULL)"),
                QStringLiteral("CREATE INDEX breaker_trips_time ON breaker_trips (at_ms)"),
            }},
        // The start-up reconciliation (engine/recovery/DlqReconciler, docs/recovery.md): dead
        // tasks a kill left without an entry get one. dlq_state keeps its watermark (tasks that
        // ended before it were checked) and the fence of the last operator removal; the partial
        // index finds the failed workflows updated since the watermark without reading the others.
        Migration{
            22,
            QStringLiteral("dead-letter reconciliation watermark and failed-workflow index"),
            {
                QStringLiteral("CREATE TABLE dlq_state (name TEXT PRIMARY KEY, value {bigint} NOT NULL DEFAULT 0)"),
                QStringLiteral("CREATE INDEX workflows_failed_updated ON workflows (update_time) "
                               "WHERE status IN ('FAILED', 'TIMED_OUT', 'TERMINATED')"),
            }},
    };
}

} // namespace orrery
