#include "SystemTaskTest.h"

#include <QSignalSpy>

using namespace orrery;
using namespace orrery::test;

class EventTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishesOnTheEventBus()
    {
        SystemTaskHarness h;
        QList<EngineEvent> events;
        connect(h.core.get(), &EngineCore::engineEvent, this, [&events](const EngineEvent &e) {
            if (e.name == QLatin1String("workflow_event"))
                events.append(e);
        });
        QVERIFY(h.define(R"J({"name":"ev","tasks":[
            {"name":"e","taskReferenceName":"e","type":"EVENT","sink":"conductor:orders","inputParameters":{"order":"${workflow.input.id}"}}]})J").ok());
        const QString id = h.start(QStringLiteral("ev"), QJsonObject{{QStringLiteral("id"), 17}});
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.at(0).payload.value(QStringLiteral("sink")).toString(), QStringLiteral("conductor:orders"));
        QCOMPARE(events.at(0).payload.value(QStringLiteral("payload")).toObject().value(QStringLiteral("order")).toInt(), 17);
        const QJsonObject out = SystemTaskHarness::task(wf, QStringLiteral("e")).value(QStringLiteral("outputData")).toObject();
        QCOMPARE(out.value(QStringLiteral("event_produced")).toString(), QStringLiteral("conductor:orders"));
        QCOMPARE(out.value(QStringLiteral("workflowInstanceId")).toString(), id);
    }

    void asyncCompleteWaitsForAnUpdate()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"evasync","tasks":[
            {"name":"e","taskReferenceName":"e","type":"EVENT","sink":"conductor","asyncComplete":true}]})J").ok());
        const QString id = h.start(QStringLiteral("evasync"));
        const QJsonObject e = SystemTaskHarness::task(h.wf(id), QStringLiteral("e"));
        QCOMPARE(SystemTaskHarness::status(e), QStringLiteral("IN_PROGRESS"));
        QVERIFY(h.update(e.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed, {}, QString()).ok());
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }
};

QTEST_GUILESS_MAIN(EventTaskTest)
#include "test_event_task.moc"
