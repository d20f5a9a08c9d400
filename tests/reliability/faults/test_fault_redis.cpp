// Redis (the real-time fan-out between instances) stopped under orreryd and replaced by a new
// server: the API and the engine carry on (every start accepted and completed), the bridge
// reports the outage, knocks on the dead Redis no faster than its breaker's probes plus its
// backoff (measured through a counting proxy), and reconnects by itself.
#include "RedisFaultScenario.h"

#include <QTest>

using namespace orrery::test;

class TestFaultRedis : public QObject
{
    Q_OBJECT

private slots:
    void stopAndReplaceRedis()
    {
        const RedisFaultScenario::Figures f = RedisFaultScenario::run(RedisFaultScenario::Options{});
        if (f.error.startsWith(QLatin1String("SKIP ")))
            QSKIP(qPrintable(f.error.mid(5)));
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        qInfo("starts before: %s", qPrintable(f.startsBefore.row()));
        qInfo("starts while Redis is down: %s", qPrintable(f.startsDuring.row()));
        qInfo("starts after: %s", qPrintable(f.startsAfter.row()));
        qInfo("while down: bridge %s, breaker %s; %d connection attempts in %.1f s = %.2f/s; reconnected %.1f s after "
              "the new server started; outages %d; %d accepted, %d completed", qPrintable(f.bridgeStateDown),
              qPrintable(f.bridgeBreakerDown), f.attemptsWhileDown, f.downSeconds, f.attemptsPerSecond,
              f.reconnectSeconds, f.outages, f.accepted, f.completed);
        QCOMPARE(f.startsDuring.refused503 + f.startsDuring.other, 0); // Redis is not on the API's path
        QVERIFY(f.startsDuring.ok > 0);
        QVERIFY(f.bridgeStateDown != QLatin1String("connected"));
        QCOMPARE(f.bridgeBreakerDown, QStringLiteral("OPEN"));
        // Backoff from 200 ms and a breaker of 5 s reset: a handful of attempts, never a storm.
        QVERIFY2(f.attemptsPerSecond <= 3.0, qPrintable(QString::number(f.attemptsPerSecond)));
        QVERIFY(f.reconnectSeconds >= 0);
        QVERIFY(f.outages >= 1);
        QCOMPARE(f.notEnded, 0);
        QCOMPARE(f.completed, f.accepted);
        QVERIFY(f.processAlive);
    }
};

QTEST_GUILESS_MAIN(TestFaultRedis)
#include "test_fault_redis.moc"
