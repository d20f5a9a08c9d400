#pragma once

#include "runtime/EngineLease.h"
#include "store/StoreUrl.h"

#include <QSqlDatabase>
#include <memory>

namespace orrery {

class SqlBackend;

// The engine lease on PostgreSQL: a session-level advisory lock held on a connection of its own
// (application_name "orrery-lease"). The server frees a session's advisory locks when its
// connection ends, so a holder that dies (SIGKILL, crash, host loss once TCP keepalives give up)
// frees the lease without any expiry to wait for and without clocks having to agree.
// The holder publishes who it is and its URL in the one-row table orrery_engine_lease (created by
// the first holder; only the lock holder ever writes it). Use from one thread.
class PostgresEngineLease final : public EngineLease
{
public:
    // `instance` names this process (host:pid), `url` is the base URL it advertises.
    PostgresEngineLease(StoreUrl url, QString instance, QString advertisedUrl);
    ~PostgresEngineLease() override;

    Result<bool> tryAcquire() override;
    Result<bool> stillHeld() override;
    Result<EngineLeaseHolder> holder() override;
    void release() override;

    // The advisory lock key ("orrery-e" in ASCII; the migrations use another one).
    static constexpr qint64 kLockKey = 0x6f72726572792d65;

private:
    Result<void> connect();
    void disconnect();
    Result<void> publish();

    StoreUrl m_url;
    QString m_instance;
    QString m_advertisedUrl;
    std::unique_ptr<SqlBackend> m_backend;
    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_held = false;
    bool m_regaining = false; // the lease's connection broke while held: take it again when the database answers
};

} // namespace orrery
