#pragma once

#include "scheduler/JobChangeListener.h"
#include "scheduler/JobStore.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <functional>
#include <memory>
#include <unordered_map>

namespace orrery {

class SqlBackend;
class Store;

// JobStore in the engine's database (SQLite or PostgreSQL), tables scheduler_jobs / scheduler_runs
// (store/MigrationsScheduler.cpp), on a connection of its own (Store::openModuleConnection), owned by
// the thread that calls open() - every other call must come from that thread.
//
// On PostgreSQL several instances share the tables: a run is claimed by committing the job's
// advance with a compare-and-set on its revision (UPDATE ... WHERE id = ? AND revision = ?; a
// concurrent claimer blocks on the row lock, then finds the revision moved and gets 0 rows), and
// the run rows carry the claiming instance and a lease. Job changes are announced with
// NOTIFY orrery_scheduler, '<jobId>' (a second connection LISTENs: JobChangeListener), so other
// instances re-read them. The LISTEN connection is watched (every listen check interval, 5 s) and
// reopened when it dies; then every job is re-read (the change handler gets an empty id), because
// notifications sent meanwhile are lost.
class SqlJobStore final : public QObject, public JobStore
{
    Q_OBJECT

public:
    explicit SqlJobStore(Store *store, QString connectionName = QStringLiteral("orrery-scheduler"),
                         QObject *parent = nullptr);
    ~SqlJobStore() override;

    Result<void> open();
    void close();

    Result<QList<Job>> loadJobs() override;
    Result<std::optional<Job>> loadJob(const QString &id) override;
    Result<bool> insertJob(const Job &job) override;
    Result<bool> replaceJob(const Job &job, qint64 expectedRevision) override;
    Result<bool> removeJob(const QString &id) override;
    Result<QList<CommitOutcome>> commit(const QList<JobCommit> &commits) override;
    Result<void> updateRuns(const QList<RunUpdate> &updates) override;
    Result<QList<JobRun>> recentRuns(const QString &jobId, int limit) override;
    Result<void> pruneRuns(const QString &jobId, int keep) override;
    Result<QList<JobRun>> expiredClaims(qint64 nowMs, int limit) override;
    Result<std::optional<qint64>> earliestClaimLease() override;
    Result<bool> takeOverClaim(const QString &runId, const QString &instanceId, qint64 nowMs,
                               qint64 leaseUntilMs) override;
    Result<std::optional<QString>> workflowForCorrelation(const QString &correlationId) override;
    bool shared() const override { return m_postgres; }
    void setExternalChangeHandler(std::function<void(const QString &)> handler) override
    {
        m_listener->setChangeHandler(std::move(handler));
    }

    static constexpr auto kChannel = "orrery_scheduler";
    static constexpr int kDefaultListenCheckMs = JobChangeListener::kDefaultCheckIntervalMs;

    // PostgreSQL: checks the LISTEN connection now and reopens it if it is dead. True when it is
    // listening afterwards (always true on SQLite). The timer calls it; so may tests.
    bool checkListener() { return !m_open || !m_postgres || m_listener->check(); }
    void setListenCheckInterval(int ms) { m_listener->setCheckInterval(ms); }
    int listenerReconnects() const { return m_listener->reconnects(); }

private:
    Result<QSqlQuery *> prepared(const QString &sql, const char *what);
    Result<QSqlQuery *> run(const QString &sql, const QVariantList &args, const char *what);
    Result<void> begin();
    Result<void> commitTransaction();
    void rollback();
    void notify(const QString &payload);
    Result<CommitOutcome> commitOne(const JobCommit &c);

    Store *m_store;
    const SqlBackend *m_backend;
    QString m_name;
    QSqlDatabase m_db;
    std::unordered_map<QString, QSqlQuery> m_prepared;
    bool m_postgres = false;
    bool m_open = false;
    JobChangeListener *m_listener; // child; started by open() on PostgreSQL only
};

} // namespace orrery
