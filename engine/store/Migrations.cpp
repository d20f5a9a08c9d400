#include "store/Migrations.h"

#include "store/SqlBackend.h"

#include <QSet>
#include <QSqlQuery>

#include <algorithm>

namespace orrery {

namespace {

std::vector<Migration> buildMigrations()
{
    std::vector<Migration> list;
    list.push_back(Migration{
        1,
        QStringLiteral("workflows, tasks, task logs, definitions, API tokens"),
        {
            QStringLiteral("CREATE TABLE workflows ("
                           "id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, "
                           "status TEXT NOT NULL, project_id TEXT NOT NULL DEFAULT '', "
                           "correlation_id TEXT NOT NULL DEFAULT '', create_time {bigint} NOT NULL DEFAULT 0, "
                           "update_time {bigint} NOT NULL DEFAULT 0, end_time {bigint} NOT NULL DEFAULT 0, "
                           "json {json} NOT NULL)"),
            QStringLiteral("CREATE INDEX workflows_status ON workflows (status)"),
            QStringLiteral("CREATE TABLE tasks ("
                           "id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, task_type TEXT NOT NULL, "
                           "ref_name TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, seq INTEGER NOT NULL DEFAULT 0, "
                           "scheduled_time {bigint} NOT NULL DEFAULT 0, update_time {bigint} NOT NULL DEFAULT 0, "
                           "json {json} NOT NULL)"),
            QStringLiteral("CREATE INDEX tasks_workflow ON tasks (workflow_id, seq)"),
            QStringLiteral("CREATE INDEX tasks_status_type ON tasks (status, task_type)"),
            QStringLiteral("CREATE TABLE task_logs ("
                           "seq {serial_pk}, task_id TEXT NOT NULL, created_time {bigint} NOT NULL, "
                           "log TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX task_logs_task ON task_logs (task_id, created_time)"),
            QStringLiteral("CREATE TABLE task_defs (name TEXT PRIMARY KEY, json {json} NOT NULL)"),
            QStringLiteral("CREATE TABLE workflow_def_snapshots (id TEXT PRIMARY KEY, json {json} NOT NULL)"),
            QStringLiteral("CREATE TABLE workflow_defs ("
                           "name TEXT NOT NULL, version INTEGER NOT NULL, json {json} NOT NULL, "
                           "PRIMARY KEY (name, version))"),
            QStringLiteral("CREATE TABLE api_tokens ("
                           "id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, role TEXT NOT NULL, "
                           "projects {json} NOT NULL, created {bigint} NOT NULL DEFAULT 0, "
                           "last_used {bigint} NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0)"),
        }});
    // idempotencyKey of workflow starts (StartWorkflowRequest), so a key is found again after a
    // restart, whatever the workflow's status; '' = no key. Rows written before this step have none.
    list.push_back(Migration{
        11,
        QStringLiteral("idempotency key of workflows"),
        {
            QStringLiteral("ALTER TABLE workflows ADD COLUMN idempotency_key TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE INDEX workflows_idempotency ON workflows (idempotency_key, create_time) "
                           "WHERE idempotency_key <> ''"),
        }});
    // GET /api/tasks pages at a million rows (issue 15): the list's default order (update_time
    // DESC, then id) per status and over all statuses, so the first page and keyset pages (?after=)
    // read one page of index entries instead of sorting every match.
    list.push_back(Migration{
        21,
        QStringLiteral("indexes of the task list order"),
        {
            QStringLiteral("CREATE INDEX tasks_status_updated ON tasks (status, update_time DESC, id)"),
            QStringLiteral("CREATE INDEX tasks_updated ON tasks (update_time DESC, id)"),
        }});
    // Each module keeps its own schema steps in its own file, with its own version numbers:
    // 2.. dead-letter queue (MigrationsDlq.cpp), 3.. scheduler (MigrationsScheduler.cpp),
    // 4.. API tokens/audit (MigrationsApi.cpp); 1, 11, 21.. are the engine's own (above).
    // Versions must stay strictly ascending.
    for (auto set : {dlqMigrations, schedulerMigrations, apiMigrations})
        for (Migration &m : set())
            list.push_back(std::move(m));
    std::sort(list.begin(), list.end(), [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return list;
}

Result<void> exec(QSqlDatabase &db, const SqlBackend &backend, const QString &sql, const QString &what)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return backend.queryError(what, q);
    return {};
}

void rollback(QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("ROLLBACK"));
}

} // namespace

const std::vector<Migration> &Migrations::all()
{
    static const std::vector<Migration> list = buildMigrations();
    return list;
}

int Migrations::latestVersion()
{
    return all().empty() ? 0 : all().back().version;
}

Result<int> Migrations::apply(QSqlDatabase &db, const SqlBackend &backend, qint64 nowMs)
{
    return apply(db, backend, nowMs, all());
}

Result<int> Migrations::apply(QSqlDatabase &db, const SqlBackend &backend, qint64 nowMs,
                              const std::vector<Migration> &migrations)
{
    const int known = migrations.empty() ? 0 : migrations.back().version;
    const QString where = backend.url().masked();
    if (Result<void> r = exec(db, backend, backend.beginWriteSql(),
                              QStringLiteral("cannot start the schema migration of %1").arg(where)); !r)
        return r.error();
    auto fail = [&db](const Error &e) -> Result<int> {
        rollback(db);
        return e;
    };
    if (const QString lock = backend.migrationLockSql(); !lock.isEmpty()) {
        if (Result<void> r = exec(db, backend, lock, QStringLiteral("cannot lock %1 for migration").arg(where)); !r)
            return fail(r.error());
    }
    if (Result<void> r = exec(db, backend,
                              backend.ddl(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                                                         "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                                                         "applied_time {bigint} NOT NULL)")),
                              QStringLiteral("cannot create the schema_version table in %1").arg(where));
        !r)
        return fail(r.error());

    // Modules number their steps independently (see buildMigrations), so a later build may bring
    // a step numbered below one already applied: apply every known step that is missing.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT version FROM schema_version")))
        return fail(backend.queryError(QStringLiteral("cannot read the schema version of %1").arg(where), q));
    QSet<int> applied;
    while (q.next())
        applied.insert(q.value(0).toInt());
    q.finish();
    QSet<int> knownVersions;
    for (const Migration &m : migrations)
        knownVersions.insert(m.version);
    for (int v : applied) {
        if (!knownVersions.contains(v))
            return fail(Error::conflict(QStringLiteral("database schema version %1 is newer than this build supports (%2); "
                                                       "upgrade orrery (database %3)")
                                            .arg(v)
                                            .arg(known)
                                            .arg(where)));
    }
    int current = 0;
    for (int v : applied)
        current = std::max(current, v);

    for (const Migration &m : migrations) {
        if (applied.contains(m.version))
            continue;
        for (const QString &statement : m.statements) {
            const QString sql = backend.ddl(statement);
            if (Result<void> r = exec(db, backend, sql,
                                      QStringLiteral("schema migration %1 (%2) failed on %3")
                                          .arg(m.version)
                                          .arg(m.description, where));
                !r)
                return fail(r.error());
        }
        QSqlQuery ins(db);
        ins.prepare(QStringLiteral("INSERT INTO schema_version (version, description, applied_time) VALUES (?, ?, ?)"));
        ins.addBindValue(m.version);
        ins.addBindValue(m.description);
        ins.addBindValue(nowMs);
        if (!ins.exec())
            return fail(backend.queryError(QStringLiteral("cannot record schema migration %1 in %2").arg(m.version).arg(where), ins));
    }
    if (Result<void> r = exec(db, backend, QStringLiteral("COMMIT"),
                              QStringLiteral("cannot commit the schema migration of %1").arg(where));
        !r)
        return fail(r.error());
    return known > current ? known : current;
}

} // namespace orrery
