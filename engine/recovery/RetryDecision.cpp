#include "RetryDecision.h"

namespace orrery {

QString RetryDecision::reasonName(RetryReason reason)
{
    switch (reason) {
    case RetryReason::Retryable: return QStringLiteral("RETRYABLE");
    case RetryReason::Terminal: return QStringLiteral("TERMINAL");
    case RetryReason::Canceled: return QStringLiteral("CANCELED");
    case RetryReason::RetriesExhausted: return QStringLiteral("RETRIES_EXHAUSTED");
    case RetryReason::TimedOut: return QStringLiteral("TIMED_OUT");
    case RetryReason::DeadlineExceeded: return QStringLiteral("DEADLINE_EXCEEDED");
    }
    return QString();
}

QJsonObject RetryDecision::toJson() const
{
    QJsonObject o{{QStringLiteral("retry"), retry},
                  {QStringLiteral("reasonClass"), reasonName(reasonClass)},
                  {QStringLiteral("message"), message}};
    if (retry)
        o.insert(QStringLiteral("delayMs"), double(delayMs));
    else
        o.insert(QStringLiteral("workflowStatus"), workflowStatus);
    return o;
}

} // namespace orrery
