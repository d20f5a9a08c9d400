// A remote HTTP dependency that answers 503, or hangs, for a few seconds while orreryd runs
// `http` tasks against it: the breaker opens, the endpoint then sees only the breaker's probes
// (no retry storm), the API keeps answering, and every workflow completes once the endpoint is
// back, with no operator and none lost. Figures are printed; bench_faults runs it longer.
#include "HttpFaultScenario.h"

#include <QTest>

using namespace orrery::test;

class TestFaultHttp : public QObject
{
    Q_OBJECT

private:
    void check(const HttpFaultScenario::Options &o, const char *what)
    {
        const HttpFaultScenario::Figures f = HttpFaultScenario::run(o);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        qInfo("%s: trip after %lld ms, %d calls before it, %d calls in %.1f s open = %.2f/s (probe rate %.2f/s), "
              "%d rejections", what, f.tripAfterMs, f.callsBeforeTrip, f.callsWhileOpen, f.openSeconds,
              f.callsPerSecondOpen, f.probesPerSecond, f.rejections);
        qInfo("%s: API baseline %s", what, qPrintable(f.baseline.row()));
        qInfo("%s: API during   %s", what, qPrintable(f.duringFault.row()));
        qInfo("%s: %d/%d workflows completed %.1f s after the recovery, breaker %s", what, f.completed, f.started,
              f.recoverSeconds, qPrintable(f.stateAfter));
        if (f.notEnded > 0)
            qWarning("%s", qPrintable(f.diagnostics));
        QVERIFY2(f.tripped, "the breaker never opened");
        // Before the trip: the failures that trip it plus what the 8 slots had in flight.
        QVERIFY2(f.callsBeforeTrip <= o.failureThreshold + 16, qPrintable(QString::number(f.callsBeforeTrip)));
        // While open: one half-open probe per reset timeout (+1 for the window's edges).
        const int maxProbes = int(f.openSeconds / o.resetSeconds) + 2;
        QVERIFY2(f.callsWhileOpen <= maxProbes,
                 qPrintable(QStringLiteral("%1 calls while open, at most %2 probes expected").arg(f.callsWhileOpen).arg(maxProbes)));
        QVERIFY(f.rejections > 0);
        QCOMPARE(f.duringFault.failed, 0);
        QVERIFY(f.duringFault.calls > 10);
        QCOMPARE(f.notEnded, 0);
        QCOMPARE(f.completed, f.started);
        QCOMPARE(f.stateAfter, QStringLiteral("CLOSED"));
    }

private slots:
    void endpointAnswering503()
    {
        HttpFaultScenario::Options o;
        o.mode = FaultyEndpoint::Mode::Failing;
        check(o, "503");
    }

    void endpointHanging()
    {
        HttpFaultScenario::Options o;
        o.mode = FaultyEndpoint::Mode::Hanging;
        check(o, "hang");
    }
};

QTEST_GUILESS_MAIN(TestFaultHttp)
#include "test_fault_http.moc"
