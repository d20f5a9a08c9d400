#include "BreakerKeeper.h"

#include "core/BlockingCall.h"
#include "recovery/AlertWebhook.h"
#include "recovery/BreakerRegistry.h"
#include "recovery/CircuitBreaker.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRecovery)

namespace orrery {

Result<void> BreakerKeeper::open(DeadLetterQueue::Poster dlq, Store *store, const Clock *clock,
                                 const std::shared_ptr<BreakerTripLog> &trips)
{
    m_dlq = std::move(dlq);
    m_persistence = std::make_shared<BreakerPersistence>(store, clock);
    const std::shared_ptr<BreakerPersistence> p = m_persistence;
    QList<QMetaObject::Connection> made;
    auto loaded = blockingCall<BreakerPersistence::Loaded>([&](auto reply) {
        m_dlq([p, &made, reply](DeadLetterQueue &q) {
            Result<BreakerPersistence::Loaded> l = p->open();
            if (l) {
                CircuitBreaker *webhook = q.webhook()->breaker();
                for (const BreakerSnapshot &s : std::as_const(l->states))
                    if (s.name == webhook->name())
                        webhook->restore(s);
                // The webhook's breaker lives on this thread: save it from here.
                made.append(QObject::connect(webhook, &CircuitBreaker::snapshotChanged, webhook,
                                             [p, webhook](const QString &) { p->save(webhook->snapshot()); },
                                             Qt::DirectConnection));
            }
            reply(std::move(l));
        });
    });
    m_connections += made;
    if (!loaded)
        return loaded.error();
    m_saved = loaded->states;
    trips->restore(loaded->trips);
    qCInfo(lcRecovery).noquote() << "circuit breakers restored from the store:" << m_saved.size() << "state(s),"
                                 << loaded->trips.size() << "trip(s) of the last 24 h";
    return {};
}

QMetaObject::Connection BreakerKeeper::keep(BreakerRegistry *registry)
{
    for (const BreakerSnapshot &s : std::as_const(m_saved)) {
        if (!isKept(s.name) || s.name == QLatin1String("webhook"))
            continue;
        registry->breaker(s.name)->restore(s);
    }
    m_saved.clear();
    // Copies, not `this`: the engine thread may run this while the module stops.
    return QObject::connect(registry, &BreakerRegistry::breakerSnapshotChanged, registry,
                            [dlq = m_dlq, p = m_persistence, registry](const QString &name) {
                                CircuitBreaker *b = isKept(name) ? registry->find(name) : nullptr;
                                if (b && dlq)
                                    dlq([p, snapshot = b->snapshot()](DeadLetterQueue &) { p->save(snapshot); });
                            },
                            Qt::DirectConnection);
}

BreakerKeeper::TripSink BreakerKeeper::tripSink() const
{
    return [dlq = m_dlq, p = m_persistence](const QString &breaker, qint64 atMs) {
        if (dlq)
            dlq([p, breaker, atMs](DeadLetterQueue &) { p->addTrip(breaker, atMs); });
    };
}

void BreakerKeeper::close()
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        QObject::disconnect(c);
    m_connections.clear();
    if (m_dlq && m_persistence) {
        const std::shared_ptr<BreakerPersistence> p = m_persistence;
        (void)blockingCall<void>([&](auto reply) {
            m_dlq([p, reply](DeadLetterQueue &) {
                p->close();
                reply({});
            });
        });
    }
    m_dlq = DeadLetterQueue::Poster();
}

} // namespace orrery
