#pragma once

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace orrery {

class SqlBackend;

// The writer's transaction run through the database's C API where that saves round trips: on
// PostgreSQL, libpq's pipeline mode (PostgresPipeline) sends BEGIN, every statement of a batch and
// COMMIT without waiting for each other's results, and reads the results once, after COMMIT.
// NativeStatements prepared with a transaction queue into it while it is open (send()); their
// errors then surface at commit(), each with what the statement wrote. SQLite has no round trips
// to save and gets none (open() returns nullptr).
class NativeTransaction
{
public:
    virtual ~NativeTransaction() = default;

    // A transaction for `db`, or nullptr where the driver gains nothing from one.
    static std::unique_ptr<NativeTransaction> open(QSqlDatabase &db, const SqlBackend &backend);

    // Queues `beginSql`; statements sent from now on join the transaction.
    virtual Result<void> begin(const QString &beginSql) = 0;
    // Queues COMMIT and reads every result. Ok only if every statement and the COMMIT succeeded
    // (and, with synchronous_commit on, the commit is flushed). Otherwise the first failure, with
    // the `what` its statement was sent with, and the transaction is rolled back. Either way the
    // transaction is closed afterwards and the connection usable for ordinary queries again
    // (or broken, which the error says).
    virtual Result<void> commit(const QString &what) = 0;
    // Ends an open transaction without committing (after a failure while queueing).
    virtual void rollback() = 0;
    virtual bool isOpen() const = 0;
    // Forgets the connection (before it closes); begin() fails afterwards.
    virtual void detach() = 0;
};

} // namespace orrery
