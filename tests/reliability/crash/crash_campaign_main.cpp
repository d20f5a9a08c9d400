// crash_campaign: SIGKILLs a real orreryd at seeded random moments while it runs shell, http and
// noop workflows (retries, DLQ) and scheduled jobs, restarts it on the same store each time, and
// then audits the store (docs/reliability-crash.md). Exit 0 = every check passed, 1 = a check
// failed, 77 = PostgreSQL asked for but not available (CTest's skip).

#include "CrashCampaign.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QRandomGenerator>

#include <cstdio>

using orrery::test::CrashCampaign;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Crash campaign against a real orreryd."));
    parser.addHelpOption();
    const QList<QCommandLineOption> opts{
        {QStringLiteral("backend"), QStringLiteral("sqlite (default) or postgres."), QStringLiteral("name"), QStringLiteral("sqlite")},
        {QStringLiteral("workflows"), QStringLiteral("Workflows to start (default 1500)."), QStringLiteral("n"), QStringLiteral("1500")},
        {QStringLiteral("kills"), QStringLiteral("SIGKILLs (default 10)."), QStringLiteral("n"), QStringLiteral("10")},
        {QStringLiteral("seed"), QStringLiteral("RNG seed (default: random, printed)."), QStringLiteral("n")},
        {QStringLiteral("mean-gap-ms"), QStringLiteral("Mean time orreryd runs between kills (default 2500)."), QStringLiteral("ms"), QStringLiteral("2500")},
        {QStringLiteral("start-rate"), QStringLiteral("Workflows started per second while up (default: spread over the kills)."), QStringLiteral("n"), QStringLiteral("0")},
        {QStringLiteral("job-interval-ms"), QStringLiteral("Interval of the interval job (default 2000)."), QStringLiteral("ms"), QStringLiteral("2000")},
        {QStringLiteral("local-concurrency"), QStringLiteral("orreryd --local-concurrency (default 8)."), QStringLiteral("n"), QStringLiteral("8")},
        {QStringLiteral("quiesce-timeout"), QStringLiteral("Seconds to wait for every workflow to end (default 240)."), QStringLiteral("s"), QStringLiteral("240")},
        {QStringLiteral("keep"), QStringLiteral("Keep the data directory and print its path.")},
    };
    parser.addOptions(opts);
    parser.process(app);

    CrashCampaign::Options o;
    bool ok = true;
    const auto integer = [&](const char *name, int min, int max) {
        bool good = false;
        const int v = parser.value(QString::fromLatin1(name)).toInt(&good);
        if (!good || v < min || v > max) {
            std::fprintf(stderr, "--%s: \"%s\" is not a whole number between %d and %d\n", name,
                         qPrintable(parser.value(QString::fromLatin1(name))), min, max);
            ok = false;
        }
        return v;
    };
    o.backend = parser.value(QStringLiteral("backend"));
    if (o.backend != QLatin1String("sqlite") && o.backend != QLatin1String("postgres")) {
        std::fprintf(stderr, "--backend: \"%s\" is not sqlite or postgres\n", qPrintable(o.backend));
        ok = false;
    }
    o.workflows = integer("workflows", 1, 10'000'000);
    o.kills = integer("kills", 0, 100'000);
    o.meanGapMs = integer("mean-gap-ms", 400, 3'600'000);
    o.jobIntervalMs = integer("job-interval-ms", 500, 3'600'000);
    o.localConcurrency = integer("local-concurrency", 1, 1024);
    o.quiesceTimeoutS = integer("quiesce-timeout", 1, 86'400);
    bool rateOk = false;
    o.startRate = parser.value(QStringLiteral("start-rate")).toDouble(&rateOk);
    if (!rateOk || o.startRate < 0) {
        std::fprintf(stderr, "--start-rate: \"%s\" is not a number >= 0\n", qPrintable(parser.value(QStringLiteral("start-rate"))));
        ok = false;
    }
    if (parser.isSet(QStringLiteral("seed"))) {
        bool good = false;
        o.seed = parser.value(QStringLiteral("seed")).toULongLong(&good);
        if (!good) {
            std::fprintf(stderr, "--seed: \"%s\" is not a whole number\n", qPrintable(parser.value(QStringLiteral("seed"))));
            ok = false;
        }
    } else {
        o.seed = QRandomGenerator::system()->generate();
    }
    o.keepDir = parser.isSet(QStringLiteral("keep"));
    if (!ok)
        return 2;
    // OrrerydProcess finds orreryd under ORRERY_TEST_BINARY_DIR (CTest sets it); run by hand, the
    // build directory is three levels above this program (build/tests/reliability/crash/crash_campaign).
    if (qEnvironmentVariableIsEmpty("ORRERY_TEST_BINARY_DIR"))
        qputenv("ORRERY_TEST_BINARY_DIR", QDir(QCoreApplication::applicationDirPath() + QStringLiteral("/../../..")).absolutePath().toUtf8());
    return CrashCampaign(o).run();
}
