// ConnectGate (issue 12, reliability-faults.md "Reads while PostgreSQL is down"): after a failed
// open, new connections are refused at once until the delay has passed, then one probe at a time
// goes through; the delay doubles to its cap; a good open lets everyone through. In virtual time,
// then against a real TCP listener that drops every connection, counting what reaches it.
#include "core/Clock.h"
#include "store/ConnectGate.h"
#include "store/SqlBackend.h"
#include "store/StoreUrl.h"

#include <QAtomicInt>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

using namespace orrery;

namespace {

// Accepts every connection and closes it at once: a database that is "down" but reachable, so
// each connection attempt can be counted.
class DroppingListener : public QThread
{
public:
    quint16 port() const { return m_port.loadAcquire(); }
    int accepted() const { return m_accepted.loadAcquire(); }
    void finish() { m_stop.storeRelease(1); wait(); }

protected:
    void run() override
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        m_port.storeRelease(server.serverPort());
        while (!m_stop.loadAcquire()) {
            if (!server.waitForNewConnection(20))
                continue;
            while (QTcpSocket *s = server.nextPendingConnection()) {
                m_accepted.fetchAndAddOrdered(1);
                s->abort();
                delete s;
            }
        }
    }

private:
    QAtomicInt m_port{0};
    QAtomicInt m_accepted{0};
    QAtomicInt m_stop{0};
};

} // namespace

class TestConnectGate : public QObject
{
    Q_OBJECT

private slots:
    void openWhileHealthy()
    {
        ManualClock clock;
        ConnectGate gate(&clock);
        for (int i = 0; i < 5; ++i)
            QVERIFY(gate.admit().ok()); // no probe bookkeeping while nothing failed
        gate.opened();
        QVERIFY(!gate.isClosed());
    }

    void closesThenProbesOneAtATime()
    {
        ManualClock clock;
        ConnectGate gate(&clock);
        QVERIFY(gate.admit().ok());
        gate.failed(Error::unavailable(QStringLiteral("connection refused")));
        QVERIFY(gate.isClosed());
        QCOMPARE(gate.currentDelayMs(), 250);
        const Result<void> refused = gate.admit();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::Unavailable);
        QVERIFY2(refused.error().message.contains(QStringLiteral("connection refused")), qPrintable(refused.error().message));
        QVERIFY2(refused.error().message.contains(QStringLiteral("in 250 ms")), qPrintable(refused.error().message));

        clock.advanceMs(249);
        QVERIFY(!gate.admit().ok());
        clock.advanceMs(1);
        QVERIFY(gate.admit().ok());  // the probe
        QVERIFY(!gate.admit().ok()); // only one at a time
        QVERIFY(gate.admit().error().message.contains(QStringLiteral("being tried now")));
        gate.failed(Error::unavailable(QStringLiteral("still refused")));
        QCOMPARE(gate.currentDelayMs(), 500);
        QVERIFY(gate.admit().error().message.contains(QStringLiteral("still refused")));
    }

    void delayDoublesToItsCap()
    {
        ManualClock clock;
        ConnectGate gate(&clock);
        QList<qint64> delays;
        for (int i = 0; i < 6; ++i) {
            QVERIFY(gate.admit().ok());
            gate.failed(Error::unavailable(QStringLiteral("down")));
            delays.append(gate.currentDelayMs());
            clock.advanceMs(gate.currentDelayMs());
        }
        QCOMPARE(delays, (QList<qint64>{250, 500, 1000, 2000, 2000, 2000}));
    }

    void concurrentFailuresDoNotStretchTheDelay()
    {
        ManualClock clock;
        ConnectGate gate(&clock);
        // Three opens started while the gate was open; all fail.
        QVERIFY(gate.admit().ok());
        QVERIFY(gate.admit().ok());
        QVERIFY(gate.admit().ok());
        for (int i = 0; i < 3; ++i)
            gate.failed(Error::unavailable(QStringLiteral("down")));
        QCOMPARE(gate.currentDelayMs(), 250);
    }

    void successOpensForEveryone()
    {
        ManualClock clock;
        ConnectGate gate(&clock);
        QVERIFY(gate.admit().ok());
        gate.failed(Error::unavailable(QStringLiteral("down")));
        clock.advanceMs(250);
        QVERIFY(gate.admit().ok());
        gate.opened();
        QVERIFY(!gate.isClosed());
        QVERIFY(gate.admit().ok());
        QVERIFY(gate.admit().ok());
        // A later outage starts again from the first delay.
        gate.failed(Error::unavailable(QStringLiteral("down again")));
        QCOMPARE(gate.currentDelayMs(), 250);
    }

    void knocksOnADeadDatabaseAtTheProbeRate()
    {
        DroppingListener listener;
        listener.start();
        QTRY_VERIFY(listener.port() != 0);
        const auto url = StoreUrl::parse(QStringLiteral("postgresql://orrery:secret@127.0.0.1:%1/orrery").arg(listener.port()));
        QVERIFY(url.ok());
        const std::unique_ptr<SqlBackend> backend = SqlBackend::create(url.value());
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
            QSKIP("the Qt PostgreSQL driver is not installed");
        ManualClock clock;
        ConnectGate gate(&clock);
        int refusedFast = 0;
        int perAttempt = 0;
        // 100 reads at one virtual instant, then 100 more each 100 ms for 2 virtual seconds.
        for (int step = 0; step <= 20; ++step) {
            for (int i = 0; i < 100; ++i) {
                Result<QSqlDatabase> db = gate.open(*backend, QStringLiteral("gate-%1-%2").arg(step).arg(i), QStringLiteral("reader"));
                QVERIFY(!db.ok());
                if (db.error().message.contains(QStringLiteral("cannot be reached")))
                    ++refusedFast;
                else
                    QVERIFY2(!db.error().message.contains(QStringLiteral("secret")), qPrintable(db.error().message));
            }
            if (step == 0) { // what one real attempt costs the server (libpq may retry without SSL)
                QTRY_VERIFY(listener.accepted() > 0);
                QTest::qWait(200);
                perAttempt = listener.accepted();
            }
            clock.advanceMs(100);
        }
        // Probes at 0, 300, 800 and 1800 ms (delays 250, 500, 1000; then 2000: due at 3800 ms).
        QTRY_COMPARE(listener.accepted(), 4 * perAttempt);
        QCOMPARE(refusedFast, 21 * 100 - 4);
        listener.finish();
    }
};

QTEST_GUILESS_MAIN(TestConnectGate)
#include "test_connect_gate.moc"
