#include "DlqModule.h"

#include "recovery/ForeignBreakers.h"

#include "AttemptRoutes.h"
#include "BreakerMetrics.h"
#include "BreakerRoutes.h"
#include "BreakerStatusReader.h"
#include "DlqMetrics.h"
#include "DlqRoutes.h"
#include "RecoveryStats.h"

#include "api/ApiRouter.h"
#include "api/HttpApiServer.h"
#include "api/MetricsRegistry.h"
#include "api/StatsRegistry.h"
#include "api/StoreMetrics.h"
#include "core/Clock.h"
#include "recovery/AlertWebhook.h"
#include "recovery/BreakerRegistry.h"
#include "recovery/BreakerTripLog.h"
#include "recovery/CircuitBreaker.h"
#include "recovery/RemotePollGate.h"
#include "recovery/TaskGuard.h"
#include "core/BlockingCall.h"
#include "store/Store.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRecovery, "orrery.recovery")

namespace orrery {

namespace {

EngineEvent breakerEvent(const QString &name, const QString &from, const QString &to, const QString &reason,
                         qint64 nowMs, CircuitBreaker *b)
{
    QJsonObject payload{{QStringLiteral("name"), name},
                        {QStringLiteral("from"), from},
                        {QStringLiteral("to"), to},
                        {QStringLiteral("reason"), reason}};
    if (b) {
        payload.insert(QStringLiteral("trips"), double(b->trips()));
        payload.insert(QStringLiteral("rejections"), double(b->rejections()));
        payload.insert(QStringLiteral("failures"), double(b->failures()));
    }
    return EngineEvent{QStringLiteral("breaker_state_changed"), QString(), nowMs, payload};
}

void logTransition(const QString &name, const QString &from, const QString &to, const QString &reason)
{
    if (to == QLatin1String("CLOSED"))
        qCInfo(lcRecovery).noquote() << "circuit breaker" << name << from << "->" << to << ":" << reason;
    else
        qCWarning(lcRecovery).noquote() << "circuit breaker" << name << from << "->" << to << ":" << reason;
}

// The store breaker is a monitor: OPEN while the writer's batches fail (it retries them itself),
// CLOSED as soon as they succeed again.
BreakerConfig storeBreakerDefaults()
{
    BreakerConfig c;
    c.failureThreshold = 1;
    c.resetTimeoutMs = 7LL * 24 * 3600 * 1000;
    return c;
}

} // namespace

DlqModule::DlqModule(std::optional<RecoveryConfig> config) : m_config(std::move(config)) {}

DlqModule::~DlqModule() { stop(); }

Result<void> DlqModule::start(ServerContext &context)
{
    if (!m_config) {
        auto loaded = RecoveryConfig::load(context.dataDir);
        if (!loaded.ok())
            return loaded.error();
        m_config = loaded.value();
    }
    if (!m_config->source.isEmpty())
        qCInfo(lcRecovery).noquote() << "recovery configuration from" << m_config->source;
    m_store = context.store;
    m_engine = context.engine;
    // Trips are stamped by the engine's clock (the breakers' own); all threads record into it.
    m_trips = std::make_shared<BreakerTripLog>(m_engine && m_engine->core() ? &m_engine->core()->clock()
                                                                              : SystemClock::instance());

    // The queue, on its own thread, with its own connection.
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("orrery-dlq"));
    m_queue = new DeadLetterQueue(m_store, m_config->dlq, SystemClock::instance());
    m_poster = m_queue->poster();
    m_queue->moveToThread(m_thread.get());
    m_thread->start();
    Engine *engine = m_engine;
    auto opened = blockingCall<void>([&](auto reply) {
        m_poster([engine, reply](DeadLetterQueue &q) {
            q.setReplayer([engine](const QString &workflowId, const QString &ref, DeadLetterQueue::ReplayDone done) {
                engine->replayTask(workflowId, ref, std::move(done));
            });
            reply(q.open());
        });
    });
    if (!opened.ok()) {
        stop();
        return opened;
    }
    // Saved breaker states and trips come back before anything can trip.
    if (auto r = m_keeper.open(m_poster, m_store, m_trips->clock(), m_trips); !r.ok()) {
        stop();
        return r;
    }
    const BreakerKeeper::TripSink tripSink = m_keeper.tripSink();
    // dlq_alert and the webhook breaker's transitions become engine events.
    const auto forward = [engine](const EngineEvent &e) {
        engine->onEngineThread([e](EngineCore &core) { Q_EMIT core.engineEvent(e); });
    };
    m_connections.append(QObject::connect(m_queue, &DeadLetterQueue::engineEvent, m_queue, forward, Qt::DirectConnection));
    CircuitBreaker *webhookBreaker = m_queue->webhook()->breaker();
    const std::shared_ptr<BreakerTripLog> trips = m_trips;
    m_connections.append(QObject::connect(
        webhookBreaker, &CircuitBreaker::stateChanged, webhookBreaker,
        [forward, webhookBreaker, trips, tripSink](const QString &name, const QString &from, const QString &to,
                                                   const QString &reason) {
            logTransition(name, from, to, reason);
            if (to == QLatin1String("OPEN"))
                tripSink(name, trips->record(name));
            forward(breakerEvent(name, from, to, reason, SystemClock::instance()->nowMs(), webhookBreaker));
        },
        Qt::DirectConnection));

    if (auto r = setUpEngineThread(tripSink); !r.ok()) {
        stop();
        return r;
    }

    // The store's writer reports failing and recovered writes on its thread.
    m_store->setWriteStatusHandler([engine](Result<void> status) {
        engine->onEngineThread([status](EngineCore &core) {
            CircuitBreaker *b = BreakerRegistry::attachedTo(&core, &core.clock())->breaker(QStringLiteral("store"));
            if (status.ok()) {
                const CircuitBreaker::State s = b->state();
                if (s == CircuitBreaker::State::Open || s == CircuitBreaker::State::HalfOpen)
                    b->forceClose(QStringLiteral("store writes succeed again"));
            } else {
                b->recordFailure(true, status.error().message.left(300));
            }
        });
    });

    const DeadLetterQueue::Poster poster = m_poster;
    m_foreignBreakers = std::make_shared<ForeignBreakers>();
    context.foreignBreakers = m_foreignBreakers.get();
    context.api->addRoutes([poster, engine, foreign = m_foreignBreakers](ApiRouter &router) {
        DlqRoutes::registerRoutes(router, poster);
        BreakerRoutes::registerRoutes(router, engine, poster, foreign);
        AttemptRoutes::registerRoutes(router, engine, poster);
    });
    m_stats = context.api->stats();
    RecoveryStats::registerProviders(m_stats, std::make_shared<RecoveryStats>(m_queue->gauge(), m_trips,
                                                                               breakerTotalsReader(engine, poster)));
    // The DLQ's entries from its table and the breakers' states, at scrape time.
    m_storeMetrics = context.api->storeMetrics();
    m_dlqCollector = m_storeMetrics->addCollector(&DlqMetrics::write);
    m_metrics = context.api->metrics();
    auto breakers = std::make_shared<BreakerMetrics>(
        std::make_shared<const BreakerStatusReader>(engine, poster, m_foreignBreakers));
    m_breakerCollector = m_metrics->addCollector([breakers](MetricsWriter &w) { breakers->write(w); });
    return {};
}

RecoveryStats::TotalsReader DlqModule::breakerTotalsReader(Engine *engine, const DeadLetterQueue::Poster &dlq)
{
    // The counters of the engine's breakers (engine thread), then the webhook's (DLQ thread).
    return [engine, dlq](RecoveryStats::TotalsDone done) {
        engine->onEngineThread([dlq, done](EngineCore &core) {
            BreakerRegistry *registry = BreakerRegistry::attachedTo(&core, &core.clock());
            RecoveryStats::BreakerTotals t;
            for (const QString &name : registry->names()) {
                if (CircuitBreaker *b = registry->find(name)) {
                    t.calls += b->calls();
                    t.trips += b->trips();
                    ++t.breakers;
                }
            }
            dlq([t, done](DeadLetterQueue &q) mutable {
                if (q.webhook()->enabled()) {
                    t.calls += q.webhook()->breaker()->calls();
                    t.trips += q.webhook()->breaker()->trips();
                    ++t.breakers;
                }
                done(t);
            });
        });
    };
}

Result<void> DlqModule::setUpEngineThread(const BreakerKeeper::TripSink &tripSink)
{
    const QJsonObject breakerConfig = m_config->breakers;
    const DeadLetterQueue::Poster poster = m_poster;
    const std::shared_ptr<BreakerTripLog> trips = m_trips;
    BreakerKeeper *keeper = &m_keeper;
    QList<QMetaObject::Connection> made;
    auto r = blockingCall<void>([&](auto reply) {
        m_engine->onEngineThread([&made, keeper, tripSink, breakerConfig, poster, trips, reply](EngineCore &core) {
            BreakerRegistry *registry = BreakerRegistry::attachedTo(&core, &core.clock());
            if (!breakerConfig.isEmpty()) {
                if (auto c = registry->configure(breakerConfig, QStringLiteral("breakers")); !c.ok())
                    return reply(c.error());
            }
            if (!breakerConfig.value(QStringLiteral("breakers")).toObject().contains(QStringLiteral("store")))
                registry->setConfig(QStringLiteral("store"), storeBreakerDefaults());
            registry->breaker(QStringLiteral("store")); // listed from the start
            made.append(keeper->keep(registry)); // saved states back, later changes saved
            EngineCore *c = &core;
            // Remote polls pass the breakers too (docs/recovery.md, "Remote pollers").
            RemotePollGate *gate = RemotePollGate::attachedTo(c, registry);
            core.setHandOutGate(HandOutGate{
                [gate](const QString &type, const TaskDef *def, int count, bool fresh) { return gate->admit(type, def, count, fresh); },
                [gate, registry](const QString &type, int admitted, const QList<Task> &tasks) {
                    if (!registry->find(TaskGuard::taskBreakerName(type)))
                        return; // the common case: no breaker for the type, nothing to remember
                    QStringList ids;
                    ids.reserve(tasks.size());
                    for (const Task &t : tasks)
                        ids.append(t.taskId);
                    gate->handedOut(type, admitted, ids);
                }});
            made.append(QObject::connect(
                c, &EngineCore::engineEvent, gate,
                [gate](const EngineEvent &e) {
                    if (gate->grantCount() == 0)
                        return;
                    gate->taskEvent(e.name, e.payload.value(QLatin1String("taskId")).toString(),
                                    e.payload.value(QLatin1String("status")).toString(),
                                    e.payload.value(QLatin1String("reason")).toString());
                },
                Qt::DirectConnection));
            made.append(QObject::connect(
                registry, &BreakerRegistry::breakerStateChanged, c,
                [c, registry, trips, tripSink](const QString &name, const QString &from, const QString &to, const QString &reason) {
                    logTransition(name, from, to, reason);
                    if (to == QLatin1String("OPEN")) // a trip; FORCED_OPEN (an operator) is not one
                        tripSink(name, trips->record(name));
                    Q_EMIT c->engineEvent(breakerEvent(name, from, to, reason, c->clock().nowMs(), registry->find(name)));
                },
                Qt::DirectConnection));
            made.append(QObject::connect(
                c, &EngineCore::taskDeadLettered, c,
                [poster](const Task &task, const QList<Task> &attempts, const QString &reasonClass, const QString &message) {
                    DeadLetterInput in{task, attempts, reasonClass, message};
                    poster([in](DeadLetterQueue &q) {
                        if (auto added = q.add(in); !added.ok())
                            qCCritical(lcRecovery).noquote() << "task" << in.task.taskId << "could NOT be dead-lettered:"
                                                             << added.error().message;
                    });
                },
                Qt::DirectConnection));
            reply({});
        });
    });
    m_connections += made;
    return r;
}

void DlqModule::stop()
{
    if (m_metrics) {
        m_metrics->removeCollector(m_breakerCollector);
        m_storeMetrics->removeCollector(m_dlqCollector);
        m_metrics = nullptr;
        m_storeMetrics = nullptr;
    }
    if (m_stats) {
        RecoveryStats::removeProviders(m_stats); // before the queue goes (a running provider keeps its data alive)
        m_stats = nullptr;
    }
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        QObject::disconnect(c);
    m_connections.clear();
    // The poll gate stays installed: it and the registry it asks are children of the engine core
    // (which may be gone already), so it can never outlive what it uses.
    if (m_queue && m_thread && m_thread->isRunning())
        m_keeper.close(); // its connection lives on the DLQ's thread
    if (m_store)
        m_store->setWriteStatusHandler({});
    if (m_queue) {
        if (m_thread && m_thread->isRunning()) {
            QThread *here = QThread::currentThread();
            (void)blockingCall<void>([&](auto reply) {
                m_poster([here, reply](DeadLetterQueue &q) {
                    q.close();
                    q.moveToThread(here); // destroyed below, on the thread that owns the module
                    reply({});
                });
            });
        }
        delete m_queue;
        m_queue = nullptr;
    }
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        m_thread.reset();
    }
    m_store = nullptr;
    m_poster = DeadLetterQueue::Poster();
}

} // namespace orrery
