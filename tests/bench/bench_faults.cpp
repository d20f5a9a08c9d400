// Dependency faults, longer than their CTest variants (tests/reliability/faults): a remote HTTP
// endpoint answering 503 and hanging, PostgreSQL stopped and restarted, the disk full. Prints a
// table of figures (docs/reliability-faults.md). Usage:
//   bench_faults [--fault-seconds N] [--only http|pg|disk]
#include "DiskFullScenario.h"
#include "HttpFaultScenario.h"
#include "PgFaultScenario.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace orrery::test;

namespace {

void row(const char *fault, const char *figure, const QString &value)
{
    std::printf("| %-10s | %-52s | %s |\n", fault, figure, qPrintable(value));
}

void http(const char *label, FaultyEndpoint::Mode mode, int faultSeconds)
{
    HttpFaultScenario::Options o;
    o.mode = mode;
    o.workflows = 200;
    o.faultMs = faultSeconds * 1000;
    const auto f = HttpFaultScenario::run(o);
    if (!f.error.isEmpty()) {
        row(label, "error", f.error);
        return;
    }
    row(label, "breaker tripped after", QStringLiteral("%1 ms").arg(f.tripAfterMs));
    row(label, "calls reaching the endpoint before the trip", QString::number(f.callsBeforeTrip));
    row(label, "calls while open / probe rate of the breaker",
        QStringLiteral("%1 in %2 s = %3/s (breaker: %4/s)").arg(f.callsWhileOpen).arg(f.openSeconds, 0, 'f', 1)
            .arg(f.callsPerSecondOpen, 0, 'f', 2).arg(f.probesPerSecond, 0, 'f', 2));
    row(label, "calls the breaker refused (tasks waited)", QString::number(f.rejections));
    row(label, "API latency baseline", f.baseline.row());
    row(label, "API latency during the fault", f.duringFault.row());
    row(label, "workflows completed after recovery",
        QStringLiteral("%1/%2 in %3 s, %4 not ended").arg(f.completed).arg(f.started).arg(f.recoverSeconds, 0, 'f', 1).arg(f.notEnded));
}

void pg(int faultSeconds)
{
    PgFaultScenario::Options o;
    o.downMs = faultSeconds * 1000;
    o.beforeMs = 3000;
    o.afterMs = 5000;
    const auto f = PgFaultScenario::run(o);
    const char *label = "postgres";
    if (!f.error.isEmpty()) {
        row(label, "error", f.error);
        return;
    }
    row(label, "starts before the stop", f.startsBefore.row());
    row(label, "starts while down", f.startsDuring.row());
    row(label, "GET /api/tasks while down", QStringLiteral("%1 in %2 ms: %3").arg(f.readStatus).arg(f.readMs, 0, 'f', 0).arg(f.readMessage.left(120)));
    row(label, "GET /readyz while down", QStringLiteral("%1 in %2 ms").arg(f.readyStatus).arg(f.readyMs, 0, 'f', 0));
    row(label, "store breaker while down / after", f.storeBreakerDown + QStringLiteral(" / ") + f.storeBreakerAfter);
    row(label, "connection attempts to the dead database",
        QStringLiteral("%1 in %2 s = %3/s").arg(f.attemptsWhileDown).arg(f.downSeconds, 0, 'f', 1).arg(f.attemptsPerSecond, 0, 'f', 2));
    row(label, "well-behaved client while down (/api/tasks fails)", f.probeDuring.row());
    row(label, "first accepted start after the restart", QStringLiteral("%1 ms").arg(f.firstOkStartAfterRestartMs, 0, 'f', 0));
    row(label, "accepted / completed / in the store",
        QStringLiteral("%1 / %2 / %3 (%4 not ended)").arg(f.accepted).arg(f.completed).arg(f.inStore).arg(f.notEnded));
}

void disk(int faultSeconds)
{
    const char *label = "disk full";
    if (const QString why = DiskFullScenario::mountable(); !why.isEmpty()) {
        row(label, "skipped", why);
        return;
    }
    DiskFullScenario::Options o;
    o.fullMs = faultSeconds * 1000;
    const auto f = DiskFullScenario::run(o);
    if (!f.error.isEmpty()) {
        row(label, "error", f.error);
        return;
    }
    row(label, "starts before", f.startsBefore.row());
    row(label, "starts while full", f.startsDuring.row());
    row(label, "GET /api/tasks while full", QStringLiteral("%1 in %2 ms").arg(f.readStatus).arg(f.readMs, 0, 'f', 0));
    row(label, "store breaker while full / after", f.storeBreakerFull + QStringLiteral(" / ") + f.storeBreakerAfter);
    row(label, "first accepted start after space came back", QStringLiteral("%1 ms").arg(f.firstOkStartAfterFreeMs, 0, 'f', 0));
    row(label, "accepted / completed / in the store",
        QStringLiteral("%1 / %2 / %3 (%4 not ended)").arg(f.accepted).arg(f.completed).arg(f.inStore).arg(f.notEnded));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("ORRERY_TEST_BINARY_DIR"))
        qputenv("ORRERY_TEST_BINARY_DIR", ORRERY_BINARY_DIR);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("fault-seconds"), QStringLiteral("How long each dependency stays broken (default 30)."), QStringLiteral("n"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("only"), QStringLiteral("Run one scenario: http, pg or disk."), QStringLiteral("name")});
    parser.process(app);
    bool ok = false;
    const int seconds = parser.value(QStringLiteral("fault-seconds")).toInt(&ok);
    if (!ok || seconds < 2 || seconds > 3600) {
        std::fprintf(stderr, "bench_faults: --fault-seconds must be a whole number from 2 to 3600\n");
        return 2;
    }
    const QString only = parser.value(QStringLiteral("only"));
    if (!only.isEmpty() && only != QLatin1String("http") && only != QLatin1String("pg") && only != QLatin1String("disk")) {
        std::fprintf(stderr, "bench_faults: --only takes http, pg or disk\n");
        return 2;
    }
    std::printf("| fault      | figure                                               | value |\n|---|---|---|\n");
    if (only.isEmpty() || only == QLatin1String("http")) {
        http("http 503", FaultyEndpoint::Mode::Failing, seconds);
        http("http hang", FaultyEndpoint::Mode::Hanging, seconds);
    }
    if (only.isEmpty() || only == QLatin1String("pg"))
        pg(seconds);
    if (only.isEmpty() || only == QLatin1String("disk"))
        disk(seconds);
    return 0;
}
