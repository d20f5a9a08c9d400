#pragma once

#include "store/NativeTransaction.h"

#include <QByteArray>
#include <QStringList>

struct pg_conn;

namespace orrery {

// NativeTransaction on PostgreSQL: libpq's pipeline mode. begin() enters pipeline mode and queues
// BEGIN; sendPrepared() queues a prepared statement and flushes it to the server, which executes
// it while the writer encodes the next rows; commit() queues COMMIT and a sync point, then reads
// one result per queued command. One round trip per batch instead of one per statement.
//
// The first statement that fails makes the server skip everything queued after it up to the sync
// point (libpq reports those as PGRES_PIPELINE_ABORTED), COMMIT included, so nothing of the batch
// remains; commit() then rolls the open transaction back and returns the failure with the `what`
// of the statement that failed and the server's message (with its DETAIL, which for a row
// constraint shows the failing row). The connection is blocking: libpq reads pending results
// while a send would block, so a long pipeline cannot deadlock on full socket buffers.
class PostgresPipeline final : public NativeTransaction
{
public:
    PostgresPipeline(pg_conn *conn, const SqlBackend &backend);
    ~PostgresPipeline() override;

    Result<void> begin(const QString &beginSql) override;
    Result<void> commit(const QString &what) override;
    void rollback() override;
    bool isOpen() const override { return m_open; }
    void detach() override;

    // Queues the prepared statement `name` with text/binary parameters (as PQsendQueryPrepared).
    Result<void> sendPrepared(const QByteArray &name, int count, const char *const *values, const int *lengths,
                              const int *formats, const QString &what);
    int queued() const { return int(m_what.size()); }

private:
    Result<void> sendText(const QByteArray &sql, const QString &what);
    Result<void> flushOut(const QString &what);
    // Reads the results of every queued command and the sync point; the first failure.
    Result<void> readResults();
    // Leaves pipeline mode and rolls back a transaction still open on the server.
    void close(bool rollbackOpenTransaction);
    Error connectionError(const QString &context) const;

    pg_conn *m_conn;
    const SqlBackend &m_backend;
    bool m_open = false;
    QStringList m_what; // per queued command, in order
};

} // namespace orrery
