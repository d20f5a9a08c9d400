#include "scheduler/SqlJobStore.h"

#include "scheduler/JobCodec.h"
#include "scheduler/SqlJobRows.h"
#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QLoggingCategory>
#include <QSqlError>

Q_DECLARE_LOGGING_CATEGORY(lcScheduler)

namespace orrery {

namespace {
const QString kInFlight = QStringLiteral("('CLAIMED', 'RUNNING')");
}

SqlJobStore::SqlJobStore(Store *store, QString connectionName, QObject *parent)
    : QObject(parent), m_store(store), m_backend(&store->backend()), m_name(std::move(connectionName)),
      m_listener(new JobChangeListener(store, m_name + QStringLiteral("-listen"), QString::fromLatin1(kChannel), this))
{
}

SqlJobStore::~SqlJobStore() { close(); }

Result<void> SqlJobStore::open()
{
    auto db = m_store->openModuleConnection(m_name);
    if (!db)
        return db.error();
    m_db = *db;
    m_prepared.clear();
    m_open = true;
    m_postgres = m_backend->name() == QLatin1String("postgresql");
    if (m_postgres)
        return m_listener->start();
    return {};
}

void SqlJobStore::close()
{
    if (!m_open)
        return;
    m_open = false;
    m_prepared.clear();
    m_db = QSqlDatabase();
    SqlBackend::closeConnection(m_name);
    if (m_postgres)
        m_listener->stop();
}

Result<QSqlQuery *> SqlJobStore::prepared(const QString &sql, const char *what)
{
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.prepare(sql))
            return m_backend->queryError(QStringLiteral("scheduler: cannot prepare to %1").arg(QLatin1String(what)), q);
        it = m_prepared.emplace(sql, std::move(q)).first;
    }
    return &it->second;
}

// Statements are prepared once and kept (PostgreSQL would otherwise PREPARE and DEALLOCATE them on
// every call). A SELECT's result must be read and finish()ed before the next run() of the same text.
Result<QSqlQuery *> SqlJobStore::run(const QString &sql, const QVariantList &args, const char *what)
{
    auto q = prepared(sql, what);
    if (!q)
        return q.error();
    QSqlQuery *query = *q;
    query->finish();
    for (const QVariant &v : args)
        query->addBindValue(v);
    if (!query->exec())
        return m_backend->queryError(QStringLiteral("scheduler: cannot %1").arg(QLatin1String(what)), *query);
    return query;
}

Result<void> SqlJobStore::begin()
{
    QSqlQuery q(m_db);
    if (!q.exec(m_backend->beginWriteSql()))
        return m_backend->queryError(QStringLiteral("scheduler: cannot start a transaction"), q);
    return {};
}

Result<void> SqlJobStore::commitTransaction()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("COMMIT"))) {
        Error e = m_backend->queryError(QStringLiteral("scheduler: cannot commit"), q);
        rollback();
        return e;
    }
    return {};
}

void SqlJobStore::rollback()
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("ROLLBACK"));
}

void SqlJobStore::notify(const QString &payload)
{
    if (!m_postgres)
        return;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(QString::fromLatin1(kChannel));
    q.addBindValue(payload);
    if (!q.exec())
        qCWarning(lcScheduler).noquote() << "cannot notify the other instances of a change to" << payload << ":"
                                         << q.lastError().text();
}

Result<QList<Job>> SqlJobStore::loadJobs()
{
    auto q = run(QStringLiteral("SELECT %1 FROM scheduler_jobs ORDER BY id").arg(SqlJobRows::jobColumns()), {}, "read the jobs");
    if (!q)
        return q.error();
    QList<Job> jobs;
    while ((*q)->next())
        jobs.append(SqlJobRows::jobFromQuery(**q));
    (*q)->finish();
    return jobs;
}

Result<std::optional<Job>> SqlJobStore::loadJob(const QString &id)
{
    auto q = run(QStringLiteral("SELECT %1 FROM scheduler_jobs WHERE id = ?").arg(SqlJobRows::jobColumns()), {id}, "read a job");
    if (!q)
        return q.error();
    std::optional<Job> job;
    if ((*q)->next())
        job = SqlJobRows::jobFromQuery(**q);
    (*q)->finish();
    return job;
}

Result<bool> SqlJobStore::insertJob(const Job &job)
{
    auto q = run(QStringLiteral("INSERT INTO scheduler_jobs (%1) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (id) DO NOTHING")
                     .arg(SqlJobRows::jobColumns()),
                 {job.id(), SqlJobRows::text(job.def.name), SqlJobRows::jsonText(JobCodec::storedForm(job), *m_backend), job.paused ? 1 : 0,
                  SqlJobRows::optionalMs(job.nextFireMs), SqlJobRows::optionalMs(job.lastFireMs), qlonglong(job.createdMs),
                  qlonglong(job.updatedMs)},
                 "add a job");
    if (!q)
        return q.error();
    const bool inserted = (*q)->numRowsAffected() == 1;
    if (inserted)
        notify(job.id());
    return inserted;
}

Result<bool> SqlJobStore::replaceJob(const Job &job, qint64 expectedRevision)
{
    // A flagged job's stored definition is never rewritten (only its state: paused, fire times).
    Result<QSqlQuery *> q = job.flagged()
        ? run(QStringLiteral("UPDATE scheduler_jobs SET paused = ?, next_fire = ?, last_fire = ?, revision = revision + 1, "
                             "updated = ? WHERE id = ? AND revision = ?"),
              {job.paused ? 1 : 0, SqlJobRows::optionalMs(job.nextFireMs), SqlJobRows::optionalMs(job.lastFireMs),
               qlonglong(job.updatedMs), job.id(), qlonglong(expectedRevision)},
              "change a job")
        : run(QStringLiteral("UPDATE scheduler_jobs SET name = ?, definition = ?, paused = ?, next_fire = ?, "
                             "last_fire = ?, revision = revision + 1, updated = ? WHERE id = ? AND revision = ?"),
              {SqlJobRows::text(job.def.name), SqlJobRows::jsonText(JobCodec::definitionToJson(job.def), *m_backend),
               job.paused ? 1 : 0, SqlJobRows::optionalMs(job.nextFireMs), SqlJobRows::optionalMs(job.lastFireMs),
               qlonglong(job.updatedMs), job.id(), qlonglong(expectedRevision)},
              "change a job");
    if (!q)
        return q.error();
    const bool replaced = (*q)->numRowsAffected() == 1;
    if (replaced)
        notify(job.id());
    return replaced;
}

Result<bool> SqlJobStore::removeJob(const QString &id)
{
    if (auto r = begin(); !r)
        return r.error();
    auto runs = run(QStringLiteral("DELETE FROM scheduler_runs WHERE job_id = ?"), {id}, "remove the runs of a job");
    if (!runs) {
        rollback();
        return runs.error();
    }
    auto q = run(QStringLiteral("DELETE FROM scheduler_jobs WHERE id = ?"), {id}, "remove a job");
    if (!q) {
        rollback();
        return q.error();
    }
    const bool removed = (*q)->numRowsAffected() == 1;
    if (auto r = commitTransaction(); !r)
        return r.error();
    if (removed)
        notify(id);
    return removed;
}

Result<CommitOutcome> SqlJobStore::commitOne(const JobCommit &c)
{
    CommitOutcome out;
    if (c.updateJob) {
        auto q = run(QStringLiteral("UPDATE scheduler_jobs SET paused = ?, next_fire = ?, last_fire = ?, "
                                    "revision = revision + 1, updated = ? WHERE id = ? AND revision = ?"),
                     {c.paused ? 1 : 0, SqlJobRows::optionalMs(c.nextFireMs), SqlJobRows::optionalMs(c.lastFireMs),
                      qlonglong(c.updatedMs), c.jobId, qlonglong(c.expectedRevision)},
                     "claim a due job");
        if (!q)
            return q.error();
        if ((*q)->numRowsAffected() != 1)
            return out; // another instance claimed it first, or it changed or went away
        out.newRevision = c.expectedRevision + 1;
    } else {
        auto q = run(QStringLiteral("SELECT revision FROM scheduler_jobs WHERE id = ?"), {c.jobId}, "read a job's revision");
        if (!q)
            return q.error();
        const bool exists = (*q)->next();
        out.newRevision = exists ? (*q)->value(0).toLongLong() : 0;
        (*q)->finish();
        if (!exists)
            return out;
    }
    out.applied = true;
    QList<JobRun> runs = c.runs;
    const bool anyClaim = std::any_of(runs.begin(), runs.end(), [](const JobRun &r) { return r.status == JobRun::Status::Claimed; });
    if (anyClaim && c.maxInstances > 0) {
        auto q = run(QStringLiteral("SELECT COUNT(*) FROM scheduler_runs WHERE job_id = ? AND status IN %1").arg(kInFlight),
                     {c.jobId}, "count the running instances of a job");
        if (!q)
            return q.error();
        const int inFlight = (*q)->next() ? (*q)->value(0).toInt() : 0;
        (*q)->finish();
        applyInstanceLimit(runs, inFlight, c.maxInstances);
    }
    auto insert = prepared(QStringLiteral("INSERT INTO scheduler_runs (%1) VALUES (%2) ON CONFLICT DO NOTHING")
                               .arg(SqlJobRows::runColumns(), SqlJobRows::runPlaceholders()),
                           "record a run");
    if (!insert)
        return insert.error();
    QSqlQuery &ins = **insert;
    for (const JobRun &r : std::as_const(runs)) {
        SqlJobRows::bindRun(ins, r, *m_backend);
        if (!ins.exec())
            return m_backend->queryError(QStringLiteral("scheduler: cannot record a run"), ins);
        if (ins.numRowsAffected() == 1)
            out.runs.append(r); // 0: this instant already has its run (recorded by another instance)
    }
    return out;
}

Result<QList<CommitOutcome>> SqlJobStore::commit(const QList<JobCommit> &commits)
{
    if (auto r = begin(); !r)
        return r.error();
    QList<CommitOutcome> outcomes;
    outcomes.reserve(commits.size());
    for (const JobCommit &c : commits) {
        auto one = commitOne(c);
        if (!one) {
            rollback();
            return one.error();
        }
        outcomes.append(std::move(one).value());
    }
    if (auto r = commitTransaction(); !r)
        return r.error();
    return outcomes;
}

Result<void> SqlJobStore::updateRuns(const QList<RunUpdate> &updates)
{
    if (updates.isEmpty())
        return {};
    if (auto r = begin(); !r)
        return r;
    auto update = prepared(QStringLiteral("UPDATE scheduler_runs SET status = COALESCE(?, status), workflow_id = COALESCE(?, workflow_id), "
                             "fired = COALESCE(?, fired), ended = COALESCE(?, ended), lease_until = COALESCE(?, lease_until), "
                             "reason = COALESCE(?, reason), detail = COALESCE(?, detail) "
                             "WHERE id = ? AND (? = 0 OR status IN %1)").arg(kInFlight),
                           "record the progress of a run");
    if (!update) {
        rollback();
        return update.error();
    }
    QSqlQuery &q = **update;
    const QVariant nullText{QMetaType(QMetaType::QString)}; // braces: clang reads (...) as a function declaration
    bool released = false;
    for (const RunUpdate &u : updates) {
        q.addBindValue(u.status ? QVariant(JobRun::statusName(*u.status)) : nullText);
        q.addBindValue(u.workflowId ? QVariant(*u.workflowId) : nullText);
        q.addBindValue(SqlJobRows::optionalMs(u.firedMs));
        q.addBindValue(SqlJobRows::optionalMs(u.endedMs));
        q.addBindValue(SqlJobRows::optionalMs(u.leaseUntilMs));
        q.addBindValue(u.reason ? QVariant(*u.reason) : nullText);
        q.addBindValue(u.detail ? QVariant(SqlJobRows::jsonText(*u.detail, *m_backend)) : nullText);
        q.addBindValue(u.runId);
        q.addBindValue(u.onlyIfInFlight ? 1 : 0);
        if (!q.exec()) {
            Error e = m_backend->queryError(QStringLiteral("scheduler: cannot record the progress of a run"), q);
            rollback();
            return e;
        }
        released = released || (u.leaseUntilMs && *u.leaseUntilMs == 0);
    }
    if (auto r = commitTransaction(); !r)
        return r;
    if (released)
        notify(QStringLiteral("#claims"));
    return {};
}

Result<QList<JobRun>> SqlJobStore::recentRuns(const QString &jobId, int limit)
{
    auto q = run(QStringLiteral("SELECT %1 FROM scheduler_runs WHERE job_id = ? ORDER BY scheduled DESC, id DESC LIMIT ?")
                     .arg(SqlJobRows::runColumns()),
                 {jobId, limit}, "read the runs of a job");
    if (!q)
        return q.error();
    QList<JobRun> runs;
    while ((*q)->next())
        runs.append(SqlJobRows::runFromQuery(**q));
    (*q)->finish();
    return runs;
}

Result<void> SqlJobStore::pruneRuns(const QString &jobId, int keep)
{
    auto q = run(QStringLiteral("DELETE FROM scheduler_runs WHERE job_id = ? AND status NOT IN %1 AND id NOT IN ("
                                "SELECT id FROM scheduler_runs WHERE job_id = ? AND status NOT IN %1 "
                                "ORDER BY scheduled DESC, id DESC LIMIT ?)").arg(kInFlight),
                 {jobId, jobId, keep}, "trim the run history of a job");
    if (!q)
        return q.error();
    return {};
}

Result<QList<JobRun>> SqlJobStore::expiredClaims(qint64 nowMs, int limit)
{
    auto q = run(QStringLiteral("SELECT %1 FROM scheduler_runs WHERE status = 'CLAIMED' AND lease_until < ? "
                                "ORDER BY lease_until LIMIT ?").arg(SqlJobRows::runColumns()),
                 {qlonglong(nowMs), limit}, "look for abandoned claims");
    if (!q)
        return q.error();
    QList<JobRun> runs;
    while ((*q)->next())
        runs.append(SqlJobRows::runFromQuery(**q));
    (*q)->finish();
    return runs;
}

Result<std::optional<qint64>> SqlJobStore::earliestClaimLease()
{
    auto q = run(QStringLiteral("SELECT MIN(lease_until) FROM scheduler_runs WHERE status = 'CLAIMED'"), {},
                 "look for claims");
    if (!q)
        return q.error();
    std::optional<qint64> lease;
    if ((*q)->next() && !(*q)->value(0).isNull())
        lease = (*q)->value(0).toLongLong();
    (*q)->finish();
    return lease;
}

Result<bool> SqlJobStore::takeOverClaim(const QString &runId, const QString &instanceId, qint64 nowMs, qint64 leaseUntilMs)
{
    auto q = run(QStringLiteral("UPDATE scheduler_runs SET instance = ?, lease_until = ? "
                                "WHERE id = ? AND status = 'CLAIMED' AND lease_until < ?"),
                 {SqlJobRows::text(instanceId), qlonglong(leaseUntilMs), runId, qlonglong(nowMs)}, "take over a claim");
    if (!q)
        return q.error();
    return (*q)->numRowsAffected() == 1;
}

Result<std::optional<QString>> SqlJobStore::workflowForCorrelation(const QString &correlationId)
{
    auto q = run(QStringLiteral("SELECT id FROM workflows WHERE correlation_id = ? LIMIT 1"), {correlationId},
                 "look for the workflow of a run");
    if (!q)
        return q.error();
    std::optional<QString> id;
    if ((*q)->next())
        id = (*q)->value(0).toString();
    (*q)->finish();
    return id;
}

} // namespace orrery
