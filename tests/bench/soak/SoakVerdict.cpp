#include "SoakVerdict.h"

#include <algorithm>

namespace orrery::bench {

namespace {

SoakCheck check(const QString &name, bool pass, const QString &detail)
{
    return SoakCheck{name, pass ? SoakCheck::Outcome::Pass : SoakCheck::Outcome::Fail, detail};
}

SoakCheck notApplicable(const QString &name, const QString &why)
{
    return SoakCheck{name, SoakCheck::Outcome::NotApplicable, why};
}

double mib(qint64 bytes)
{
    return double(bytes) / 1048576.0;
}

} // namespace

QString SoakCheck::line() const
{
    const char *word = outcome == Outcome::Pass ? "PASS" : outcome == Outcome::Fail ? "FAIL" : "n/a";
    return QStringLiteral("%1: %2 (%3)").arg(name, QLatin1String(word), detail);
}

double SoakVerdict::warmupSeconds(double durationSeconds)
{
    return std::min(0.1 * durationSeconds, 300.0);
}

std::vector<SoakCheck> SoakVerdict::judge(const std::vector<SoakSample> &samples, double durationSeconds,
                                          double retentionWindowSeconds, double targetTasksPerSecond)
{
    const QString rss = QStringLiteral("RSS growth after warm-up");
    const QString fds = QStringLiteral("fd growth");
    const QString threads = QStringLiteral("thread growth");
    const QString store = QStringLiteral("store size bounded");
    const QString rate = QStringLiteral("task rate after warm-up");
    const double warmup = warmupSeconds(durationSeconds);
    const auto ref = std::find_if(samples.begin(), samples.end(),
                                  [warmup](const SoakSample &s) { return s.elapsedSeconds >= warmup; });
    std::vector<SoakCheck> out;
    if (ref == samples.end() || ref == samples.end() - 1) {
        const QString why = QStringLiteral("no sample after the %1 s warm-up to compare with").arg(warmup, 0, 'f', 0);
        for (const QString &n : {rss, fds, threads, store, rate})
            out.push_back(notApplicable(n, why));
        return out;
    }
    const SoakSample &r = *ref;
    const SoakSample &last = samples.back();
    const QString span = QStringLiteral("%1 s vs %2 s").arg(last.elapsedSeconds, 0, 'f', 0).arg(r.elapsedSeconds, 0, 'f', 0);

    const double growth = r.rssKiB > 0 ? double(last.rssKiB - r.rssKiB) / double(r.rssKiB) : 0;
    out.push_back(check(rss, r.rssKiB > 0 && growth < kMaxRssGrowth,
                        QStringLiteral("%1 MiB -> %2 MiB, %3 %, target < %4 %; %5")
                            .arg(r.rssKiB / 1024.0, 0, 'f', 1).arg(last.rssKiB / 1024.0, 0, 'f', 1)
                            .arg(100 * growth, 0, 'f', 2).arg(100 * kMaxRssGrowth, 0, 'f', 0).arg(span)));
    out.push_back(check(fds, last.fds - r.fds <= kFdSlack,
                        QStringLiteral("%1 -> %2, allowed +%3; %4").arg(r.fds).arg(last.fds).arg(kFdSlack).arg(span)));
    out.push_back(check(threads, last.threads - r.threads <= kThreadSlack,
                        QStringLiteral("%1 -> %2, allowed +%3; %4").arg(r.threads).arg(last.threads).arg(kThreadSlack).arg(span)));

    // Store: from the moment retention acts, the first half of the rest is the reference.
    const double plateau = warmup + retentionWindowSeconds;
    const double half = plateau + (last.elapsedSeconds - plateau) / 2;
    qint64 maxFirstHalf = -1;
    for (const SoakSample &s : samples)
        if (s.elapsedSeconds >= plateau && s.elapsedSeconds <= half && &s != &last)
            maxFirstHalf = std::max(maxFirstHalf, s.storeBytes);
    if (maxFirstHalf < 0) {
        out.push_back(notApplicable(store, QStringLiteral("the run is too short: retention acts from %1 s on (warm-up + retention "
                                                          "+ cleanup interval), no sample between it and the half of the rest")
                                               .arg(plateau, 0, 'f', 0)));
    } else {
        out.push_back(check(store, double(last.storeBytes) <= (1 + kStoreSlack) * double(maxFirstHalf),
                            QStringLiteral("last %1 MiB vs max %2 MiB over %3-%4 s, allowed +%5 %")
                                .arg(mib(last.storeBytes), 0, 'f', 1).arg(mib(maxFirstHalf), 0, 'f', 1)
                                .arg(plateau, 0, 'f', 0).arg(half, 0, 'f', 0).arg(100 * kStoreSlack, 0, 'f', 0)));
    }

    const double seconds = last.elapsedSeconds - r.elapsedSeconds;
    const double achieved = seconds > 0 ? double(last.tasksCompleted - r.tasksCompleted) / seconds : 0;
    out.push_back(check(rate, achieved >= kMinRateShare * targetTasksPerSecond,
                        QStringLiteral("%1 tasks/s over %2-%3 s, target %4, at least %5 %")
                            .arg(achieved, 0, 'f', 0).arg(r.elapsedSeconds, 0, 'f', 0).arg(last.elapsedSeconds, 0, 'f', 0)
                            .arg(targetTasksPerSecond, 0, 'f', 0).arg(100 * kMinRateShare, 0, 'f', 0)));
    return out;
}

bool SoakVerdict::passed(const std::vector<SoakCheck> &checks)
{
    return std::none_of(checks.begin(), checks.end(), [](const SoakCheck &c) { return c.outcome == SoakCheck::Outcome::Fail; });
}

} // namespace orrery::bench
