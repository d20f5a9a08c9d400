// EngineConfig::holdUntilReleased: after a restart, a lease that expired while the process was
// down ends its task for good only once the server has released the engine (its DLQ module is
// listening by then); before, nothing fires and no dead letter is emitted.
#include "EngineHarness.h"

#include <QJsonArray>
#include <QSignalSpy>

using namespace orrery;
using orrery::test::EngineHarness;

namespace {
const QByteArray kOneStep = R"J({"name": "one_step", "version": 1, "schemaVersion": 2,
  "tasks": [{"name": "alpha", "taskReferenceName": "a"}]})J";

// Processes this thread's events for `ms` of wall time (the engine's QTimer runs on it).
void spin(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}
} // namespace

class TestEngineHold : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expiredLeaseWaitsForRelease_data()
    {
        QTest::addColumn<bool>("hold");
        QTest::newRow("held") << true;
        QTest::newRow("not held") << false;
    }

    void expiredLeaseWaitsForRelease()
    {
        QFETCH(bool, hold);
        EngineHarness h;
        QVERIFY(h.registerTaskDef(R"J({"name":"alpha","retryCount":0,"responseTimeoutSeconds":10})J").ok());
        QVERIFY(h.registerWorkflow(kOneStep).ok());
        const QString id = h.start(QStringLiteral("one_step"));
        const QJsonArray polled = h.poll(QStringLiteral("alpha"));
        QCOMPARE(polled.size(), 1);
        const QString taskId = polled.first().toObject().value(QStringLiteral("taskId")).toString();

        h.close(); // the process dies with the task leased to a remote worker
        h.clock.advanceMs(60'000); // the lease expired while it was down
        h.holdUntilReleased = hold;
        h.reopen();
        QSignalSpy dead(h.core.get(), &EngineCore::taskDeadLettered); // connected after load, as the DLQ module is

        spin(100);
        if (hold) {
            QCOMPARE(dead.size(), 0);
            QCOMPARE(h.workflow(id).value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
            h.core->release();
            QTRY_COMPARE_WITH_TIMEOUT(dead.size(), 1, 5000);
        } else {
            QCOMPARE(dead.size(), 1); // fired on the first turn of the event loop
        }
        QCOMPARE(dead.first().at(0).value<Task>().taskId, taskId);
        QVERIFY(h.workflow(id).value(QStringLiteral("status")).toString() != QLatin1String("RUNNING"));
    }
};

QTEST_GUILESS_MAIN(TestEngineHold)
#include "test_engine_hold.moc"
