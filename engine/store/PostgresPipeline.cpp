#include "store/PostgresPipeline.h"

#include "store/SqlBackend.h"

#include <libpq-fe.h>

#include <optional>

namespace orrery {

namespace {

QString serverMessage(const PGresult *res, pg_conn *conn)
{
    QString message = QString::fromUtf8(res ? PQresultErrorMessage(res) : PQerrorMessage(conn)).trimmed();
    if (message.isEmpty())
        message = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    // "ERROR:  x\nDETAIL:  y" -> "ERROR:  x; DETAIL:  y": one line in the log.
    message.replace(QLatin1Char('\n'), QLatin1String("; "));
    return message.isEmpty() ? QStringLiteral("unknown database error") : message;
}

} // namespace

PostgresPipeline::PostgresPipeline(pg_conn *conn, const SqlBackend &backend) : m_conn(conn), m_backend(backend) {}

PostgresPipeline::~PostgresPipeline()
{
    if (m_open)
        rollback();
}

void PostgresPipeline::detach()
{
    if (m_open)
        rollback();
    m_conn = nullptr;
}

Error PostgresPipeline::connectionError(const QString &context) const
{
    return Error::internal(m_backend.url().maskSecrets(
        QStringLiteral("%1: %2").arg(context, m_conn ? serverMessage(nullptr, m_conn) : QStringLiteral("no connection"))));
}

Result<void> PostgresPipeline::begin(const QString &beginSql)
{
    if (!m_conn)
        return Error::internal(QStringLiteral("the write transaction has no connection (it was closed)"));
    if (m_open)
        rollback();
    m_what.clear();
    if (PQenterPipelineMode(m_conn) != 1)
        return connectionError(QStringLiteral("cannot start a write transaction (pipeline mode)"));
    m_open = true;
    if (Result<void> r = sendText(beginSql.toUtf8(), QStringLiteral("cannot start a write transaction")); !r) {
        rollback();
        return r;
    }
    return {};
}

Result<void> PostgresPipeline::sendText(const QByteArray &sql, const QString &what)
{
    if (PQsendQueryParams(m_conn, sql.constData(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1)
        return connectionError(what);
    m_what.append(what);
    return {};
}

Result<void> PostgresPipeline::sendPrepared(const QByteArray &name, int count, const char *const *values,
                                            const int *lengths, const int *formats, const QString &what)
{
    if (!m_open)
        return Error::internal(QStringLiteral("%1: no write transaction is open").arg(what));
    if (PQsendQueryPrepared(m_conn, name.constData(), count, values, lengths, formats, 0) != 1)
        return connectionError(what);
    m_what.append(what);
    return flushOut(what);
}

Result<void> PostgresPipeline::flushOut(const QString &what)
{
    // libpq keeps queued commands in its buffer until it grows large; send them now so the server
    // works on this statement while the writer encodes the next one.
    if (PQflush(m_conn) != 0)
        return connectionError(what);
    return {};
}

Result<void> PostgresPipeline::commit(const QString &what)
{
    if (!m_open)
        return Error::internal(QStringLiteral("%1: no write transaction is open").arg(what));
    Result<void> r = sendText(QByteArrayLiteral("COMMIT"), what);
    if (r && PQpipelineSync(m_conn) != 1)
        r = connectionError(what);
    if (r)
        r = readResults();
    close(!r);
    return r;
}

Result<void> PostgresPipeline::readResults()
{
    std::optional<Error> failure;
    for (qsizetype i = 0; i < m_what.size(); ++i) {
        PGresult *res = PQgetResult(m_conn);
        if (!res)
            return connectionError(QStringLiteral("%1: no result from the server").arg(m_what.at(i)));
        const ExecStatusType status = PQresultStatus(res);
        if (status == PGRES_FATAL_ERROR && !failure) {
            failure = Error::internal(m_backend.url().maskSecrets(
                QStringLiteral("%1: %2").arg(m_what.at(i), serverMessage(res, m_conn))));
        } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_PIPELINE_ABORTED
                   && status != PGRES_FATAL_ERROR && !failure) {
            failure = Error::internal(QStringLiteral("%1: unexpected result %2 (%3)")
                                          .arg(m_what.at(i), QString::fromUtf8(PQresStatus(status)),
                                               serverMessage(res, m_conn)));
        } else if (i == m_what.size() - 1 && status == PGRES_COMMAND_OK && qstrcmp(PQcmdStatus(res), "COMMIT") != 0
                   && !failure) {
            // COMMIT of a transaction the server had already failed answers ROLLBACK.
            failure = Error::internal(QStringLiteral("%1: the server rolled the transaction back (%2)")
                                          .arg(m_what.at(i), QString::fromUtf8(PQcmdStatus(res))));
        }
        PQclear(res);
        if (PQstatus(m_conn) == CONNECTION_BAD)
            return failure ? *failure : connectionError(m_what.at(i));
        // The end of this command's results.
        while ((res = PQgetResult(m_conn)) != nullptr) {
            if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) { // fewer results than commands: cannot be
                PQclear(res);
                return failure ? *failure : Error::internal(QStringLiteral("%1: the pipeline ended early").arg(m_what.at(i)));
            }
            PQclear(res);
        }
    }
    PGresult *sync = PQgetResult(m_conn);
    const bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (failure)
        return *failure;
    if (!synced)
        return connectionError(QStringLiteral("the write transaction's sync point did not come back"));
    return {};
}

void PostgresPipeline::rollback()
{
    if (!m_open || !m_conn) {
        m_open = false;
        return;
    }
    // Nothing queued may run: a sync point ends what the server already has, then roll back.
    if (PQpipelineSync(m_conn) == 1) {
        for (int nulls = 0; nulls < 2 && PQstatus(m_conn) != CONNECTION_BAD;) {
            PGresult *res = PQgetResult(m_conn);
            if (!res) {
                ++nulls;
                continue;
            }
            nulls = 0;
            const bool synced = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
            PQclear(res);
            if (synced)
                break;
        }
    }
    close(true);
}

void PostgresPipeline::close(bool rollbackOpenTransaction)
{
    m_open = false;
    m_what.clear();
    if (!m_conn)
        return;
    PQexitPipelineMode(m_conn); // fails only on a broken connection, which the next write replaces
    const PGTransactionStatusType tx = PQtransactionStatus(m_conn);
    if (rollbackOpenTransaction && PQpipelineStatus(m_conn) == PQ_PIPELINE_OFF
        && (tx == PQTRANS_INTRANS || tx == PQTRANS_INERROR))
        PQclear(PQexec(m_conn, "ROLLBACK"));
}

} // namespace orrery
