#include "store/SqliteStatement.h"

#include "store/SqlBackend.h"

#include <sqlite3.h>

namespace orrery {

SqliteStatement::SqliteStatement(sqlite3 *db, sqlite3_stmt *stmt, int parameters, const SqlBackend &backend)
    : m_db(db), m_stmt(stmt), m_parameters(parameters), m_backend(backend), m_text(size_t(parameters))
{
}

SqliteStatement::~SqliteStatement()
{
    finalize();
}

std::unique_ptr<NativeStatement> SqliteStatement::prepare(sqlite3 *db, const QString &sql, int parameters,
                                                          const SqlBackend &backend, Error *error)
{
    const QByteArray text = sql.toUtf8();
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(db, text.constData(), int(text.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK
        || !stmt || sqlite3_bind_parameter_count(stmt) != parameters) {
        *error = Error::internal(backend.url().maskSecrets(
            QStringLiteral("cannot prepare '%1': %2").arg(sql.left(120), QString::fromUtf8(sqlite3_errmsg(db)))));
        sqlite3_finalize(stmt);
        return nullptr;
    }
    return std::unique_ptr<NativeStatement>(new SqliteStatement(db, stmt, parameters, backend));
}

void SqliteStatement::finalize()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
}

Error SqliteStatement::error(const QString &context) const
{
    return Error::internal(m_backend.url().maskSecrets(QStringLiteral("%1: %2").arg(context, QString::fromUtf8(sqlite3_errmsg(m_db)))));
}

Result<void> SqliteStatement::exec(const QVariantList &values)
{
    if (!m_stmt)
        return Error::internal(QStringLiteral("the statement was finalized (its connection is closed)"));
    if (values.size() != m_parameters)
        return Error::internal(QStringLiteral("%1 value(s) for %2 parameter(s)").arg(values.size()).arg(m_parameters));
    // Text and blobs are bound SQLITE_STATIC: m_text and `values` outlive the step below.
    QList<QString> converted; // values of other types, as text (what QSQLite does for them)
    for (int i = 0; i < m_parameters; ++i) {
        const QVariant &v = values.at(i);
        int rc = SQLITE_OK;
        switch (v.typeId()) {
        case QMetaType::QString: {
            // As UTF-8, the database's encoding: SQLite would otherwise translate UTF-16 itself.
            const QString &s = *static_cast<const QString *>(v.constData());
            if (s.isNull()) {
                rc = sqlite3_bind_null(m_stmt, i + 1);
            } else {
                QByteArray &utf8 = m_text[size_t(i)];
                utf8 = s.toUtf8();
                rc = sqlite3_bind_text(m_stmt, i + 1, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
            }
            break;
        }
        case QMetaType::Int:
        case QMetaType::Bool:
            rc = sqlite3_bind_int(m_stmt, i + 1, v.toInt());
            break;
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::Long:
            rc = sqlite3_bind_int64(m_stmt, i + 1, v.toLongLong());
            break;
        case QMetaType::Double:
            rc = sqlite3_bind_double(m_stmt, i + 1, v.toDouble());
            break;
        case QMetaType::QByteArray: {
            const QByteArray &b = *static_cast<const QByteArray *>(v.constData());
            rc = b.isNull() ? sqlite3_bind_null(m_stmt, i + 1)
                            : sqlite3_bind_blob(m_stmt, i + 1, b.constData(), int(b.size()), SQLITE_STATIC);
            break;
        }
        case QMetaType::UnknownType:
        case QMetaType::Nullptr:
            rc = sqlite3_bind_null(m_stmt, i + 1);
            break;
        default:
            if (v.isNull()) {
                rc = sqlite3_bind_null(m_stmt, i + 1);
            } else {
                converted.append(v.toString());
                const QString &s = converted.last();
                rc = sqlite3_bind_text16(m_stmt, i + 1, s.utf16(), int(s.size() * sizeof(QChar)), SQLITE_TRANSIENT);
            }
            break;
        }
        if (rc != SQLITE_OK) {
            sqlite3_reset(m_stmt);
            return error(QStringLiteral("cannot bind value %1").arg(i + 1));
        }
    }
    const int rc = sqlite3_step(m_stmt);
    Result<void> result;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = error(QStringLiteral("statement failed"));
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    return result;
}

} // namespace orrery
