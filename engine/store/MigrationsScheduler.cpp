#include "store/Migrations.h"

namespace orrery {

// Schema of the scheduler jobs and runs: versions 3, 3+10, 3+20, ... (each module steps by 10 so modules
// never collide). Released steps are never edited; append new ones.
//
// scheduler_jobs: one row per job. `definition` is the editable part as JSON (trigger, target,
// policies); the scheduling state has columns: next_fire/last_fire are nominal UTC instants (ms),
// next_fire NULL = the schedule ended. `revision` grows with every change and is the compare-and-set
// token of claims (several instances on one PostgreSQL database).
// scheduler_runs: one row per run (or per folded group of missed instants). The partial unique index
// makes a nominal instant of a job recordable only once, whichever instance claims it.
std::vector<Migration> schedulerMigrations()
{
    return {
        Migration{
            3,
            QStringLiteral("scheduler jobs and runs"),
            {
                QStringLiteral("CREATE TABLE scheduler_jobs ("
                               "id TEXT PRIMARY KEY, name TEXT NOT NULL, definition {json} NOT NULL, "
                               "paused INTEGER NOT NULL DEFAULT 0, next_fire {bigint}, last_fire {bigint}, "
                               "revision {bigint} NOT NULL DEFAULT 1, created {bigint} NOT NULL DEFAULT 0, "
                               "updated {bigint} NOT NULL DEFAULT 0)"),
                QStringLiteral("CREATE TABLE scheduler_runs ("
                               "id TEXT PRIMARY KEY, job_id TEXT NOT NULL, scheduled {bigint} NOT NULL, "
                               "planned {bigint} NOT NULL, manual INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, "
                               "reason TEXT NOT NULL DEFAULT '', missed_count INTEGER NOT NULL DEFAULT 1, "
                               "last_scheduled {bigint} NOT NULL DEFAULT 0, fired {bigint}, ended {bigint}, "
                               "workflow_id TEXT NOT NULL DEFAULT '', instance TEXT NOT NULL DEFAULT '', "
                               "lease_until {bigint} NOT NULL DEFAULT 0, detail {json})"),
                QStringLiteral("CREATE UNIQUE INDEX scheduler_runs_once ON scheduler_runs (job_id, scheduled) "
                               "WHERE manual = 0"),
                QStringLiteral("CREATE INDEX scheduler_runs_job ON scheduler_runs (job_id, scheduled)"),
                QStringLiteral("CREATE INDEX scheduler_runs_active ON scheduler_runs (job_id) "
                               "WHERE status IN ('CLAIMED', 'RUNNING')"),
                QStringLiteral("CREATE INDEX scheduler_runs_claims ON scheduler_runs (lease_until) "
                               "WHERE status = 'CLAIMED'"),
            }},
    };
}

} // namespace orrery
