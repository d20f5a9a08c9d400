#pragma once

#include "Paging.h"
#include "RequestObserver.h"

#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QSqlDatabase>
#include <memory>
#include <optional>

namespace orrery {

class QueryExecutor;
class SqlBackend;
class Store;

// One audited call: who (token id, name, role), what (method + route), on which target (the
// path), when, from where, and the outcome (ok / denied / rejected / error) with its status.
struct AuditEntry
{
    qint64 timeMs = 0;
    QString actorId;
    QString actor;
    QString role;
    QString method;
    QString route;
    QString target;
    int status = 0;
    QString outcome;
    QString remote;
    QString message;

    static QString outcomeOf(int status); // ok (< 400), denied (401/403/429), rejected (other 4xx), error (5xx)
    QJsonObject toJson(qint64 id) const;
};

struct AuditFilter
{
    std::optional<qint64> since, until; // epoch ms, inclusive
    QString actorId, actor, method, route, targetPrefix;
    QStringList outcomes;
    std::optional<int> status;
    Paging paging;
};

// The audit log of mutating API calls (table api_audit, MigrationsApi version 4).
//
// As a RequestObserver it records every audited request the router answers (RouteDoc: every
// method but GET/HEAD/OPTIONS unless the route is noAudit()). Recording never blocks a request:
// entries are queued (at most 100,000; beyond that they are counted as dropped) and written in
// batches, one transaction per batch, by a thread of its own with its own connection.
class AuditLog final : public RequestObserver
{
public:
    explicit AuditLog(Store *store);
    ~AuditLog() override;

    void start();
    // Writes what is queued, then stops. Idempotent.
    void stop();

    void record(AuditEntry entry);
    void requestFinished(const RequestRecord &record) override;
    // Blocks until everything recorded so far is written (tests, shutdown). False on timeout or
    // when the database refused the batch.
    bool flush(int timeoutMs = 10'000);
    qint64 dropped() const;

    // ---- SQL, on a connection the caller owns ----
    static Result<void> insert(QSqlDatabase &db, const SqlBackend &backend, const QList<AuditEntry> &entries);
    // {totalHits, results, start, size}, newest first.
    static Result<QJsonObject> list(QSqlDatabase &db, const SqlBackend &backend, const AuditFilter &filter);

private:
    void scheduleFlushLocked();
    bool writePending(QSqlDatabase &db, const SqlBackend &backend);

    std::unique_ptr<QueryExecutor> m_writer;
    mutable QMutex m_mutex;
    QList<AuditEntry> m_pending;
    bool m_flushQueued = false;
    bool m_running = false;
    qint64 m_dropped = 0;
};

} // namespace orrery
