// The verdict rules of bench_soak (SoakVerdict): warm-up, RSS growth against the first sample
// after it, fd and thread slack, the store plateau once retention acts, the task rate, and "n/a"
// when a run is too short to judge.
#include "SoakVerdict.h"

#include <QTest>

using namespace orrery::bench;

namespace {

// One sample a minute for `minutes`, steady unless a lambda changes it.
std::vector<SoakSample> steadyRun(int minutes, const std::function<void(SoakSample &, int)> &change = {})
{
    std::vector<SoakSample> v;
    for (int m = 1; m <= minutes; ++m) {
        SoakSample s{m * 60.0, 200 * 1024, 230, 14, 300ll << 20, qint64(m) * 60 * 2000};
        if (change)
            change(s, m);
        v.push_back(s);
    }
    return v;
}

SoakCheck::Outcome outcome(const std::vector<SoakCheck> &checks, const QString &prefix)
{
    for (const SoakCheck &c : checks)
        if (c.name.startsWith(prefix))
            return c.outcome;
    qFatal("no check %s", qPrintable(prefix));
}

} // namespace

class TestSoakVerdict : public QObject
{
    Q_OBJECT

private slots:
    void warmupIsTenPercentAtMostFiveMinutes()
    {
        QCOMPARE(SoakVerdict::warmupSeconds(3600), 300.0);
        QCOMPARE(SoakVerdict::warmupSeconds(180), 18.0);
    }

    void aSteadyRunPasses()
    {
        const auto checks = SoakVerdict::judge(steadyRun(60), 3600, 360, 2000);
        QCOMPARE(checks.size(), size_t(5));
        for (const SoakCheck &c : checks)
            QVERIFY2(c.outcome == SoakCheck::Outcome::Pass, qPrintable(c.line()));
        QVERIFY(SoakVerdict::passed(checks));
    }

    void rssGrowthIsMeasuredFromTheSampleAfterWarmup()
    {
        // Growth during warm-up (minutes 1-4) does not count; 4.9 % after it passes, 5 % fails.
        auto run = [](double lastGrowth) {
            return steadyRun(60, [lastGrowth](SoakSample &s, int m) {
                if (m < 5)
                    s.rssKiB = 100 * 1024;
                if (m == 60)
                    s.rssKiB = qint64(200 * 1024 * (1 + lastGrowth));
            });
        };
        QCOMPARE(outcome(SoakVerdict::judge(run(0.049), 3600, 360, 2000), QStringLiteral("RSS")), SoakCheck::Outcome::Pass);
        const auto failing = SoakVerdict::judge(run(0.05), 3600, 360, 2000);
        QCOMPARE(outcome(failing, QStringLiteral("RSS")), SoakCheck::Outcome::Fail);
        QVERIFY(!SoakVerdict::passed(failing));
    }

    void fdsAndThreadsGetASmallSlack()
    {
        auto run = [](int fds, int threads) {
            return SoakVerdict::judge(steadyRun(60, [=](SoakSample &s, int m) {
                                          if (m == 60) {
                                              s.fds += fds;
                                              s.threads += threads;
                                          }
                                      }),
                                      3600, 360, 2000);
        };
        QCOMPARE(outcome(run(SoakVerdict::kFdSlack, 0), QStringLiteral("fd")), SoakCheck::Outcome::Pass);
        QCOMPARE(outcome(run(SoakVerdict::kFdSlack + 1, 0), QStringLiteral("fd")), SoakCheck::Outcome::Fail);
        QCOMPARE(outcome(run(0, SoakVerdict::kThreadSlack), QStringLiteral("thread")), SoakCheck::Outcome::Pass);
        QCOMPARE(outcome(run(0, SoakVerdict::kThreadSlack + 1), QStringLiteral("thread")), SoakCheck::Outcome::Fail);
    }

    void theStoreMayGrowUntilRetentionActsButNotAfter()
    {
        // Grows 50 MiB a minute until minute 11 (warm-up 5 + retention window 6), then flat: bounded.
        const auto plateau = steadyRun(60, [](SoakSample &s, int m) { s.storeBytes = qint64(std::min(m, 11)) * (50ll << 20); });
        QCOMPARE(outcome(SoakVerdict::judge(plateau, 3600, 360, 2000), QStringLiteral("store")), SoakCheck::Outcome::Pass);
        // A slow steady growth (1 % a minute) is not bounded, though no single step is large.
        const auto creeping = steadyRun(60, [](SoakSample &s, int m) { s.storeBytes = qint64((300 << 20) * (1 + 0.01 * m)); });
        QCOMPARE(outcome(SoakVerdict::judge(creeping, 3600, 360, 2000), QStringLiteral("store")), SoakCheck::Outcome::Fail);
    }

    void theRateMustBeHeldAfterWarmup()
    {
        const auto slow = steadyRun(60, [](SoakSample &s, int m) { s.tasksCompleted = qint64(m) * 60 * 1800; });
        QCOMPARE(outcome(SoakVerdict::judge(slow, 3600, 360, 2000), QStringLiteral("task rate")), SoakCheck::Outcome::Fail);
        QCOMPARE(outcome(SoakVerdict::judge(slow, 3600, 360, 1800), QStringLiteral("task rate")), SoakCheck::Outcome::Pass);
    }

    void aShortRunIsNotJudged()
    {
        // One sample only: nothing to compare; the store needs samples after retention acts.
        std::vector<SoakSample> one{SoakSample{12, 1024, 10, 5, 1 << 20, 100}};
        for (const SoakCheck &c : SoakVerdict::judge(one, 12, 360, 2000))
            QCOMPARE(c.outcome, SoakCheck::Outcome::NotApplicable);
        const auto threeMinutes = SoakVerdict::judge(steadyRun(3), 180, 360, 2000);
        QCOMPARE(outcome(threeMinutes, QStringLiteral("RSS")), SoakCheck::Outcome::Pass);
        QCOMPARE(outcome(threeMinutes, QStringLiteral("store")), SoakCheck::Outcome::NotApplicable);
        QVERIFY(SoakVerdict::passed(threeMinutes));
    }
};

QTEST_GUILESS_MAIN(TestSoakVerdict)
#include "test_soak_verdict.moc"
