#pragma once

#include <QString>

#include <vector>

namespace orrery::bench {

// The verdict of a soak run from its samples (bench_soak; docs/reliability-soak.md):
//  - warm-up: the first 10 % of the run or 5 minutes, whichever is smaller; the reference is the
//    first sample at or after it;
//  - RSS growth: last sample vs the reference, < 5 %;
//  - fd growth: last - reference <= kFdSlack (a few HTTP connections come and go);
//  - thread growth: last - reference <= kThreadSlack (thread pools start and expire threads);
//  - store bounded: once retention has had time to act (warm-up + retention window), the last
//    sample is at most 10 % above the largest of the first half of that period;
//  - rate: the task rate after warm-up is at least 95 % of the target.
// A check without enough samples is "n/a" (not a failure, but said so).
struct SoakSample
{
    double elapsedSeconds = 0;
    qint64 rssKiB = 0;
    int fds = 0;
    int threads = 0;
    qint64 storeBytes = 0;
    qint64 tasksCompleted = 0; // cumulative
};

struct SoakCheck
{
    enum class Outcome { Pass, Fail, NotApplicable };
    QString name;
    Outcome outcome = Outcome::NotApplicable;
    QString detail;
    QString line() const; // "RSS growth after warm-up: PASS (...)"
};

class SoakVerdict
{
public:
    static constexpr double kMaxRssGrowth = 0.05;
    static constexpr int kFdSlack = 10;
    static constexpr int kThreadSlack = 3;
    static constexpr double kStoreSlack = 0.10;
    static constexpr double kMinRateShare = 0.95;

    static double warmupSeconds(double durationSeconds);
    // retentionWindowSeconds: retention + cleanup interval (when the first purge has surely run).
    static std::vector<SoakCheck> judge(const std::vector<SoakSample> &samples, double durationSeconds,
                                        double retentionWindowSeconds, double targetTasksPerSecond);
    static bool passed(const std::vector<SoakCheck> &checks);
};

} // namespace orrery::bench
