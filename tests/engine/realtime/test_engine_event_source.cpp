// The engine's signals as bus events: names checked against the catalogue, progress enriched
// with percent/ETA, dead letters mapped, and nothing published after detach().
#include "api/realtime/EngineEventSource.h"
#include "core/Clock.h"
#include "core/Task.h"
#include "events/EventBus.h"

#include <QTest>

using namespace orrery;

class TestEngineEventSource : public QObject
{
    Q_OBJECT

private slots:
    void mapsEngineEventsOntoTheCatalogue()
    {
        ManualClock clock(5000);
        EventBus bus(&clock);
        auto sink = bus.subscribe({QStringLiteral("sink"), 100, false}, [] {});
        EngineEventSource source(&bus);

        source.onEngineEvent(EngineEvent{QStringLiteral("task_completed"), QStringLiteral("p1"), 1234,
                                         QJsonObject{{QStringLiteral("taskId"), QStringLiteral("t1")}}});
        source.onEngineEvent(EngineEvent{QStringLiteral("not_in_the_catalogue"), QString(), 1, {}});
        source.onEngineEvent(EngineEvent{QStringLiteral("progress_update"), QStringLiteral("p1"), 10000,
                                         QJsonObject{{QStringLiteral("taskId"), QStringLiteral("t2")},
                                                     {QStringLiteral("percent"), 10}}});
        source.onEngineEvent(EngineEvent{QStringLiteral("progress_update"), QStringLiteral("p1"), 20000,
                                         QJsonObject{{QStringLiteral("taskId"), QStringLiteral("t2")},
                                                     {QStringLiteral("percent"), 30}}});
        source.onEngineEvent(EngineEvent{QStringLiteral("workflow_started"), QString(), 0, {}}); // no time: the bus clock

        Task t;
        t.taskId = QStringLiteral("t3");
        t.workflowInstanceId = QStringLiteral("w3");
        t.taskType = QStringLiteral("http");
        t.referenceTaskName = QStringLiteral("call");
        t.projectId = QStringLiteral("p9");
        t.retryCount = 2;
        source.onDeadLettered(t, {t, t, t}, QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("503 from upstream"));

        const auto batch = sink->take(100);
        QCOMPARE(int(batch.events.size()), 5);
        QCOMPARE(source.unknownEvents(), quint64(1));
        QCOMPARE(batch.events[0]->type(), EventType::TaskCompleted);
        QCOMPARE(batch.events[0]->timeMs(), 1234);
        QCOMPARE(batch.events[0]->projectId(), QStringLiteral("p1"));
        QVERIFY(!batch.events[1]->payload().contains(QLatin1String("etaSeconds")));
        const QJsonObject progress = batch.events[2]->payload();
        QCOMPARE(progress.value(QLatin1String("percent")).toDouble(), 30.0);
        QCOMPARE(progress.value(QLatin1String("etaSeconds")).toDouble(), 35.0); // 20 % per 10 s, 70 % left
        QCOMPARE(batch.events[3]->timeMs(), 5000);
        const EventPtr dl = batch.events[4];
        QCOMPARE(dl->type(), EventType::TaskDeadLettered);
        QCOMPARE(dl->projectId(), QStringLiteral("p9"));
        QCOMPARE(dl->payload().value(QLatin1String("attempts")).toInt(), 3);
        QCOMPARE(dl->payload().value(QLatin1String("reasonClass")).toString(), QStringLiteral("RETRIES_EXHAUSTED"));
        QCOMPARE(dl->payload().value(QLatin1String("reason")).toString(), QStringLiteral("503 from upstream"));
        QCOMPARE(dl->payload().value(QLatin1String("workflowId")).toString(), QStringLiteral("w3"));

        source.detach();
        source.onEngineEvent(EngineEvent{QStringLiteral("task_started"), QString(), 1, {}});
        QCOMPARE(sink->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEngineEventSource)
#include "test_engine_event_source.moc"
