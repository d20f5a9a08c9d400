#include "recovery/RetryPolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>
#include <climits>

using namespace orrery;

namespace {

RetryPolicy policy(RetryLogic logic, int delay, int scale = 1, int cap = 0)
{
    RetryPolicy p;
    p.logic = logic;
    p.retryDelaySeconds = delay;
    p.backoffScaleFactor = scale;
    p.maxRetryDelaySeconds = cap;
    p.jitterPercent = 0;
    return p;
}

QList<qint64> baseSequence(const RetryPolicy &p, int count)
{
    QList<qint64> out;
    for (int n = 0; n < count; ++n)
        out << p.baseDelaySeconds(n);
    return out;
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void defaultsFromEmptyJson()
    {
        auto r = RetryPolicy::fromJson(QJsonObject{});
        QVERIFY(r.ok());
        QCOMPARE(r->retryCount, 3);
        QCOMPARE(r->logic, RetryLogic::Fixed);
        QCOMPARE(r->retryDelaySeconds, 60);
        QCOMPARE(r->backoffScaleFactor, 1);
        QCOMPARE(r->maxRetryDelaySeconds, 0);
        QCOMPARE(r->jitterPercent, 10);
        QCOMPARE(r->backoffJitterMs, 0);
        QCOMPARE(r->totalTimeoutSeconds, 0);
        QCOMPARE(r.value(), RetryPolicy());
    }

    void readsEveryField()
    {
        auto r = RetryPolicy::fromJson(obj(R"({"name":"t","retryCount":7,"retryLogic":"EXPONENTIAL_BACKOFF",
            "retryDelaySeconds":5,"backoffScaleFactor":3,"maxRetryDelaySeconds":300,"jitterPercent":25,
            "backoffJitterMs":750,"totalTimeoutSeconds":86400,"unknownField":{"x":1}})"));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->retryCount, 7);
        QCOMPARE(r->logic, RetryLogic::ExponentialBackoff);
        QCOMPARE(r->retryDelaySeconds, 5);
        QCOMPARE(r->backoffScaleFactor, 3);
        QCOMPARE(r->maxRetryDelaySeconds, 300);
        QCOMPARE(r->jitterPercent, 25);
        QCOMPARE(r->backoffJitterMs, 750);
        QCOMPARE(r->totalTimeoutSeconds, 86400);
        // Round trip through toJson.
        auto again = RetryPolicy::fromJson(r->toJson());
        QVERIFY(again.ok());
        QCOMPARE(again.value(), r.value());
    }

    void lenientLikeJackson()
    {
        // null keeps the default, numeric strings and integral doubles are integers,
        // the enum is matched case-insensitively.
        auto r = RetryPolicy::fromJson(obj(R"({"retryCount":null,"retryDelaySeconds":"15",
            "backoffScaleFactor":2.0,"retryLogic":"linear_backoff"})"));
        QVERIFY(r.ok());
        QCOMPARE(r->retryCount, 3);
        QCOMPARE(r->retryDelaySeconds, 15);
        QCOMPARE(r->backoffScaleFactor, 2);
        QCOMPARE(r->logic, RetryLogic::LinearBackoff);
    }

    void jitterAboveFiftyIsRefused()
    {
        auto r = RetryPolicy::fromJson(obj(R"({"jitterPercent":51})"), QStringLiteral("tasks[2].taskDefinition"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Invalid);
        QCOMPARE(r.error().fieldErrors.size(), 1);
        const FieldError &e = r.error().fieldErrors.first();
        QCOMPARE(e.path, QStringLiteral("tasks[2].taskDefinition.jitterPercent"));
        QVERIFY2(e.message.contains(QStringLiteral("between 0 and 50")), qPrintable(e.message));
        QVERIFY(e.message.contains(QStringLiteral("51")));
        QCOMPARE(e.invalidValue.toInt(), 51);
        QVERIFY(r.error().message.contains(QStringLiteral("jitterPercent")));

        QVERIFY(RetryPolicy::fromJson(obj(R"({"jitterPercent":50})")).ok());
        QVERIFY(RetryPolicy::fromJson(obj(R"({"jitterPercent":0})")).ok());
        QVERIFY(!RetryPolicy::fromJson(obj(R"({"jitterPercent":-1})")).ok());
    }

    void reportsEveryBadField()
    {
        auto r = RetryPolicy::fromJson(obj(R"({"retryCount":-1,"retryLogic":"RANDOM","retryDelaySeconds":1.5,
            "backoffScaleFactor":0,"maxRetryDelaySeconds":"soon","backoffJitterMs":[1],
            "totalTimeoutSeconds":-5})"));
        QVERIFY(!r.ok());
        QStringList paths;
        for (const FieldError &e : r.error().fieldErrors)
            paths << e.path;
        QCOMPARE(paths, (QStringList{"retryCount", "retryLogic", "retryDelaySeconds", "backoffScaleFactor",
                                     "maxRetryDelaySeconds", "backoffJitterMs", "totalTimeoutSeconds"}));
        QVERIFY(r.error().fieldErrors.at(1).message.contains(QStringLiteral("EXPONENTIAL_BACKOFF")));
        QVERIFY(r.error().fieldErrors.at(1).message.contains(QStringLiteral("\"RANDOM\"")));
    }

    void intFieldsAre32Bit()
    {
        auto r = RetryPolicy::fromJson(obj(R"({"retryDelaySeconds":3000000000})"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.first().path, QStringLiteral("retryDelaySeconds"));
        QVERIFY(r.error().fieldErrors.first().message.contains(QStringLiteral("2147483647")));
    }

    void validateCodeBuiltPolicy()
    {
        RetryPolicy p;
        QVERIFY(p.validate().isEmpty());
        p.jitterPercent = 70;
        p.backoffScaleFactor = 0;
        const auto errors = p.validate(QStringLiteral("def"));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(0).path, QStringLiteral("def.backoffScaleFactor"));
        QCOMPARE(errors.at(1).path, QStringLiteral("def.jitterPercent"));
    }

    void fixedSequence()
    {
        QCOMPARE(baseSequence(policy(RetryLogic::Fixed, 60), 5), (QList<qint64>{60, 60, 60, 60, 60}));
        // The cap applies to FIXED too (Conductor v3.30+).
        QCOMPARE(baseSequence(policy(RetryLogic::Fixed, 60, 1, 30), 3), (QList<qint64>{30, 30, 30}));
        QCOMPARE(baseSequence(policy(RetryLogic::Fixed, 60, 1, 90), 2), (QList<qint64>{60, 60}));
        QCOMPARE(baseSequence(policy(RetryLogic::Fixed, 0), 2), (QList<qint64>{0, 0}));
    }

    void linearSequence()
    {
        // d * s * (n + 1)
        QCOMPARE(baseSequence(policy(RetryLogic::LinearBackoff, 10, 2), 5), (QList<qint64>{20, 40, 60, 80, 100}));
        QCOMPARE(baseSequence(policy(RetryLogic::LinearBackoff, 7, 1), 4), (QList<qint64>{7, 14, 21, 28}));
        QCOMPARE(baseSequence(policy(RetryLogic::LinearBackoff, 10, 2, 50), 5), (QList<qint64>{20, 40, 50, 50, 50}));
    }

    void linearOverflowClampsToIntMax()
    {
        // 1e9 * 3 overflows a Java int (wraps negative) -> INT_MAX.
        QCOMPARE(policy(RetryLogic::LinearBackoff, 1000000000, 3).baseDelaySeconds(0), qint64(INT_MAX));
        // Largest product that still fits: 1073741823 * 2 * 1 = 2147483646.
        QCOMPARE(policy(RetryLogic::LinearBackoff, 1073741823, 2).baseDelaySeconds(0), qint64(2147483646));
        QCOMPARE(policy(RetryLogic::LinearBackoff, 1073741823, 2).baseDelaySeconds(1), qint64(INT_MAX));
        QCOMPARE(policy(RetryLogic::LinearBackoff, 60, 1).baseDelaySeconds(INT_MAX), qint64(INT_MAX));
        // The cap still applies after the clamp.
        QCOMPARE(policy(RetryLogic::LinearBackoff, 1000000000, 3, 3600).baseDelaySeconds(0), qint64(3600));
    }

    void exponentialSequence()
    {
        QCOMPARE(baseSequence(policy(RetryLogic::ExponentialBackoff, 60), 8),
                 (QList<qint64>{60, 120, 240, 480, 960, 1920, 3840, 7680}));
        QCOMPARE(baseSequence(policy(RetryLogic::ExponentialBackoff, 1), 4), (QList<qint64>{1, 2, 4, 8}));
        // backoffScaleFactor does not affect EXPONENTIAL_BACKOFF.
        QCOMPARE(baseSequence(policy(RetryLogic::ExponentialBackoff, 5, 9), 3), (QList<qint64>{5, 10, 20}));
        QCOMPARE(baseSequence(policy(RetryLogic::ExponentialBackoff, 60, 1, 1000), 7),
                 (QList<qint64>{60, 120, 240, 480, 960, 1000, 1000}));
        QCOMPARE(baseSequence(policy(RetryLogic::ExponentialBackoff, 0), 40).last(), qint64(0));
    }

    void exponentialOverflowClampsToIntMax()
    {
        const RetryPolicy p = policy(RetryLogic::ExponentialBackoff, 60);
        QCOMPARE(p.baseDelaySeconds(25), qint64(2013265920)); // 60 * 2^25 still fits
        QCOMPARE(p.baseDelaySeconds(26), qint64(INT_MAX));    // 60 * 2^26 wraps negative in Java
        // 60 * 2^30 wraps to exactly 0 in Java; Orrery saturates (documented deviation).
        QCOMPARE(p.baseDelaySeconds(30), qint64(INT_MAX));
        QCOMPARE(p.baseDelaySeconds(31), qint64(INT_MAX));
        QCOMPARE(p.baseDelaySeconds(1000), qint64(INT_MAX));
        const RetryPolicy one = policy(RetryLogic::ExponentialBackoff, 1);
        QCOMPARE(one.baseDelaySeconds(30), qint64(1073741824));
        QCOMPARE(one.baseDelaySeconds(31), qint64(INT_MAX)); // (int) Math.pow(2, 31) saturates
        QCOMPARE(policy(RetryLogic::ExponentialBackoff, 60, 1, 7200).baseDelaySeconds(200), qint64(7200));
        // A negative failed count is treated as the first failure.
        QCOMPARE(p.baseDelaySeconds(-4), qint64(60));
    }

    void delayWithoutJitterIsExact()
    {
        QRandomGenerator rng(1);
        const RetryPolicy p = policy(RetryLogic::ExponentialBackoff, 2);
        QList<qint64> got;
        for (int n = 0; n < 5; ++n)
            got << p.delayMs(n, rng);
        QCOMPARE(got, (QList<qint64>{2000, 4000, 8000, 16000, 32000}));
        // INT_MAX seconds in ms does not overflow.
        QCOMPARE(p.delayMs(100, rng), qint64(INT_MAX) * 1000);
    }

    void boundedJitterStaysInBoundsAndVaries()
    {
        RetryPolicy p = policy(RetryLogic::Fixed, 60);
        p.jitterPercent = 10;
        QRandomGenerator rng(20240601);
        qint64 lo = LLONG_MAX, hi = LLONG_MIN;
        double sum = 0;
        QSet<qint64> distinct;
        for (int i = 0; i < 10000; ++i) {
            const qint64 d = p.delayMs(0, rng);
            QVERIFY2(d >= 54000 && d <= 66000, qPrintable(QString::number(d)));
            lo = std::min(lo, d);
            hi = std::max(hi, d);
            sum += d;
            distinct.insert(d);
        }
        QVERIFY(lo < 54300); // both ends of the ±6000 ms band are reached
        QVERIFY(hi > 65700);
        QVERIFY(distinct.size() > 5000);
        QVERIFY(qAbs(sum / 10000 - 60000) < 250); // uniform: centred on the base
    }

    void conductorJitterAddsZeroToMax()
    {
        RetryPolicy p = policy(RetryLogic::Fixed, 10);
        p.backoffJitterMs = 500;
        QRandomGenerator rng(7);
        qint64 lo = LLONG_MAX, hi = LLONG_MIN;
        QSet<qint64> distinct;
        for (int i = 0; i < 10000; ++i) {
            const qint64 d = p.delayMs(3, rng);
            QVERIFY(d >= 10000 && d <= 10500);
            lo = std::min(lo, d);
            hi = std::max(hi, d);
            distinct.insert(d);
        }
        QCOMPARE(lo, 10000); // 501 values, 10,000 draws: both ends appear
        QCOMPARE(hi, 10500);
        QVERIFY(distinct.size() > 450);
    }

    void jitterNeverExceedsCap()
    {
        RetryPolicy p = policy(RetryLogic::ExponentialBackoff, 60, 1, 600);
        p.jitterPercent = 20;
        p.backoffJitterMs = 250;
        QRandomGenerator rng(99);
        int atCap = 0;
        for (int i = 0; i < 10000; ++i) {
            const qint64 d = p.delayMs(10, rng); // base 61440 s, capped to 600 s
            QVERIFY2(d >= 480000 && d <= 600250, qPrintable(QString::number(d)));
            if (d == 600250)
                ++atCap;
        }
        QVERIFY(atCap > 3000); // the upper half of the jitter band is clipped to the cap
        // Below the cap, jitter is untouched: base 60 s.
        for (int i = 0; i < 1000; ++i) {
            const qint64 d = p.delayMs(0, rng);
            QVERIFY(d >= 48000 && d <= 72250);
        }
    }

    void delayIsNeverNegativeAndJitterIsClamped()
    {
        RetryPolicy p = policy(RetryLogic::Fixed, 1);
        p.jitterPercent = 90; // bypasses validation: delayMs clamps to 50
        QRandomGenerator rng(3);
        for (int i = 0; i < 5000; ++i) {
            const qint64 d = p.delayMs(0, rng);
            QVERIFY(d >= 500 && d <= 1500);
        }
        p.retryDelaySeconds = -10; // nonsense from code: still never negative
        QCOMPARE(p.delayMs(0, rng), 0);
    }

    void seededGeneratorIsDeterministic()
    {
        RetryPolicy p = policy(RetryLogic::LinearBackoff, 3, 2);
        p.jitterPercent = 30;
        p.backoffJitterMs = 100;
        QRandomGenerator a(42), b(42), c(43);
        QList<qint64> sa, sb, sc;
        for (int n = 0; n < 20; ++n) {
            sa << p.delayMs(n, a);
            sb << p.delayMs(n, b);
            sc << p.delayMs(n, c);
        }
        QCOMPARE(sa, sb);
        QVERIFY(sa != sc);
    }

    void decideRetriesUntilExhausted()
    {
        RetryPolicy p = policy(RetryLogic::Fixed, 5);
        p.retryCount = 2;
        QRandomGenerator rng(1);
        auto d0 = p.decide(TaskFailureStatus::Failed, 0, 0, 1000, rng, false);
        QVERIFY(d0.retry);
        QCOMPARE(d0.delayMs, 5000);
        QCOMPARE(d0.reasonClass, RetryReason::Retryable);
        QVERIFY(d0.workflowStatus.isEmpty());
        QVERIFY(p.decide(TaskFailureStatus::Failed, 1, 0, 1000, rng, false).retry);
        auto d2 = p.decide(TaskFailureStatus::Failed, 2, 0, 1000, rng, false);
        QVERIFY(!d2.retry);
        QCOMPARE(d2.reasonClass, RetryReason::RetriesExhausted);
        QCOMPARE(d2.workflowStatus, QStringLiteral("FAILED"));
        QVERIFY(d2.message.contains(QStringLiteral("retryCount is 2")));
        QCOMPARE(d2.toJson().value(QStringLiteral("reasonClass")).toString(), QStringLiteral("RETRIES_EXHAUSTED"));

        auto t = p.decide(TaskFailureStatus::TimedOut, 1, 0, 1000, rng, false);
        QVERIFY(t.retry);
        auto tx = p.decide(TaskFailureStatus::TimedOut, 2, 0, 1000, rng, false);
        QVERIFY(!tx.retry);
        QCOMPARE(tx.reasonClass, RetryReason::TimedOut);
        QCOMPARE(tx.workflowStatus, QStringLiteral("TIMED_OUT"));

        QCOMPARE(RetryPolicy::noTaskDef().decide(TaskFailureStatus::Failed, 0, 0, 0, rng, false).reasonClass,
                 RetryReason::RetriesExhausted);
    }

    void decideNeverRetriesTerminalOrCanceled()
    {
        RetryPolicy p = policy(RetryLogic::Fixed, 5);
        p.retryCount = 10;
        QRandomGenerator rng(1);
        auto t = p.decide(TaskFailureStatus::FailedWithTerminalError, 0, 0, 0, rng, false);
        QVERIFY(!t.retry);
        QCOMPARE(t.reasonClass, RetryReason::Terminal);
        QCOMPARE(t.workflowStatus, QStringLiteral("FAILED"));
        auto c = p.decide(TaskFailureStatus::Canceled, 0, 0, 0, rng, false);
        QVERIFY(!c.retry);
        QCOMPARE(c.reasonClass, RetryReason::Canceled);
        QCOMPARE(c.workflowStatus, QStringLiteral("TERMINATED"));
        auto k = p.decide(TaskFailureStatus::Failed, 0, 0, 0, rng, true);
        QVERIFY(!k.retry);
        QCOMPARE(k.reasonClass, RetryReason::Terminal);
        QCOMPARE(p.decide(TaskFailureStatus::TimedOut, 0, 0, 0, rng, true).workflowStatus, QStringLiteral("TIMED_OUT"));
        // Status checks come before the retry count (CANCELED with no retries left is still CANCELED).
        QCOMPARE(p.decide(TaskFailureStatus::Canceled, 99, 0, 0, rng, false).reasonClass, RetryReason::Canceled);
    }

    void decideDrawsRandomnessOnlyWhenRetrying()
    {
        RetryPolicy p = policy(RetryLogic::Fixed, 5);
        p.jitterPercent = 10;
        p.retryCount = 1;
        QRandomGenerator rng(5), twin(5);
        (void)p.decide(TaskFailureStatus::Canceled, 0, 0, 0, rng, false);
        (void)p.decide(TaskFailureStatus::Failed, 0, 0, 0, rng, true);
        (void)p.decide(TaskFailureStatus::Failed, 1, 0, 0, rng, false);
        QCOMPARE(rng.generate(), twin.generate());
    }

    void decideHonoursTotalTimeout()
    {
        RetryPolicy p = policy(RetryLogic::Fixed, 60);
        p.retryCount = 100;
        p.totalTimeoutSeconds = 300;
        const qint64 first = 1'700'000'000'000;
        QRandomGenerator rng(1);
        auto ok = p.decide(TaskFailureStatus::Failed, 3, first, first + 239'999, rng, false);
        QVERIFY(ok.retry);
        QCOMPARE(ok.delayMs, 60000);
        // The retry would start exactly at the deadline: refused.
        auto late = p.decide(TaskFailureStatus::Failed, 3, first, first + 240'000, rng, false);
        QVERIFY(!late.retry);
        QCOMPARE(late.reasonClass, RetryReason::DeadlineExceeded);
        QCOMPARE(late.workflowStatus, QStringLiteral("FAILED"));
        QVERIFY(late.message.contains(QStringLiteral("would be exceeded")));
        // Conductor's own check: the budget is already spent.
        auto spent = p.decide(TaskFailureStatus::TimedOut, 3, first, first + 300'000, rng, false);
        QVERIFY(!spent.retry);
        QCOMPARE(spent.reasonClass, RetryReason::DeadlineExceeded);
        QCOMPARE(spent.workflowStatus, QStringLiteral("TIMED_OUT"));
        QVERIFY(spent.message.contains(QStringLiteral("300 s exceeded")));
        // Unknown first scheduling time: no budget check.
        QVERIFY(p.decide(TaskFailureStatus::Failed, 3, 0, first + 10'000'000, rng, false).retry);
        // No budget configured.
        p.totalTimeoutSeconds = 0;
        QVERIFY(p.decide(TaskFailureStatus::Failed, 3, first, first + 10'000'000, rng, false).retry);
    }

    void statusNames()
    {
        QCOMPARE(taskFailureStatusFromString(u"FAILED"), TaskFailureStatus::Failed);
        QCOMPARE(taskFailureStatusFromString(u"FAILED_WITH_TERMINAL_ERROR"), TaskFailureStatus::FailedWithTerminalError);
        QCOMPARE(taskFailureStatusFromString(u"TIMED_OUT"), TaskFailureStatus::TimedOut);
        QCOMPARE(taskFailureStatusFromString(u"CANCELED"), TaskFailureStatus::Canceled);
        QVERIFY(!taskFailureStatusFromString(u"COMPLETED").has_value());
        QVERIFY(!taskFailureStatusFromString(u"failed").has_value());
        QVERIFY(isRetriableStatus(TaskFailureStatus::Failed));
        QVERIFY(isRetriableStatus(TaskFailureStatus::TimedOut));
        QVERIFY(!isRetriableStatus(TaskFailureStatus::Canceled));
        QVERIFY(!isRetriableStatus(TaskFailureStatus::FailedWithTerminalError));
        for (auto s : {TaskFailureStatus::Failed, TaskFailureStatus::FailedWithTerminalError,
                       TaskFailureStatus::TimedOut, TaskFailureStatus::Canceled})
            QCOMPARE(taskFailureStatusFromString(taskFailureStatusName(s)), s);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "test_retry_policy.moc"
