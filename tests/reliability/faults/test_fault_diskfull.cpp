// The disk under orreryd's SQLite store fills up (a 20 MB tmpfs as its data directory and a
// filler file), then space comes back: the process stays up, starts are refused fast with a 503
// that says why, reads keep working, the store breaker opens, and every accepted workflow
// completes once there is room, the refused ones written
// too once there is room (they were kept in memory, as the 503 says). Needs root for the mount: exits
// 77 (skipped) when mounting is not permitted.
#include "DiskFullScenario.h"

#include <QCoreApplication>
#include <QTest>

#include <cstdio>

using namespace orrery::test;

class TestFaultDiskFull : public QObject
{
    Q_OBJECT

private slots:
    void diskFullThenFreed()
    {
        const DiskFullScenario::Options o;
        const DiskFullScenario::Figures f = DiskFullScenario::run(o);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        qInfo("starts before: %s", qPrintable(f.startsBefore.row()));
        qInfo("starts while full (%lld filler bytes): %s", f.fillerBytes, qPrintable(f.startsDuring.row()));
        qInfo("starts after: %s", qPrintable(f.startsAfter.row()));
        qInfo("while full: GET /api/tasks %d in %.0f ms, store breaker %s; first accepted start %.0f ms after the "
              "space came back; %d accepted, %d completed, %d not ended, %d in the store; breaker after %s",
              f.readStatus, f.readMs, qPrintable(f.storeBreakerFull), f.firstOkStartAfterFreeMs, f.accepted,
              f.completed, f.notEnded, f.inStore, qPrintable(f.storeBreakerAfter));
        QVERIFY(f.fillerBytes > 0);
        QVERIFY(f.startsBefore.ok > 0);
        QVERIFY(f.startsDuring.refused503 > 0);
        QCOMPARE(f.startsDuring.other, 0);
        QVERIFY2(f.startsDuring.firstRefusal.contains(QLatin1String("full"), Qt::CaseInsensitive)
                     && f.startsDuring.firstRefusal.contains(QLatin1String("kept")),
                 qPrintable(f.startsDuring.firstRefusal));
        QVERIFY2(f.startsDuring.maxMs < 15000, "a start hung while the disk was full");
        QCOMPARE(f.readStatus, 200);
        QCOMPARE(f.storeBreakerFull, QStringLiteral("OPEN"));
        QVERIFY(f.firstOkStartAfterFreeMs >= 0);
        QCOMPARE(f.storeBreakerAfter, QStringLiteral("CLOSED"));
        QCOMPARE(f.notEnded, 0);
        QCOMPARE(f.completed, f.accepted);
        // A refused start was kept in memory and is written once there is room (the 503 says
        // so): the store ends with the accepted ones and those, nothing lost.
        QCOMPARE(f.inStore, f.accepted + f.startsDuring.refused503 + f.startsAfter.refused503);
        QVERIFY(f.processAlive);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (const QString why = DiskFullScenario::mountable(); !why.isEmpty()) {
        std::fprintf(stderr, "SKIP: cannot mount a tmpfs here (%s)\n", qPrintable(why));
        return 77;
    }
    TestFaultDiskFull test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_fault_diskfull.moc"
