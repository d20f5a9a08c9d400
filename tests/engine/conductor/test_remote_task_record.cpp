// The attempts the remote workers end for the Conductor server, as the task figures of
// /api/stats count them (docs/conductor-client.md, "Operating figures"), in virtual time.
#include "conductor/RemoteTaskRecord.h"

#include <QTest>

using namespace orrery;

namespace {
constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 3'600'000;
constexpr qint64 kDay = 24 * kHour;
const QString kWf = QStringLiteral("wf1");
const QString kRef = QStringLiteral("step");
} // namespace

class TestRemoteTaskRecord : public QObject
{
    Q_OBJECT

private slots:
    void completedAndFinalFailures()
    {
        RemoteTaskRecord r;
        const qint64 t0 = 1'000 * kHour;
        r.ended(kWf, QStringLiteral("a"), 0, true, t0);
        r.ended(kWf, QStringLiteral("b"), 0, false, t0 + kMinute);
        const auto c = r.window(kHour, t0 + 2 * kMinute);
        QCOMPARE(c.completed, 1);
        QCOMPARE(c.failed, 1);
        QCOMPARE(c.retried, 0);
        QCOMPARE(c.retries, 0);
        QCOMPARE(c.tasks(), 2);
        QCOMPARE(c.attempts(), 2);
    }

    // A fails, the server hands it out again with retryCount 1 (so the failure was not final),
    // the retry completes: one task, one retry, success 1/1, as the local figure would count it.
    void aRetriedFailureIsNotFinal()
    {
        RemoteTaskRecord r;
        const qint64 t0 = 1'000 * kHour;
        r.polled(kWf, kRef, 0);
        r.ended(kWf, kRef, 0, false, t0);
        QCOMPARE(r.window(kHour, t0).failed, 1);
        r.polled(kWf, kRef, 0); // the same attempt handed out again (lost hand-out): no change
        QCOMPARE(r.window(kHour, t0).failed, 1);
        r.polled(kWf, kRef, 1);
        auto c = r.window(kHour, t0 + kMinute);
        QCOMPARE(c.failed, 0);
        QCOMPARE(c.retried, 1);
        r.ended(kWf, kRef, 1, true, t0 + 2 * kMinute);
        c = r.window(kHour, t0 + 2 * kMinute);
        QCOMPARE(c.completed, 1);
        QCOMPARE(c.tasks(), 1);
        QCOMPARE(c.retries, 1);
        QCOMPARE(c.attempts(), 2);
        // Another workflow's reference of the same name is another task.
        r.ended(QStringLiteral("wf2"), kRef, 0, false, t0 + 3 * kMinute);
        r.polled(kWf, kRef, 2);
        QCOMPARE(r.window(kHour, t0 + 3 * kMinute).failed, 1);
    }

    // A retry whose first attempt ran elsewhere is still a retry of this window.
    void retryOfAnAttemptRunElsewhere()
    {
        RemoteTaskRecord r;
        const qint64 t0 = 1'000 * kHour;
        r.polled(kWf, kRef, 2);
        r.ended(kWf, kRef, 2, false, t0);
        const auto c = r.window(kHour, t0);
        QCOMPARE(c.failed, 1);
        QCOMPARE(c.retries, 1);
    }

    void windowsAndRetention()
    {
        RemoteTaskRecord r;
        const qint64 t0 = 1'000 * kHour;
        r.ended(kWf, QStringLiteral("old"), 0, true, t0);
        r.ended(kWf, QStringLiteral("new"), 0, true, t0 + 2 * kHour);
        QCOMPARE(r.window(kHour, t0 + 2 * kHour).completed, 1);
        QCOMPARE(r.window(kDay, t0 + 2 * kHour).completed, 2);
        QCOMPARE(r.window(kDay, t0 + kDay + 3 * kHour).completed, 0);
        // Older than the ring holds: not counted, and a late retry of it changes nothing.
        r.ended(kWf, kRef, 0, false, t0);
        r.polled(kWf, kRef, 1);
        QCOMPARE(r.window(kDay, t0 + kDay + 3 * kHour).failed, 0);
    }

    void trackedFailuresAreCapped()
    {
        RemoteTaskRecord r(RemoteTaskRecord::kSliceMs, RemoteTaskRecord::kRetentionMs, 2);
        const qint64 t0 = 1'000 * kHour;
        for (int i = 0; i < 3; ++i)
            r.ended(kWf, QStringLiteral("r%1").arg(i), 0, false, t0);
        r.polled(kWf, QStringLiteral("r0"), 1); // forgotten (the oldest): stays final
        r.polled(kWf, QStringLiteral("r2"), 1);
        const auto c = r.window(kHour, t0);
        QCOMPARE(c.failed, 2);
        QCOMPARE(c.retried, 1);
    }
};

QTEST_GUILESS_MAIN(TestRemoteTaskRecord)
#include "test_remote_task_record.moc"
