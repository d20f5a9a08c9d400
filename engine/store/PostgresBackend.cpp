#include "store/PostgresBackend.h"

#include <QSqlQuery>
#include <QStringList>
#include <algorithm>

namespace orrery {

namespace {
// Key of the advisory lock that serialises schema migrations ("orrery" in ASCII, as a number).
constexpr qint64 kMigrationLockKey = 0x6f727265727279;
} // namespace

PostgresBackend::PostgresBackend(StoreUrl url) : SqlBackend(std::move(url)) {}

QString PostgresBackend::migrationLockSql() const
{
    return QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLockKey);
}

QString PostgresBackend::ddl(QString sql) const
{
    sql.replace(QLatin1String("{json}"), QLatin1String("JSONB"));
    sql.replace(QLatin1String("{bigint}"), QLatin1String("BIGINT"));
    sql.replace(QLatin1String("{serial_pk}"), QLatin1String("BIGSERIAL PRIMARY KEY"));
    return sql;
}

QString PostgresBackend::resetSerialSql(const QString &table, const QString &column) const
{
    // is_called = false: the next nextval() returns exactly max + 1 (1 on an empty table).
    return QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', '%2'), COALESCE(MAX(%2), 0) + 1, false) FROM %1")
        .arg(table, column);
}

void PostgresBackend::adaptText(QString &text, bool isJson) const
{
    if (text.contains(QChar(0)))
        text.replace(QChar(0), QChar(QChar::ReplacementCharacter));
    if (!isJson)
        return;
    // In JSON text a NUL is the escape \u0000 (when preceded by an odd number of backslashes).
    const QString escape = QStringLiteral("\\u0000");
    for (qsizetype at = text.indexOf(escape); at >= 0; at = text.indexOf(escape, at + 1)) {
        qsizetype backslashes = 1;
        while (at - backslashes >= 0 && text.at(at - backslashes) == QLatin1Char('\\'))
            ++backslashes;
        if (backslashes % 2 == 1)
            text.replace(at, escape.size(), QStringLiteral("\\ufffd"));
    }
}

void PostgresBackend::configure(QSqlDatabase &db, const QString &role) const
{
    db.setHostName(url().host);
    db.setPort(url().port);
    db.setUserName(url().user);
    db.setPassword(url().password);
    db.setDatabaseName(url().database);
    // Defaults that keep a dead server from hanging the writer for the kernel's TCP timeout
    // (minutes): connect within 10 s, notice a silent peer within about a minute.
    QList<QPair<QString, QString>> params = {
        {QStringLiteral("connect_timeout"), QStringLiteral("10")},
        {QStringLiteral("keepalives"), QStringLiteral("1")},
        {QStringLiteral("keepalives_idle"), QStringLiteral("30")},
        {QStringLiteral("keepalives_interval"), QStringLiteral("10")},
        {QStringLiteral("keepalives_count"), QStringLiteral("3")},
        {QStringLiteral("tcp_user_timeout"), QStringLiteral("60000")},
        {QStringLiteral("application_name"), QStringLiteral("orrery-") + role},
    };
    for (const auto &option : url().options) { // the URL's own parameters win
        auto same = [&option](const QPair<QString, QString> &p) { return p.first == option.first; };
        params.erase(std::remove_if(params.begin(), params.end(), same), params.end());
        params.append(option);
    }
    QStringList options;
    for (const auto &[key, value] : params)
        options << key + QLatin1Char('=') + value;
    db.setConnectOptions(options.join(QLatin1Char(';')));
}

Result<void> PostgresBackend::afterOpen(QSqlDatabase &db) const
{
    QSqlQuery q(db);
    // Keep "relation already exists, skipping" notices of idempotent DDL out of the client log.
    if (!q.exec(QStringLiteral("SET client_min_messages TO warning")))
        return queryError(QStringLiteral("cannot configure the session on %1").arg(url().masked()), q);
    return {};
}

} // namespace orrery
