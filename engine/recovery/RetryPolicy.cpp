#include "RetryPolicy.h"

#include "JsonFieldReader.h"

#include <algorithm>
#include <limits>

namespace orrery {

namespace {

constexpr qint64 kIntMax = std::numeric_limits<int>::max();
constexpr qint64 kLongMax = (qint64(1) << 53) / 1000; // seconds whose ms value JSON carries exactly

constexpr QLatin1String kJitterHint(
    "a larger jitter could fire a retry at less than half of its backoff delay");

} // namespace

QString RetryPolicy::logicName(RetryLogic logic)
{
    switch (logic) {
    case RetryLogic::Fixed: return QStringLiteral("FIXED");
    case RetryLogic::LinearBackoff: return QStringLiteral("LINEAR_BACKOFF");
    case RetryLogic::ExponentialBackoff: return QStringLiteral("EXPONENTIAL_BACKOFF");
    }
    return QString();
}

std::optional<RetryLogic> RetryPolicy::logicFromName(const QString &name)
{
    for (auto l : {RetryLogic::Fixed, RetryLogic::LinearBackoff, RetryLogic::ExponentialBackoff}) {
        if (name.compare(logicName(l), Qt::CaseInsensitive) == 0)
            return l;
    }
    return std::nullopt;
}

RetryPolicy RetryPolicy::noTaskDef()
{
    RetryPolicy p;
    p.retryCount = 0;
    return p;
}

Result<RetryPolicy> RetryPolicy::fromJson(const QJsonObject &json, const QString &pathPrefix)
{
    JsonFieldReader r(json, pathPrefix);
    RetryPolicy p;
    p.retryCount = int(r.integer(QStringLiteral("retryCount"), p.retryCount, 0, kIntMax));
    const QString logic = r.enumeration(
        QStringLiteral("retryLogic"), logicName(p.logic),
        {logicName(RetryLogic::Fixed), logicName(RetryLogic::LinearBackoff),
         logicName(RetryLogic::ExponentialBackoff)});
    p.logic = logicFromName(logic).value_or(RetryLogic::Fixed);
    p.retryDelaySeconds = int(r.integer(QStringLiteral("retryDelaySeconds"), p.retryDelaySeconds, 0, kIntMax));
    p.backoffScaleFactor = int(r.integer(QStringLiteral("backoffScaleFactor"), p.backoffScaleFactor, 1, kIntMax,
                                         QStringLiteral("it multiplies the LINEAR_BACKOFF delay")));
    p.maxRetryDelaySeconds = int(r.integer(QStringLiteral("maxRetryDelaySeconds"), p.maxRetryDelaySeconds, 0, kIntMax,
                                           QStringLiteral("0 means no cap")));
    p.jitterPercent = int(r.integer(QStringLiteral("jitterPercent"), p.jitterPercent, 0,
                                    kMaxJitterPercent, kJitterHint));
    p.backoffJitterMs = int(r.integer(QStringLiteral("backoffJitterMs"), p.backoffJitterMs, 0, kIntMax));
    p.totalTimeoutSeconds = r.integer(QStringLiteral("totalTimeoutSeconds"), p.totalTimeoutSeconds, 0, kLongMax,
                                      QStringLiteral("0 means no budget"));
    if (!r.errors().isEmpty()) {
        return Error::invalid(QStringLiteral("Invalid retry settings in the task definition: %1")
                                  .arg(r.errors().first().message),
                              r.errors());
    }
    return p;
}

QJsonObject RetryPolicy::toJson() const
{
    return QJsonObject{
        {QStringLiteral("retryCount"), retryCount},
        {QStringLiteral("retryLogic"), logicName(logic)},
        {QStringLiteral("retryDelaySeconds"), retryDelaySeconds},
        {QStringLiteral("backoffScaleFactor"), backoffScaleFactor},
        {QStringLiteral("maxRetryDelaySeconds"), maxRetryDelaySeconds},
        {QStringLiteral("jitterPercent"), jitterPercent},
        {QStringLiteral("backoffJitterMs"), backoffJitterMs},
        {QStringLiteral("totalTimeoutSeconds"), double(totalTimeoutSeconds)},
    };
}

QList<FieldError> RetryPolicy::validate(const QString &pathPrefix) const
{
    // Round-trip through the reader so code-built and JSON-read policies obey the same rules.
    QJsonObject json = toJson();
    JsonFieldReader r(json, pathPrefix);
    r.integer(QStringLiteral("retryCount"), 0, 0, kIntMax);
    r.integer(QStringLiteral("retryDelaySeconds"), 0, 0, kIntMax);
    r.integer(QStringLiteral("backoffScaleFactor"), 1, 1, kIntMax,
              QStringLiteral("it multiplies the LINEAR_BACKOFF delay"));
    r.integer(QStringLiteral("maxRetryDelaySeconds"), 0, 0, kIntMax, QStringLiteral("0 means no cap"));
    r.integer(QStringLiteral("jitterPercent"), 0, 0, kMaxJitterPercent, kJitterHint);
    r.integer(QStringLiteral("backoffJitterMs"), 0, 0, kIntMax);
    r.integer(QStringLiteral("totalTimeoutSeconds"), 0, 0, kLongMax, QStringLiteral("0 means no budget"));
    return r.errors();
}

qint64 RetryPolicy::baseDelaySeconds(int failedRetryCount) const
{
    const qint64 n = std::max(0, failedRetryCount);
    const qint64 d = std::max(0, retryDelaySeconds);
    qint64 delay = d;
    switch (logic) {
    case RetryLogic::Fixed:
        delay = d;
        break;
    case RetryLogic::LinearBackoff: {
        // Conductor: int d * s * (n + 1); overflow -> INT_MAX. Computed with saturation, so a
        // product past INT_MAX is always clamped (Java's wrap-around can also land positive).
        const qint64 s = std::max(1, backoffScaleFactor);
        const qint64 ds = d * s; // both < 2^31: fits
        if (ds != 0 && (n + 1) > kIntMax / ds)
            delay = kIntMax;
        else
            delay = std::min(kIntMax, ds * (n + 1));
        break;
    }
    case RetryLogic::ExponentialBackoff: {
        // Conductor: d * (int) Math.pow(2, n); the cast saturates at INT_MAX, the product clamps.
        const qint64 pow2 = n >= 31 ? kIntMax : (qint64(1) << n);
        if (d != 0 && pow2 > kIntMax / d)
            delay = kIntMax;
        else
            delay = std::min(kIntMax, d * pow2);
        break;
    }
    }
    if (maxRetryDelaySeconds > 0)
        delay = std::min<qint64>(delay, maxRetryDelaySeconds);
    return delay;
}

qint64 RetryPolicy::delayMs(int failedRetryCount, QRandomGenerator &rng) const
{
    const qint64 baseMs = baseDelaySeconds(failedRetryCount) * 1000;
    qint64 ms = baseMs;
    const qint64 percent = std::clamp(jitterPercent, 0, kMaxJitterPercent);
    const qint64 spread = baseMs * percent / 100; // floor; baseMs <= INT_MAX*1000: no overflow
    if (spread > 0)
        ms += rng.bounded(-spread, spread + 1); // uniform over [-spread, +spread]
    if (backoffJitterMs > 0)
        ms += rng.bounded(qint64(0), qint64(backoffJitterMs) + 1); // uniform over [0, backoffJitterMs]
    if (maxRetryDelaySeconds > 0)
        ms = std::min(ms, qint64(maxRetryDelaySeconds) * 1000 + std::max(0, backoffJitterMs));
    return std::max<qint64>(ms, 0);
}

RetryDecision RetryPolicy::decide(TaskFailureStatus status, int failedRetryCount,
                                  qint64 firstScheduledMs, qint64 nowMs, QRandomGenerator &rng,
                                  bool isTerminalClass) const
{
    const int n = std::max(0, failedRetryCount);
    const bool timedOut = status == TaskFailureStatus::TimedOut;
    const QString failWf = timedOut ? QStringLiteral("TIMED_OUT") : QStringLiteral("FAILED");
    RetryDecision d;

    if (status == TaskFailureStatus::Canceled) {
        d.reasonClass = RetryReason::Canceled;
        d.workflowStatus = QStringLiteral("TERMINATED");
        d.message = QStringLiteral("The task was canceled; canceled tasks are never retried.");
        return d;
    }
    if (status == TaskFailureStatus::FailedWithTerminalError) {
        d.reasonClass = RetryReason::Terminal;
        d.workflowStatus = QStringLiteral("FAILED");
        d.message = QStringLiteral("The task failed with a terminal error (FAILED_WITH_TERMINAL_ERROR); "
                                   "it is not retried whatever retryCount says.");
        return d;
    }
    if (isTerminalClass) {
        d.reasonClass = RetryReason::Terminal;
        d.workflowStatus = failWf;
        d.message = QStringLiteral("The failure is classified as terminal (retrying cannot fix it); "
                                   "it is not retried.");
        return d;
    }
    if (retryCount <= n) {
        d.reasonClass = timedOut ? RetryReason::TimedOut : RetryReason::RetriesExhausted;
        d.workflowStatus = failWf;
        d.message = QStringLiteral("Retries exhausted: attempt %1 %2 and retryCount is %3.")
                        .arg(n + 1)
                        .arg(timedOut ? QStringLiteral("timed out") : QStringLiteral("failed"))
                        .arg(retryCount);
        return d;
    }
    const qint64 delay = delayMs(n, rng);
    if (totalTimeoutSeconds > 0 && firstScheduledMs > 0) {
        const qint64 deadline = firstScheduledMs + totalTimeoutSeconds * 1000;
        if (nowMs >= deadline || nowMs + delay >= deadline) {
            d.reasonClass = RetryReason::DeadlineExceeded;
            d.workflowStatus = failWf;
            d.message = nowMs >= deadline
                ? QStringLiteral("Total timeout of %1 s exceeded: the task was first scheduled %2 ms ago.")
                      .arg(totalTimeoutSeconds).arg(nowMs - firstScheduledMs)
                : QStringLiteral("Total timeout of %1 s would be exceeded: the next attempt would start "
                                 "%2 ms after the first scheduling.")
                      .arg(totalTimeoutSeconds).arg(nowMs + delay - firstScheduledMs);
            return d;
        }
    }
    d.retry = true;
    d.delayMs = delay;
    d.reasonClass = RetryReason::Retryable;
    d.message = QStringLiteral("Retry %1 of %2 scheduled in %3 ms.").arg(n + 1).arg(retryCount).arg(delay);
    return d;
}

} // namespace orrery
