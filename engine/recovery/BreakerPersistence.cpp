#include "BreakerPersistence.h"

#include "core/Clock.h"
#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBreakerStore, "orrery.recovery.store")

namespace orrery {

BreakerPersistence::BreakerPersistence(Store *store, const Clock *clock, qint64 retentionMs, int maxTrips)
    : m_store(store)
    , m_clock(clock)
    , m_retentionMs(retentionMs)
    , m_maxTrips(std::max(1, maxTrips))
    , m_connectionName(QStringLiteral("orrery-breakers-%1").arg(quintptr(this), 0, 16))
{
}

BreakerPersistence::~BreakerPersistence() { close(); }

Result<BreakerPersistence::Loaded> BreakerPersistence::open()
{
    if (!m_table) {
        auto db = m_store->openModuleConnection(m_connectionName);
        if (!db.ok())
            return db.error();
        m_table = std::make_unique<BreakerTable>(db.value(), m_store->backend());
        if (auto r = m_table->check(); !r.ok()) {
            close();
            return r.error();
        }
    }
    prune();
    Loaded loaded;
    auto states = m_table->loadStates();
    if (!states)
        return states.error();
    loaded.states = states.value();
    auto trips = m_table->loadTrips(m_clock->nowMs() - m_retentionMs, m_maxTrips);
    if (!trips)
        return trips.error();
    loaded.trips = std::move(trips).value();
    return loaded;
}

void BreakerPersistence::close()
{
    if (m_table) {
        m_table.reset();
        SqlBackend::closeConnection(m_connectionName);
    }
}

void BreakerPersistence::save(const BreakerSnapshot &snapshot)
{
    if (!m_table)
        return;
    if (auto r = m_table->saveState(snapshot); !r.ok()) {
        ++m_writeErrors;
        qCWarning(lcBreakerStore).noquote() << "circuit breaker" << snapshot.name
                                            << "state not saved (it is kept in memory):" << r.error().message;
    }
}

void BreakerPersistence::addTrip(const QString &breaker, qint64 atMs)
{
    if (!m_table)
        return;
    if (auto r = m_table->addTrip(breaker, atMs); !r.ok()) {
        ++m_writeErrors;
        qCWarning(lcBreakerStore).noquote() << "trip of circuit breaker" << breaker
                                            << "not saved (it is kept in memory):" << r.error().message;
    }
    if (++m_tripsSincePrune >= kPruneEvery)
        prune();
}

void BreakerPersistence::prune()
{
    m_tripsSincePrune = 0;
    if (auto r = m_table->pruneTrips(m_clock->nowMs() - m_retentionMs, m_maxTrips); !r.ok()) {
        ++m_writeErrors;
        qCWarning(lcBreakerStore).noquote() << "expired circuit breaker trips not deleted:" << r.error().message;
    }
}

} // namespace orrery
