// health_checked on every report, health_changed only on transitions (the overall status or a
// check's status), with from/to; and what the health_probe task answers (COMPLETED when healthy,
// FAILED transient with the report when not, COMPLETED with healthy=false on request, a terminal
// input error), the events it raises through its sink, and none after detach().

#include "events/EventType.h"
#include "runtime/HealthMonitor.h"
#include "runtime/HealthTracker.h"
#include "store/Store.h"
#include "support/FreePort.h"
#include "workers/HandlerRegistry.h"

#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

QJsonObject check(const QString &status, const QString &message = {})
{
    return QJsonObject{{QStringLiteral("status"), status}, {QStringLiteral("message"), message}};
}

QJsonObject report(const QString &store, const QString &redis, const QString &redisMessage = {})
{
    const bool healthy = store != QLatin1String("failed") && redis != QLatin1String("failed");
    return QJsonObject{{QStringLiteral("healthy"), healthy},
                       {QStringLiteral("status"), healthy ? QStringLiteral("healthy") : QStringLiteral("unhealthy")},
                       {QStringLiteral("summary"), QStringLiteral("s")},
                       {QStringLiteral("checks"), QJsonObject{{QStringLiteral("store"), check(store)},
                                                              {QStringLiteral("redis"), check(redis, redisMessage)}}}};
}

QStringList names(const QList<EngineEvent> &events)
{
    QStringList out;
    for (const EngineEvent &e : events)
        out << e.name;
    return out;
}

} // namespace

class TestHealthEvents : public QObject
{
    Q_OBJECT

private slots:
    void theEventsAreInTheCatalogue()
    {
        // Otherwise the engine's adapter drops them before the bus (docs/events.md).
        for (const char *name : {HealthTracker::kChecked, HealthTracker::kChanged}) {
            const auto type = parseEventType(QString::fromLatin1(name));
            QVERIFY2(type.has_value(), name);
            QCOMPARE(eventCategory(*type), EventCategory::System); // instance-wide: /admin
        }
    }

    void changedOnlyOnTransitions()
    {
        HealthTracker t;
        QCOMPARE(t.overall(), QStringLiteral("unknown"));
        const QJsonObject ctx{{QStringLiteral("instance"), QStringLiteral("a")}};

        // The first report is a change from "unknown".
        QList<EngineEvent> e = t.observe(report(QStringLiteral("ok"), QStringLiteral("skipped")), 1000, ctx);
        QCOMPARE(names(e), (QStringList{QStringLiteral("health_checked"), QStringLiteral("health_changed")}));
        QCOMPARE(e[0].timeMs, 1000);
        QVERIFY(e[0].projectId.isEmpty());
        QCOMPARE(e[0].payload.value(QStringLiteral("instance")).toString(), QStringLiteral("a"));
        QVERIFY(e[0].payload.value(QStringLiteral("healthy")).toBool());
        QVERIFY(e[0].payload.value(QStringLiteral("checks")).toObject().contains(QStringLiteral("store")));
        QCOMPARE(e[1].payload.value(QStringLiteral("from")).toString(), QStringLiteral("unknown"));
        QCOMPARE(e[1].payload.value(QStringLiteral("to")).toString(), QStringLiteral("healthy"));
        QCOMPARE(e[1].payload.value(QStringLiteral("changes")).toObject().value(QStringLiteral("redis")).toObject().value(QStringLiteral("to")).toString(),
                 QStringLiteral("skipped"));

        // Same statuses: only health_checked.
        QCOMPARE(names(t.observe(report(QStringLiteral("ok"), QStringLiteral("skipped")), 2000)), QStringList{QStringLiteral("health_checked")});

        // Redis goes down: overall and the check change.
        e = t.observe(report(QStringLiteral("ok"), QStringLiteral("failed"), QStringLiteral("refused")), 3000);
        QCOMPARE(names(e), (QStringList{QStringLiteral("health_checked"), QStringLiteral("health_changed")}));
        QCOMPARE(e[1].payload.value(QStringLiteral("from")).toString(), QStringLiteral("healthy"));
        QCOMPARE(e[1].payload.value(QStringLiteral("to")).toString(), QStringLiteral("unhealthy"));
        QVERIFY(!e[1].payload.value(QStringLiteral("healthy")).toBool());
        const QJsonObject changes = e[1].payload.value(QStringLiteral("changes")).toObject();
        QCOMPARE(changes.keys(), QStringList{QStringLiteral("redis")});
        QCOMPARE(changes.value(QStringLiteral("redis")).toObject(),
                 (QJsonObject{{QStringLiteral("from"), QStringLiteral("skipped")}, {QStringLiteral("to"), QStringLiteral("failed")},
                              {QStringLiteral("message"), QStringLiteral("refused")}}));
        QCOMPARE(t.overall(), QStringLiteral("unhealthy"));

        // Still down with another message: no change.
        QCOMPARE(names(t.observe(report(QStringLiteral("ok"), QStringLiteral("failed"), QStringLiteral("timed out")), 4000)),
                 QStringList{QStringLiteral("health_checked")});

        // The store fails too: overall stays unhealthy, but a check changed.
        e = t.observe(report(QStringLiteral("failed"), QStringLiteral("failed")), 5000);
        QCOMPARE(names(e), (QStringList{QStringLiteral("health_checked"), QStringLiteral("health_changed")}));
        QCOMPARE(e[1].payload.value(QStringLiteral("from")).toString(), QStringLiteral("unhealthy"));
        QCOMPARE(e[1].payload.value(QStringLiteral("to")).toString(), QStringLiteral("unhealthy"));
        QCOMPARE(e[1].payload.value(QStringLiteral("changes")).toObject().keys(), QStringList{QStringLiteral("store")});

        // Both recover.
        e = t.observe(report(QStringLiteral("ok"), QStringLiteral("ok")), 6000);
        QCOMPARE(e[1].payload.value(QStringLiteral("to")).toString(), QStringLiteral("healthy"));
        QCOMPARE(e[1].payload.value(QStringLiteral("changes")).toObject().keys(),
                 (QStringList{QStringLiteral("redis"), QStringLiteral("store")}));
    }

    void theTaskAnswersAndRaisesEvents()
    {
        QTemporaryDir dir;
        auto store = Store::open(StoreConfig{QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("orrery.db"))});
        QVERIFY(store.ok());
        ManualClock clock(1'800'000'000'000);
        QList<EngineEvent> events;
        auto redisDown = QStringLiteral("redis://127.0.0.1:%1").arg(FreePort::find());
        auto healthy = std::make_shared<HealthMonitor>(HealthProbeConfig{store->get(), dir.path(), {}, {}}, &clock,
                                                       [&events](const EngineEvent &e) { events << e; });
        TaskAssignment task{QStringLiteral("t1"), QStringLiteral("w1"), QStringLiteral("health_probe"), {}, 0, 0};

        TaskOutcome ok = healthy->runTask(task);
        QCOMPARE(ok.status, TaskOutcome::Completed);
        QVERIFY(ok.output.value(QStringLiteral("healthy")).toBool());
        QCOMPARE(names(events), (QStringList{QStringLiteral("health_checked"), QStringLiteral("health_changed")}));
        QCOMPARE(events[0].timeMs, clock.nowMs());
        QCOMPARE(events[0].payload.value(QStringLiteral("workflowId")).toString(), QStringLiteral("w1"));
        QCOMPARE(events[0].payload.value(QStringLiteral("taskId")).toString(), QStringLiteral("t1"));
        events.clear();
        clock.advanceMs(60'000);
        QCOMPARE(healthy->runTask(task).status, TaskOutcome::Completed);
        QCOMPARE(names(events), QStringList{QStringLiteral("health_checked")});

        task.input = {{QStringLiteral("minFreePercent"), -1}};
        TaskOutcome bad = healthy->runTask(task);
        QCOMPARE(bad.status, TaskOutcome::FailedTerminal);
        QVERIFY(bad.reason.contains(QStringLiteral("input.minFreePercent")));

        // Unhealthy: FAILED (transient) with the whole report as output.
        events.clear();
        HealthMonitor sick(HealthProbeConfig{store->get(), dir.path(), redisDown, {}}, &clock,
                           [&events](const EngineEvent &e) { events << e; });
        task.input = {};
        TaskOutcome failed = sick.runTask(task);
        QCOMPARE(failed.status, TaskOutcome::Failed);
        QCOMPARE(failed.failure.errorCode, QStringLiteral("unhealthy"));
        QCOMPARE(failed.failure.kind, QStringLiteral("other"));
        QVERIFY2(failed.reason.startsWith(QStringLiteral("unhealthy: redis: cannot connect")), qPrintable(failed.reason));
        QVERIFY(!failed.output.value(QStringLiteral("healthy")).toBool());
        QCOMPARE(failed.output.value(QStringLiteral("checks")).toObject().value(QStringLiteral("redis")).toObject()
                     .value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(events.last().name, QStringLiteral("health_changed"));
        QCOMPARE(events.last().payload.value(QStringLiteral("to")).toString(), QStringLiteral("unhealthy"));

        // ... or COMPLETED with healthy=false when the input asks for it.
        task.input = {{QStringLiteral("failOnUnhealthy"), false}};
        TaskOutcome quiet = sick.runTask(task);
        QCOMPARE(quiet.status, TaskOutcome::Completed);
        QVERIFY(!quiet.output.value(QStringLiteral("healthy")).toBool());

        // No events after detach.
        events.clear();
        sick.detach();
        sick.runTask(task);
        QVERIFY(events.isEmpty());

        // Registered as a local task type.
        HandlerRegistry registry;
        QVERIFY(HealthMonitor::registerHandler(registry, healthy).ok());
        QVERIFY(registry.contains(QStringLiteral("health_probe")));
        QVERIFY(registry.isBlocking(QStringLiteral("health_probe")));
        QVERIFY(!HealthMonitor::registerHandler(registry, healthy).ok()); // once
        (*store)->close();
    }
};

QTEST_GUILESS_MAIN(TestHealthEvents)
#include "test_health_events.moc"
