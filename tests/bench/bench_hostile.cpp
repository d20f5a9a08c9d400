// Hostile input against orreryd, bigger than its CTest variant (tests/reliability/hostile):
// slowloris connections, 10,000 idle connections, token guessing (lockout and the timing of a
// near miss against a far one), and a project-scoped token aimed at another project on every
// route, each beside a well-behaved client's latency. Prints a table (docs/reliability-hostile.md).
// Usage: bench_hostile [--slowloris N] [--idle N] [--samples N]
#include "IdleFlood.h"
#include "LatencyProbe.h"
#include "OrrerydProcess.h"
#include "ScopeProbe.h"
#include "SlowlorisAttack.h"
#include "TokenGuessing.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <cstdio>

using namespace orrery::test;

namespace {

void row(const char *attack, const char *figure, const QString &value)
{
    std::printf("| %-11s | %-44s | %s |\n", attack, figure, qPrintable(value));
}

int number(const QCommandLineParser &p, const char *name, int min, int max)
{
    bool ok = false;
    const int v = p.value(QLatin1String(name)).toInt(&ok);
    if (!ok || v < min || v > max) {
        std::fprintf(stderr, "bench_hostile: --%s must be a whole number from %d to %d\n", name, min, max);
        std::exit(2);
    }
    return v;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("ORRERY_TEST_BINARY_DIR"))
        qputenv("ORRERY_TEST_BINARY_DIR", ORRERY_BINARY_DIR);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("slowloris"), QStringLiteral("Slowloris connections (default 1000)."), QStringLiteral("n"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("idle"), QStringLiteral("Idle connections (default 10000)."), QStringLiteral("n"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("samples"), QStringLiteral("Timing samples per kind of wrong token (default 5000)."), QStringLiteral("n"), QStringLiteral("5000")});
    parser.process(app);
    const int slowloris = number(parser, "slowloris", 1, 100000);
    const int idle = number(parser, "idle", 1, 200000);
    const int samples = number(parser, "samples", 10, 1000000);

    const qint64 limit = IdleFlood::raiseFdLimit(qint64(idle) + slowloris + 1024);
    QTemporaryDir dir;
    OrrerydProcess server(dir.path(), {QStringLiteral("--no-demo")});
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "bench_hostile: %s\n", qPrintable(error));
        return 1;
    }
    const quint16 port = quint16(QUrl(server.baseUrl()).port());
    const QByteArray token = server.token();
    std::printf("open-file limit: %lld\n\n| attack      | figure                                       | value |\n|---|---|---|\n", limit);
    const LatencyProbe::Figures baseline = LatencyProbe::baseline(port, token, 500);
    row("none", "well-behaved client (baseline)", baseline.row());

    {
        LatencyProbe probe(port, token);
        probe.start();
        const auto f = SlowlorisAttack::run(port, slowloris, 30000);
        row("slowloris", "connections opened", QStringLiteral("%1/%2").arg(f.opened).arg(f.connections));
        row("slowloris", "closed by the server (408)", QStringLiteral("%1 (%2), from %3 s to %4 s; %5 still open")
                                                           .arg(f.closedByServer).arg(f.got408).arg(f.firstCloseSeconds, 0, 'f', 1)
                                                           .arg(f.lastCloseSeconds, 0, 'f', 1).arg(f.stillOpen));
        row("slowloris", "well-behaved client during", probe.stop().row());
    }
    {
        IdleFlood flood;
        QElapsedTimer opening;
        opening.start();
        const int opened = flood.open(port, idle);
        const double openSeconds = double(opening.elapsed()) / 1000.0;
        LatencyProbe probe(port, token);
        probe.start();
        QThread::msleep(10000);
        const auto during = probe.stop();
        const int closed = flood.release();
        row("idle", "time to open them (one after the other)", QStringLiteral("%1 s").arg(openSeconds, 0, 'f', 1));
        row("idle", "connections held for 10 s", QStringLiteral("%1/%2 (%3 closed by the server)%4").arg(opened).arg(idle).arg(closed)
                                                    .arg(flood.errorString().isEmpty() ? QString() : QStringLiteral("; ") + flood.errorString()));
        row("idle", "well-behaved client during", during.row());
    }
    {
        const auto l = TokenGuessing::lockout(port, token, 30, "127.0.0.2");
        int n401 = 0, n429 = 0;
        for (int s : l.statuses) {
            if (s == 401)
                ++n401;
            else if (s == 429)
                ++n429;
        }
        row("brute force", "30 wrong tokens from one address", QStringLiteral("%1 x 401 then %2 x 429 (first 429 at guess %3, Retry-After %4 s)")
                                                                    .arg(n401).arg(n429).arg(l.firstThrottled + 1).arg(QString::fromLatin1(l.retryAfter)));
        row("brute force", "right token from it / from another address", QStringLiteral("%1 / %2").arg(l.rightTokenStatus).arg(l.otherAddressStatus));
        const auto t = TokenGuessing::timing(port, token, samples, 8);
        row("timing", "samples per kind (near miss, far miss)", QString::number(t.samples));
        row("timing", "median time to 401: near / far miss", QStringLiteral("%1 us / %2 us").arg(t.samePrefixMedianUs, 0, 'f', 1).arg(t.noPrefixMedianUs, 0, 'f', 1));
        row("timing", "difference (noise: median abs. deviation)", QStringLiteral("%1 us (%2 us)").arg(t.differenceUs, 0, 'f', 1).arg(t.noiseUs, 0, 'f', 1));
    }
    {
        ScopeProbe::Target target;
        QString alpha;
        if (!ScopeProbe::prepare(server, &target, &alpha, &error)) {
            row("scope", "error", error);
        } else {
            const auto f = ScopeProbe::run(port, target);
            row("scope", "routes tried with alpha's token aimed at beta", QString::number(f.routes));
            row("scope", "refused 403 / other 4xx / 2xx / 5xx", QStringLiteral("%1 / %2 / %3 / %4").arg(f.refused403).arg(f.other4xx).arg(f.ok2xx).arg(f.serverErrors));
            row("scope", "2xx answers showing beta's ids / escapes", QStringLiteral("%1 / %2").arg(f.leaks().size()).arg(f.escapes().size()));
        }
    }
    server.terminate(20000);
    return 0;
}
