#include "BreakerTable.h"

#include "store/SqlBackend.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace orrery {

BreakerTable::BreakerTable(QSqlDatabase db, const SqlBackend &backend) : m_db(std::move(db)), m_backend(backend) {}

Result<void> BreakerTable::check()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM breaker_states WHERE 1 = 0"))
        || !q.exec(QStringLiteral("SELECT COUNT(*) FROM breaker_trips WHERE 1 = 0")))
        return m_backend.queryError(QStringLiteral("the circuit breaker tables (schema version 12) are missing "
                                                   "from %1; was it migrated by another build?")
                                        .arg(m_backend.url().masked()),
                                    q);
    return {};
}

Result<int> BreakerTable::exec(const QString &sql, const QVariantList &binds, const QString &what)
{
    return m_backend.execute(m_db, sql, binds, what);
}

Result<void> BreakerTable::saveState(const BreakerSnapshot &s)
{
    QString json = QString::fromUtf8(QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact));
    m_backend.adaptText(json, true);
    QString name = s.name;
    m_backend.adaptText(name, false);
    auto r = exec(QStringLiteral("INSERT INTO breaker_states (name, state, opened_at_ms, updated_ms, json) "
                                 "VALUES (?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET state=excluded.state, "
                                 "opened_at_ms=excluded.opened_at_ms, updated_ms=excluded.updated_ms, json=excluded.json"),
                  {name, s.state, s.openedAtMs, s.savedAtMs, json},
                  QStringLiteral("cannot save the state of circuit breaker %1").arg(s.name));
    if (!r)
        return r.error();
    return {};
}

Result<QList<BreakerSnapshot>> BreakerTable::loadStates()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name, json FROM breaker_states ORDER BY name")))
        return m_backend.queryError(QStringLiteral("cannot read the saved circuit breaker states"), q);
    QList<BreakerSnapshot> out;
    while (q.next()) {
        const QString name = q.value(0).toString();
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(1).toString().toUtf8(), &err);
        if (!doc.isObject())
            return Error::internal(QStringLiteral("the saved state of circuit breaker %1 is not a JSON object (%2)")
                                       .arg(name, err.errorString()));
        Result<BreakerSnapshot> s = BreakerSnapshot::fromJson(doc.object());
        if (!s)
            return Error::internal(QStringLiteral("the saved state of circuit breaker %1 is unusable: %2")
                                       .arg(name, s.error().message));
        out.append(s.value());
    }
    return out;
}

Result<void> BreakerTable::addTrip(const QString &breaker, qint64 atMs)
{
    QString name = breaker;
    m_backend.adaptText(name, false);
    auto r = exec(QStringLiteral("INSERT INTO breaker_trips (breaker, at_ms) VALUES (?, ?)"), {name, atMs},
                  QStringLiteral("cannot record a trip of circuit breaker %1").arg(breaker));
    if (!r)
        return r.error();
    return {};
}

Result<std::vector<BreakerTripLog::Trip>> BreakerTable::loadTrips(qint64 sinceMs, int limit)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT breaker, at_ms FROM breaker_trips WHERE at_ms > ? "
                                  "ORDER BY at_ms DESC, seq DESC LIMIT ?")))
        return m_backend.queryError(QStringLiteral("cannot read the circuit breaker trips"), q);
    q.addBindValue(sinceMs);
    q.addBindValue(limit);
    if (!q.exec())
        return m_backend.queryError(QStringLiteral("cannot read the circuit breaker trips"), q);
    std::vector<BreakerTripLog::Trip> out;
    while (q.next())
        out.push_back(BreakerTripLog::Trip{q.value(1).toLongLong(), q.value(0).toString()});
    std::reverse(out.begin(), out.end());
    return out;
}

Result<int> BreakerTable::pruneTrips(qint64 cutoffMs, int maxRows)
{
    auto old = exec(QStringLiteral("DELETE FROM breaker_trips WHERE at_ms <= ?"), {cutoffMs},
                    QStringLiteral("cannot delete expired circuit breaker trips"));
    if (!old)
        return old.error();
    // Rows are inserted in time order, so the newest `maxRows` are the highest numbers.
    auto excess = exec(QStringLiteral("DELETE FROM breaker_trips WHERE seq <= (SELECT seq FROM breaker_trips "
                                      "ORDER BY seq DESC LIMIT 1 OFFSET ?)"),
                       {maxRows}, QStringLiteral("cannot delete the oldest circuit breaker trips"));
    if (!excess)
        return excess.error();
    return old.value() + excess.value();
}

Result<qint64> BreakerTable::tripCount()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM breaker_trips")) || !q.next())
        return m_backend.queryError(QStringLiteral("cannot count the circuit breaker trips"), q);
    return q.value(0).toLongLong();
}

} // namespace orrery
