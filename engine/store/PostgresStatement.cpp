#include "store/PostgresStatement.h"

#include "store/PostgresPipeline.h"
#include "store/SqlBackend.h"

#include <libpq-fe.h>

#include <atomic>

namespace orrery {

namespace {

std::atomic<quint64> g_nextName{0};

// `?` placeholders -> $1, $2, ... (the writer's statements hold no `?` inside literals).
QByteArray numbered(const QString &sql)
{
    QByteArray out;
    out.reserve(sql.size() * 2);
    int n = 0;
    const QByteArray utf8 = sql.toUtf8();
    for (char c : utf8) {
        if (c == '?') {
            out += '$';
            out += QByteArray::number(++n);
        } else {
            out += c;
        }
    }
    return out;
}

QString resultError(PGresult *res, pg_conn *conn)
{
    QString message = QString::fromUtf8(res ? PQresultErrorMessage(res) : PQerrorMessage(conn)).trimmed();
    if (message.isEmpty())
        message = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    return message.isEmpty() ? QStringLiteral("unknown database error") : message;
}

} // namespace

PostgresStatement::PostgresStatement(pg_conn *conn, QByteArray name, int parameters, const SqlBackend &backend,
                                     PostgresPipeline *pipeline)
    : m_conn(conn)
    , m_name(std::move(name))
    , m_parameters(parameters)
    , m_backend(backend)
    , m_pipeline(pipeline)
    , m_text(size_t(parameters))
    , m_values(size_t(parameters))
    , m_lengths(size_t(parameters))
    , m_formats(size_t(parameters))
{
}

std::unique_ptr<NativeStatement> PostgresStatement::prepare(pg_conn *conn, const QString &sql, int parameters,
                                                            const SqlBackend &backend, Error *error,
                                                            PostgresPipeline *pipeline)
{
    const QByteArray name = "orrery_w" + QByteArray::number(g_nextName.fetch_add(1) + 1);
    PGresult *res = PQprepare(conn, name.constData(), numbered(sql).constData(), parameters, nullptr);
    const bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) {
        *error = Error::internal(backend.url().maskSecrets(
            QStringLiteral("cannot prepare '%1': %2").arg(sql.left(120), resultError(res, conn))));
        PQclear(res);
        return nullptr;
    }
    PQclear(res);
    return std::unique_ptr<NativeStatement>(new PostgresStatement(conn, name, parameters, backend, pipeline));
}

Result<void> PostgresStatement::bind(const QVariantList &values)
{
    if (!m_conn)
        return Error::internal(QStringLiteral("the statement was finalized (its connection is closed)"));
    if (values.size() != m_parameters)
        return Error::internal(QStringLiteral("%1 value(s) for %2 parameter(s)").arg(values.size()).arg(m_parameters));
    for (int i = 0; i < m_parameters; ++i) {
        const QVariant &v = values.at(i);
        QByteArray &text = m_text[size_t(i)];
        m_formats[size_t(i)] = 0;
        bool null = false;
        switch (v.typeId()) {
        case QMetaType::QString: {
            const QString &s = *static_cast<const QString *>(v.constData());
            null = s.isNull();
            text = s.toUtf8();
            break;
        }
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::Long:
            text = QByteArray::number(v.toLongLong());
            break;
        case QMetaType::Bool:
            text = v.toBool() ? QByteArrayLiteral("1") : QByteArrayLiteral("0");
            break;
        case QMetaType::Double:
            text = QByteArray::number(v.toDouble(), 'g', 17);
            break;
        case QMetaType::QByteArray:
            text = *static_cast<const QByteArray *>(v.constData());
            null = text.isNull();
            m_formats[size_t(i)] = 1; // bytea, binary
            break;
        case QMetaType::UnknownType:
        case QMetaType::Nullptr:
            null = true;
            break;
        default:
            null = v.isNull();
            text = v.toString().toUtf8();
            break;
        }
        m_values[size_t(i)] = null ? nullptr : text.constData();
        m_lengths[size_t(i)] = null ? 0 : int(text.size());
    }
    return {};
}

Result<void> PostgresStatement::send(const QVariantList &values, const QString &what)
{
    if (!m_pipeline || !m_pipeline->isOpen())
        return NativeStatement::send(values, what);
    if (Result<void> r = bind(values); !r)
        return Error::internal(QStringLiteral("%1: %2").arg(what, r.error().message));
    return m_pipeline->sendPrepared(m_name, m_parameters, m_values.data(), m_lengths.data(), m_formats.data(), what);
}

Result<void> PostgresStatement::exec(const QVariantList &values)
{
    if (Result<void> r = bind(values); !r)
        return r;
    PGresult *res = PQexecPrepared(m_conn, m_name.constData(), m_parameters, m_values.data(), m_lengths.data(),
                                   m_formats.data(), 0);
    Result<void> result;
    const ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        result = Error::internal(m_backend.url().maskSecrets(QStringLiteral("statement failed: %1").arg(resultError(res, m_conn))));
    PQclear(res);
    return result;
}

} // namespace orrery
