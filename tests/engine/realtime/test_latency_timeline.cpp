// The WebSocket p95 of GET /api/stats, in virtual time: the hub's per-minute latency timeline
// (window selection to the minute, 24 h expiry, compact slices that merge exactly like the dense
// histogram), percentiles against the exact ones, the hub's batched hand-over, and the figure.
#include "api/realtime/HubStats.h"
#include "api/realtime/LatencyFigure.h"
#include "api/realtime/LatencyTimeline.h"

#include <QRandomGenerator>
#include <QtTest>
#include <algorithm>

using namespace orrery;

namespace {

constexpr qint64 kMin = 60'000;
constexpr qint64 kHour = 3'600'000;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kT0 = 1'704'844'800'000; // a whole minute

qint64 exactPercentile(std::vector<qint64> v, double fraction)
{
    std::sort(v.begin(), v.end());
    const size_t rank = std::max<size_t>(1, size_t(std::ceil(fraction * double(v.size()))));
    return v[rank - 1];
}

} // namespace

class TestLatencyTimeline : public QObject
{
    Q_OBJECT

private slots:
    void percentilesMatchTheExactOnesWithinABucket()
    {
        LatencyTimeline timeline;
        QRandomGenerator random(1234);
        std::vector<qint64> all;
        // 20 minutes of deliveries, a log-normal-ish spread from 50 us to ~2 s.
        for (int minute = 0; minute < 20; ++minute) {
            LatencyHistogram batch;
            for (int i = 0; i < 500; ++i) {
                const qint64 us = qint64(50.0 * std::exp(random.generateDouble() * 10.5));
                batch.record(us);
                all.push_back(us);
            }
            timeline.add(kT0 + minute * kMin + 30'000, batch);
        }
        const LatencyHistogram h = timeline.window(kHour, kT0 + 20 * kMin);
        QCOMPARE(h.count(), quint64(all.size()));
        for (double f : {0.5, 0.9, 0.95, 0.99}) {
            const qint64 exact = exactPercentile(all, f);
            const qint64 got = h.percentileUs(f);
            // The bucket's upper bound: never below the exact value, at most one bucket (1/16) above.
            QVERIFY2(got >= exact && double(got) <= double(exact) * (1.0 + 1.0 / 16.0) + 1.0,
                     qPrintable(QStringLiteral("p%1: %2 us, exact %3 us").arg(f * 100).arg(got).arg(exact)));
        }
        QCOMPARE(h.maxUs(), *std::max_element(all.begin(), all.end()));
    }

    void slicesMergeExactlyLikeTheDenseHistogram()
    {
        LatencyTimeline timeline;
        LatencyHistogram dense;
        QRandomGenerator random(99);
        for (int batch = 0; batch < 30; ++batch) {
            LatencyHistogram b;
            const int n = int(random.bounded(1, 200));
            for (int i = 0; i < n; ++i)
                b.record(qint64(random.bounded(1, 5'000'000)));
            dense.merge(b);
            timeline.add(kT0 + (batch % 3) * 1000, b); // three adds per slot, all in one minute
        }
        const LatencyHistogram h = timeline.window(kMin, kT0 + 10'000);
        QCOMPARE(h.count(), dense.count());
        QCOMPARE(h.maxUs(), dense.maxUs());
        for (int b = 0; b < LatencyHistogram::bucketCount(); ++b)
            QCOMPARE(h.samplesIn(b), dense.samplesIn(b));
    }

    void windowsAreAnsweredToTheMinuteAndExpireAfterADay()
    {
        LatencyTimeline timeline;
        timeline.record(kT0 + 5'000, 1000);             // minute 0
        timeline.record(kT0 + 90 * kMin, 2000);         // 1 h 30 later
        timeline.record(kT0 + 150 * kMin + 59'999, 3000); // 2 h 30 later, end of its minute
        const qint64 now = kT0 + 150 * kMin + 30'000;
        // The sample at the end of the current minute is after `now` but in now's slice: counted.
        // [now - 1 h, now] starts 30 s into minute 90: that slice overlaps it and is taken whole.
        QCOMPARE(timeline.window(kHour, now).count(), quint64(2));
        QCOMPARE(timeline.window(kHour - 30'001, now).count(), quint64(1)); // from minute 91 on
        QCOMPARE(timeline.window(kDay, now).count(), quint64(3));
        QCOMPARE(timeline.window(60 * kMin + 1, kT0 + 150 * kMin).count(), quint64(2));
        QCOMPARE(timeline.window(60 * kMin, kT0 + 150 * kMin).count(), quint64(2)); // minute 90 starts exactly at now - 1 h
        QCOMPARE(timeline.window(59 * kMin, kT0 + 150 * kMin).count(), quint64(1));
        // Nothing after now's minute is seen by an earlier query.
        QCOMPARE(timeline.window(kDay, kT0 + 10 * kMin).count(), quint64(1));

        // 24 h later the first sample is out of every window, even before its slot is reused.
        QCOMPARE(timeline.window(kDay, kT0 + kDay + 2 * kMin).count(), quint64(2));
        QCOMPARE(timeline.window(kDay, kT0 + kDay + 151 * kMin).count(), quint64(0));
        // Its ring slot is reused by the same minute a day later, which starts afresh.
        timeline.record(kT0 + kDay + 10'000, 4000);
        const LatencyHistogram day = timeline.window(kDay, kT0 + kDay + 20'000);
        QCOMPARE(day.count(), quint64(3)); // 2000, 3000 and 4000, not 1000
        QVERIFY(day.percentileUs(0.0) >= 2000 - 2000 / 16);
        // A sample older than the retention (a clock stepping back) is dropped, not mixed in.
        timeline.record(kT0 + 5'000, 1);
        QCOMPARE(timeline.window(kDay, kT0 + kDay + 20'000).count(), quint64(3));
    }

    void theHubHandsOverItsSamplesOncePerTick()
    {
        auto timeline = std::make_shared<LatencyTimeline>();
        HubStats stats;
        stats.recordLatency(500); // before a timeline is set: not kept for it
        stats.setTimeline(timeline);
        for (int i = 1; i <= 100; ++i)
            stats.recordLatency(i * 1000);
        QCOMPARE(timeline->window(kHour, kT0).count(), quint64(0)); // nothing until published
        stats.publishLatency(kT0);
        QCOMPARE(timeline->window(kHour, kT0).count(), quint64(100));
        stats.publishLatency(kT0 + 1000); // nothing new: nothing added
        QCOMPARE(timeline->window(kHour, kT0 + 1000).count(), quint64(100));
        stats.recordLatency(7000);
        stats.publishLatency(kT0 + 2 * kMin);
        QCOMPARE(timeline->window(kMin, kT0 + 2 * kMin).count(), quint64(1));
        QCOMPARE(stats.latencySinceStart().count(), quint64(102)); // the hub's own figures are unchanged
    }

    void figureIsTheP95InMillisecondsOrMissing()
    {
        LatencyTimeline timeline;
        StatsFigure none = LatencyFigure::compute(timeline, kHour, kT0);
        QVERIFY(!none.value);
        QCOMPARE(none.reason, QStringLiteral("no WebSocket delivery in the window"));
        // 95 deliveries at 2 ms and 5 at 400 ms: p95 is 2 ms (to the bucket), p99 400 ms.
        LatencyHistogram batch;
        for (int i = 0; i < 95; ++i)
            batch.record(2000);
        for (int i = 0; i < 5; ++i)
            batch.record(400'000);
        timeline.add(kT0 - 30'000, batch);
        const StatsFigure f = LatencyFigure::compute(timeline, kHour, kT0);
        QVERIFY(f.value);
        QVERIFY2(*f.value >= 2.0 && *f.value <= 2.0 * (1 + 1.0 / 16), qPrintable(QString::number(*f.value)));
        QCOMPARE(f.detail.value(QStringLiteral("deliveries")).toInt(), 100);
        QVERIFY(f.detail.value(QStringLiteral("p99Ms")).toDouble() >= 400.0);
        QCOMPARE(f.detail.value(QStringLiteral("maxMs")).toDouble(), 400.0);
        // One more slow delivery tips the p95 over.
        timeline.record(kT0, 400'000);
        timeline.record(kT0, 400'000);
        QVERIFY(*LatencyFigure::compute(timeline, kHour, kT0).value >= 400.0);
        // An hour later it is missing again.
        QVERIFY(!LatencyFigure::compute(timeline, kHour, kT0 + kHour + kMin).value);

        auto shared = std::make_shared<LatencyTimeline>();
        StatsRegistry registry;
        LatencyFigure::registerProvider(&registry, shared);
        QVERIFY(registry.provider(QLatin1String(StatsRegistry::kWebSocketP95)));
        shared->record(kT0, 1500);
        QVERIFY(registry.provider(QLatin1String(StatsRegistry::kWebSocketP95))(kHour, kT0).value);
        LatencyFigure::removeProvider(&registry);
        QVERIFY(!registry.provider(QLatin1String(StatsRegistry::kWebSocketP95)));
    }
};

QTEST_GUILESS_MAIN(TestLatencyTimeline)
#include "test_latency_timeline.moc"
