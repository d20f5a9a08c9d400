// PostgreSQL stopped for a few seconds under an orreryd that keeps being asked to start
// workflows, then started again: the process stays up, calls that need the database fail fast
// with a clear 503 and reason instead of hanging, the store breaker opens, orreryd knocks on the
// dead database at a bounded rate (measured through a counting proxy), and once the database is
// back work resumes by itself and every accepted workflow completes. Figures are printed;
// bench_faults runs it longer.
#include "PgFaultScenario.h"

#include <QTest>

using namespace orrery::test;

namespace {
void print(const char *what, const PgFaultScenario::Calls &c)
{
    qInfo("starts %s: %d ok, %d refused with 503, %d other, slowest %.0f ms%s%s", what, c.ok, c.refused503, c.other,
          c.maxMs, c.firstRefusal.isEmpty() ? "" : "; first refusal: ", qPrintable(c.firstRefusal.left(200)));
}
} // namespace

class TestFaultPostgres : public QObject
{
    Q_OBJECT

private slots:
    void stopAndRestartMidRun()
    {
        const PgFaultScenario::Options o;
        const PgFaultScenario::Figures f = PgFaultScenario::run(o);
        if (f.error.startsWith(QLatin1String("SKIP ")))
            QSKIP(qPrintable(f.error.mid(5)));
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        print("before", f.startsBefore);
        print("while down", f.startsDuring);
        print("after", f.startsAfter);
        qInfo("while down: GET /api/tasks %d in %.0f ms (%s); GET /readyz %d in %.0f ms; /healthz %d; store breaker %s",
              f.readStatus, f.readMs, qPrintable(f.readMessage.left(160)), f.readyStatus, f.readyMs, f.healthStatus,
              qPrintable(f.storeBreakerDown));
        qInfo("while down: %d connection attempts to the database in %.1f s = %.2f/s; probe %s", f.attemptsWhileDown,
              f.downSeconds, f.attemptsPerSecond, qPrintable(f.probeDuring.row()));
        qInfo("after: first accepted start %.0f ms after the restart; %d accepted, %d completed, %d not ended, %d in the "
              "store; store breaker %s", f.firstOkStartAfterRestartMs, f.accepted, f.completed, f.notEnded, f.inStore,
              qPrintable(f.storeBreakerAfter));

        if (!f.diagnostics.isEmpty())
            qWarning("%s", qPrintable(f.diagnostics));
        QVERIFY(f.startsBefore.ok > 0);
        QCOMPARE(f.startsBefore.refused503 + f.startsBefore.other, 0);
        // While the database is down, starts are refused with 503 and a reason, fast.
        QVERIFY(f.startsDuring.refused503 > 0);
        QCOMPARE(f.startsDuring.other, 0);
        QVERIFY2(f.startsDuring.maxMs < 15000, "a start hung while the database was down");
        QCOMPARE(f.readStatus, 503);
        QVERIFY(!f.readMessage.isEmpty());
        QCOMPARE(f.readyStatus, 503);
        QCOMPARE(f.healthStatus, 200); // the process is alive; readiness says why it is not ready
        QCOMPARE(f.storeBreakerDown, QStringLiteral("OPEN"));
        // No storm: the writer backs off, and reads, modules and the health probe open new
        // connections through the store's ConnectGate (one probe per 250 ms doubling to 2 s), so
        // the knocks do not follow the API's read rate (the probe's ~20 calls a second; 22
        // attempts a second before the gate). Each attempt is up to two TCP connections (libpq
        // tries SSL, then plain).
        QVERIFY2(f.attemptsPerSecond <= 10.0, qPrintable(QString::number(f.attemptsPerSecond)));
        // Back by itself, nothing accepted is lost.
        QVERIFY(f.firstOkStartAfterRestartMs >= 0);
        QCOMPARE(f.storeBreakerAfter, QStringLiteral("CLOSED"));
        QCOMPARE(f.notEnded, 0);
        QCOMPARE(f.completed, f.accepted);
        QVERIFY(f.processAlive);
        // Refused starts were kept in memory (the 503 says so) and written once the database was
        // back: the store ends with the accepted ones and those.
        QCOMPARE(f.inStore, f.accepted + f.startsDuring.refused503 + f.startsAfter.refused503);
    }
};

QTEST_GUILESS_MAIN(TestFaultPostgres)
#include "test_fault_postgres.moc"
