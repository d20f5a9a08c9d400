#include "BreakerStatusReader.h"

#include "recovery/AlertWebhook.h"
#include "recovery/BreakerRegistry.h"
#include "recovery/CircuitBreaker.h"
#include "recovery/ForeignBreakers.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QJsonArray>
#include <algorithm>

namespace orrery {

BreakerStatusReader::BreakerStatusReader(Engine *engine, DeadLetterQueue::Poster dlq,
                                         std::shared_ptr<const ForeignBreakers> foreign)
    : m_engine(engine), m_dlq(std::move(dlq)), m_foreign(std::move(foreign))
{
}

void BreakerStatusReader::read(Done done) const
{
    m_engine->onEngineThread([dlq = m_dlq, foreign = m_foreign, done](EngineCore &core) {
        const QJsonObject engineSide = BreakerRegistry::attachedTo(&core, &core.clock())->toJson();
        // Then the foreign breakers (on their owners' threads), then the webhook's.
        auto withForeign = [foreign, done, engineSide](QList<QJsonObject> extra) {
            if (!foreign)
                return done(merge(engineSide, extra));
            foreign->collect([done, engineSide, extra](QList<QJsonObject> more) { done(merge(engineSide, extra + more)); });
        };
        if (!dlq)
            return withForeign({});
        dlq([withForeign](DeadLetterQueue &q) {
            QList<QJsonObject> extra;
            if (q.webhook()->enabled())
                extra.append(q.webhook()->breaker()->toJson());
            withForeign(extra);
        });
    });
}

QJsonObject BreakerStatusReader::merge(QJsonObject registry, const QList<QJsonObject> &extra)
{
    QList<QJsonObject> all;
    for (const QJsonValue &v : registry.value(QStringLiteral("breakers")).toArray())
        all.append(v.toObject());
    all += extra;
    std::sort(all.begin(), all.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("name")).toString() < b.value(QStringLiteral("name")).toString();
    });
    QJsonArray list;
    int open = 0;
    for (const QJsonObject &b : all) {
        list.append(b);
        if (b.value(QStringLiteral("state")).toString() != QLatin1String("CLOSED"))
            ++open;
    }
    registry.insert(QStringLiteral("breakers"), list);
    registry.insert(QStringLiteral("count"), int(all.size()));
    registry.insert(QStringLiteral("open"), open);
    return registry;
}

} // namespace orrery
