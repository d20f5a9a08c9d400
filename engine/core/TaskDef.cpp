#include "core/TaskDef.h"

#include "core/FieldReader.h"

#include <QRegularExpression>
#include <cmath>

namespace orrery {

namespace {

// Long fields are carried as JSON doubles: keep them inside the exactly representable range.
constexpr qint64 kMaxExactLong = (qint64(1) << 53);

QStringList retryLogics()
{
    return {QStringLiteral("FIXED"), QStringLiteral("LINEAR_BACKOFF"), QStringLiteral("EXPONENTIAL_BACKOFF")};
}

QStringList timeoutPolicies()
{
    return {QStringLiteral("RETRY"), QStringLiteral("TIME_OUT_WF"), QStringLiteral("ALERT_ONLY")};
}

void readInt(FieldReader &r, const QString &key, int &field)
{
    if (const auto v = r.integer(key))
        field = int(*v);
}

void readLong(FieldReader &r, const QString &key, qint64 &field)
{
    if (const auto v = r.integer(key, -kMaxExactLong, kMaxExactLong))
        field = *v;
}

// Adds "<TaskDef key>: <value> must be >= <min>" when `value` is below `min`.
void checkMin(FieldReader &r, const QString &key, qint64 value, qint64 min, const QString &hint = {})
{
    if (!r.has(key) || value >= min)
        return;
    QString msg = QStringLiteral("TaskDef %1: %2 must be >= %3").arg(key).arg(value).arg(min);
    if (!hint.isEmpty())
        msg += QStringLiteral(" (%1)").arg(hint);
    r.error(key, msg, r.object().value(key));
}

// terminalErrors / transientErrors: an array of integers and non-empty strings.
std::optional<QJsonArray> readErrorList(FieldReader &r, const QString &key)
{
    const auto arr = r.array(key);
    if (!arr)
        return std::nullopt;
    bool ok = true;
    for (qsizetype i = 0; i < arr->size(); ++i) {
        const QJsonValue e = arr->at(i);
        const bool integral = e.isDouble() && std::floor(e.toDouble()) == e.toDouble();
        if (!integral && !(e.isString() && !e.toString().trimmed().isEmpty())) {
            const QString field = QStringLiteral("%1[%2]").arg(key).arg(i);
            r.error(field,
                    QStringLiteral("%1 must be an integer (HTTP status or exit code) or a non-empty string "
                                   "(\"http:N\", \"exit:N\" or an error code)").arg(field),
                    e);
            ok = false;
        }
    }
    return ok ? arr : std::nullopt;
}

void readFields(FieldReader &r, TaskDef &d)
{
    const QJsonObject &obj = r.object();
    if (const auto v = r.string(QStringLiteral("name")))
        d.name = *v;
    if (d.name.isEmpty() && (!r.has(QStringLiteral("name")) || obj.value(QStringLiteral("name")).isString()))
        r.error(QStringLiteral("name"), QStringLiteral("TaskDef name cannot be null or empty"),
                obj.value(QStringLiteral("name")));
    if (const auto v = r.string(QStringLiteral("description")))
        d.description = *v;
    if (const auto v = r.string(QStringLiteral("ownerEmail")))
        d.ownerEmail = *v;

    readInt(r, QStringLiteral("retryCount"), d.retryCount);
    if (const auto v = r.enumeration(QStringLiteral("retryLogic"), retryLogics()))
        d.retryLogic = *v;
    readInt(r, QStringLiteral("retryDelaySeconds"), d.retryDelaySeconds);
    readInt(r, QStringLiteral("backoffScaleFactor"), d.backoffScaleFactor);
    readInt(r, QStringLiteral("maxRetryDelaySeconds"), d.maxRetryDelaySeconds);
    readInt(r, QStringLiteral("backoffJitterMs"), d.backoffJitterMs);
    readInt(r, QStringLiteral("jitterPercent"), d.jitterPercent);
    readLong(r, QStringLiteral("timeoutSeconds"), d.timeoutSeconds);
    readLong(r, QStringLiteral("totalTimeoutSeconds"), d.totalTimeoutSeconds);
    readLong(r, QStringLiteral("responseTimeoutSeconds"), d.responseTimeoutSeconds);
    if (const auto v = r.integer(QStringLiteral("pollTimeoutSeconds")))
        d.pollTimeoutSeconds = int(*v);
    if (const auto v = r.enumeration(QStringLiteral("timeoutPolicy"), timeoutPolicies()))
        d.timeoutPolicy = *v;
    readInt(r, QStringLiteral("rateLimitPerFrequency"), d.rateLimitPerFrequency);
    readInt(r, QStringLiteral("rateLimitFrequencyInSeconds"), d.rateLimitFrequencyInSeconds);
    readInt(r, QStringLiteral("concurrentExecLimit"), d.concurrentExecLimit);
    if (const auto v = r.object(QStringLiteral("inputTemplate")))
        d.inputTemplate = *v;
    r.stringList(QStringLiteral("inputKeys"));
    r.stringList(QStringLiteral("outputKeys"));
    if (const auto v = readErrorList(r, QStringLiteral("terminalErrors")))
        d.terminalErrors = *v;
    if (const auto v = readErrorList(r, QStringLiteral("transientErrors")))
        d.transientErrors = *v;
    if (const auto v = r.object(QStringLiteral("breaker")))
        d.breaker = *v;
    readLong(r, QStringLiteral("createTime"), d.createTime);
    readLong(r, QStringLiteral("updateTime"), d.updateTime);
}

void checkRules(FieldReader &r, const TaskDef &d)
{
    checkMin(r, QStringLiteral("retryCount"), d.retryCount, 0);
    checkMin(r, QStringLiteral("retryDelaySeconds"), d.retryDelaySeconds, 0);
    checkMin(r, QStringLiteral("timeoutSeconds"), d.timeoutSeconds, 0, QStringLiteral("0 = no timeout"));
    checkMin(r, QStringLiteral("totalTimeoutSeconds"), d.totalTimeoutSeconds, 0, QStringLiteral("0 = no limit"));
    if (r.has(QStringLiteral("responseTimeoutSeconds")) && d.responseTimeoutSeconds < 1)
        r.error(QStringLiteral("responseTimeoutSeconds"),
                QStringLiteral("TaskDef responseTimeoutSeconds: %1 should be minimum 1 second").arg(d.responseTimeoutSeconds),
                r.object().value(QStringLiteral("responseTimeoutSeconds")));
    if (d.timeoutSeconds > 0 && d.responseTimeoutSeconds > d.timeoutSeconds)
        r.error(QStringLiteral("responseTimeoutSeconds"),
                QStringLiteral("TaskDef: %1 responseTimeoutSeconds: %2 must be less than timeoutSeconds: %3")
                    .arg(d.name).arg(d.responseTimeoutSeconds).arg(d.timeoutSeconds),
                QJsonValue(double(d.responseTimeoutSeconds)));
    if (d.timeoutSeconds > 0 && d.totalTimeoutSeconds > 0 && d.timeoutSeconds > d.totalTimeoutSeconds)
        r.error(QStringLiteral("timeoutSeconds"),
                QStringLiteral("TaskDef: %1 timeoutSeconds: %2 must be less than or equal to totalTimeoutSeconds: %3")
                    .arg(d.name).arg(d.timeoutSeconds).arg(d.totalTimeoutSeconds),
                QJsonValue(double(d.timeoutSeconds)));
    if (d.pollTimeoutSeconds)
        checkMin(r, QStringLiteral("pollTimeoutSeconds"), *d.pollTimeoutSeconds, 0);
    checkMin(r, QStringLiteral("backoffScaleFactor"), d.backoffScaleFactor, 1, QStringLiteral("used by LINEAR_BACKOFF"));
    checkMin(r, QStringLiteral("maxRetryDelaySeconds"), d.maxRetryDelaySeconds, 0, QStringLiteral("0 = no cap"));
    checkMin(r, QStringLiteral("backoffJitterMs"), d.backoffJitterMs, 0, QStringLiteral("0 = no jitter"));
    checkMin(r, QStringLiteral("rateLimitPerFrequency"), d.rateLimitPerFrequency, 0, QStringLiteral("0 = unlimited"));
    checkMin(r, QStringLiteral("rateLimitFrequencyInSeconds"), d.rateLimitFrequencyInSeconds, 0);
    checkMin(r, QStringLiteral("concurrentExecLimit"), d.concurrentExecLimit, 0, QStringLiteral("0 = unlimited"));
    if (r.has(QStringLiteral("jitterPercent")) && (d.jitterPercent < 0 || d.jitterPercent > 50))
        r.error(QStringLiteral("jitterPercent"), QStringLiteral("jitterPercent must be between 0 and 50"),
                r.object().value(QStringLiteral("jitterPercent")));
    // Jakarta @Email is lax: one '@' with something on both sides, no blanks.
    static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+$"));
    if (!d.ownerEmail.isEmpty() && !email.match(d.ownerEmail).hasMatch())
        r.error(QStringLiteral("ownerEmail"), QStringLiteral("ownerEmail should be valid email address"),
                QJsonValue(d.ownerEmail));
}

} // namespace

TaskDef TaskDef::parse(const QJsonObject &obj, const QString &path, QList<FieldError> &errors)
{
    FieldReader r(obj, path, errors);
    TaskDef d;
    d.json = obj;
    readFields(r, d);
    checkRules(r, d);
    d.json = d.toJson();
    return d;
}

Result<TaskDef> TaskDef::fromJson(const QJsonObject &obj, const QString &path)
{
    QList<FieldError> errors;
    TaskDef d = parse(obj, path, errors);
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Validation failed, check below errors for detail."), errors);
    return d;
}

void TaskDef::validate(const QJsonObject &obj, const QString &path, QList<FieldError> &errors)
{
    (void)parse(obj, path, errors);
}

QJsonObject TaskDef::toJson() const
{
    QJsonObject o;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!it->isNull() && !it->isUndefined())
            o.insert(it.key(), it.value());
    }
    o.insert(QStringLiteral("name"), name);
    if (!description.isEmpty())
        o.insert(QStringLiteral("description"), description);
    if (!ownerEmail.isEmpty())
        o.insert(QStringLiteral("ownerEmail"), ownerEmail);
    o.insert(QStringLiteral("retryCount"), retryCount);
    o.insert(QStringLiteral("retryLogic"), retryLogic);
    o.insert(QStringLiteral("retryDelaySeconds"), retryDelaySeconds);
    o.insert(QStringLiteral("backoffScaleFactor"), backoffScaleFactor);
    o.insert(QStringLiteral("maxRetryDelaySeconds"), maxRetryDelaySeconds);
    o.insert(QStringLiteral("backoffJitterMs"), backoffJitterMs);
    o.insert(QStringLiteral("jitterPercent"), jitterPercent);
    o.insert(QStringLiteral("timeoutSeconds"), double(timeoutSeconds));
    o.insert(QStringLiteral("totalTimeoutSeconds"), double(totalTimeoutSeconds));
    o.insert(QStringLiteral("responseTimeoutSeconds"), double(responseTimeoutSeconds));
    if (pollTimeoutSeconds)
        o.insert(QStringLiteral("pollTimeoutSeconds"), *pollTimeoutSeconds);
    else
        o.remove(QStringLiteral("pollTimeoutSeconds"));
    o.insert(QStringLiteral("timeoutPolicy"), timeoutPolicy);
    o.insert(QStringLiteral("rateLimitPerFrequency"), rateLimitPerFrequency);
    o.insert(QStringLiteral("rateLimitFrequencyInSeconds"), rateLimitFrequencyInSeconds);
    // Nullable in Conductor: only written when set.
    if (concurrentExecLimit != 0 || o.contains(QStringLiteral("concurrentExecLimit")))
        o.insert(QStringLiteral("concurrentExecLimit"), concurrentExecLimit);
    o.insert(QStringLiteral("inputTemplate"), inputTemplate);
    if (!o.contains(QStringLiteral("inputKeys")))
        o.insert(QStringLiteral("inputKeys"), QJsonArray());
    if (!o.contains(QStringLiteral("outputKeys")))
        o.insert(QStringLiteral("outputKeys"), QJsonArray());
    // Extensions are echoed only when used (as given).
    if (!terminalErrors.isEmpty() || o.contains(QStringLiteral("terminalErrors")))
        o.insert(QStringLiteral("terminalErrors"), terminalErrors);
    if (!transientErrors.isEmpty() || o.contains(QStringLiteral("transientErrors")))
        o.insert(QStringLiteral("transientErrors"), transientErrors);
    if (!breaker.isEmpty() || o.contains(QStringLiteral("breaker")))
        o.insert(QStringLiteral("breaker"), breaker);
    if (createTime > 0)
        o.insert(QStringLiteral("createTime"), double(createTime));
    else
        o.remove(QStringLiteral("createTime"));
    if (updateTime > 0)
        o.insert(QStringLiteral("updateTime"), double(updateTime));
    else
        o.remove(QStringLiteral("updateTime"));
    return o;
}

TaskDef TaskDef::adHoc(const QString &name)
{
    TaskDef d;
    d.name = name;
    d.retryCount = 3;
    d.retryLogic = QStringLiteral("FIXED");
    d.retryDelaySeconds = 60;
    d.responseTimeoutSeconds = 3600;
    d.timeoutSeconds = 0;
    d.json = d.toJson();
    return d;
}

} // namespace orrery
