#include "DeadLetterEntry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <algorithm>

namespace orrery {

namespace {

QString excerpt(const QJsonObject &output, int bytes)
{
    if (output.isEmpty() || bytes <= 0)
        return QString();
    const QByteArray json = QJsonDocument(output).toJson(QJsonDocument::Compact);
    if (json.size() <= bytes)
        return QString::fromUtf8(json);
    QByteArray cut = json.left(bytes);
    while (!cut.isEmpty() && (uchar(cut.back()) & 0xC0) == 0x80) // never split a UTF-8 sequence
        cut.chop(1);
    if (!cut.isEmpty() && (uchar(cut.back()) & 0x80))
        cut.chop(1);
    return QString::fromUtf8(cut) + QStringLiteral("…");
}

qint64 ms(const QJsonObject &o, const char *key) { return qint64(o.value(QLatin1String(key)).toDouble()); }
QString str(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); }

} // namespace

// ---------------------------------------------------------------- attempts

DeadLetterAttempt DeadLetterAttempt::fromTask(const Task &t, int excerptBytes)
{
    DeadLetterAttempt a;
    a.taskId = t.taskId;
    a.retryCount = t.retryCount;
    a.status = toString(t.status);
    a.workerId = t.workerId;
    a.scheduledTime = t.scheduledTime;
    a.startTime = t.startTime;
    a.endTime = t.endTime;
    a.error = t.reasonForIncompletion;
    a.errorDetail = t.outputData.value(QStringLiteral("error")).toObject();
    a.outputExcerpt = excerpt(t.outputData, excerptBytes);
    return a;
}

QJsonObject DeadLetterAttempt::toJson() const
{
    QJsonObject o{{QStringLiteral("taskId"), taskId},
                  {QStringLiteral("attempt"), retryCount + 1},
                  {QStringLiteral("retryCount"), retryCount},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("workerId"), workerId},
                  {QStringLiteral("scheduledTime"), double(scheduledTime)},
                  {QStringLiteral("startTime"), double(startTime)},
                  {QStringLiteral("endTime"), double(endTime)},
                  {QStringLiteral("durationMs"), double(durationMs())},
                  {QStringLiteral("error"), error}};
    if (!errorDetail.isEmpty())
        o.insert(QStringLiteral("errorDetail"), errorDetail);
    if (!outputExcerpt.isEmpty())
        o.insert(QStringLiteral("outputExcerpt"), outputExcerpt);
    return o;
}

DeadLetterAttempt DeadLetterAttempt::fromJson(const QJsonObject &o)
{
    DeadLetterAttempt a;
    a.taskId = str(o, "taskId");
    a.retryCount = o.value(QStringLiteral("retryCount")).toInt();
    a.status = str(o, "status");
    a.workerId = str(o, "workerId");
    a.scheduledTime = ms(o, "scheduledTime");
    a.startTime = ms(o, "startTime");
    a.endTime = ms(o, "endTime");
    a.error = str(o, "error");
    a.errorDetail = o.value(QStringLiteral("errorDetail")).toObject();
    a.outputExcerpt = str(o, "outputExcerpt");
    return a;
}

// ---------------------------------------------------------------- replays

QJsonObject DeadLetterReplay::toJson() const
{
    QJsonObject o{{QStringLiteral("timeMs"), double(timeMs)},
                  {QStringLiteral("by"), by},
                  {QStringLiteral("fromTaskId"), fromTaskId},
                  {QStringLiteral("ok"), ok()}};
    if (!jobId.isEmpty())
        o.insert(QStringLiteral("jobId"), jobId);
    if (!newTaskId.isEmpty())
        o.insert(QStringLiteral("newTaskId"), newTaskId);
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

DeadLetterReplay DeadLetterReplay::fromJson(const QJsonObject &o)
{
    return DeadLetterReplay{ms(o, "timeMs"), str(o, "by"), str(o, "jobId"), str(o, "fromTaskId"),
                            str(o, "newTaskId"), str(o, "error")};
}

// ---------------------------------------------------------------- entries

QString DeadLetterEntry::statusName(Status s)
{
    switch (s) {
    case Status::Dead: return QStringLiteral("DEAD");
    case Status::Replaying: return QStringLiteral("REPLAYING");
    case Status::Replayed: return QStringLiteral("REPLAYED");
    }
    return QString();
}

std::optional<DeadLetterEntry::Status> DeadLetterEntry::statusFromName(const QString &name)
{
    for (Status s : {Status::Dead, Status::Replaying, Status::Replayed})
        if (statusName(s).compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return s;
    return std::nullopt;
}

DeadLetterEntry DeadLetterEntry::create(const QString &id, const DeadLetterInput &in, qint64 nowMs, int excerptBytes)
{
    DeadLetterEntry e;
    e.id = id;
    e.workflowId = in.task.workflowInstanceId;
    e.referenceTaskName = in.task.referenceTaskName;
    e.createdMs = nowMs;
    e.absorb(in, excerptBytes);
    e.updatedMs = nowMs;
    return e;
}

void DeadLetterEntry::reopen(const DeadLetterInput &in, qint64 nowMs, int excerptBytes)
{
    ++deadCount;
    absorb(in, excerptBytes);
    updatedMs = nowMs;
}

void DeadLetterEntry::absorb(const DeadLetterInput &in, int excerptBytes)
{
    const Task &t = in.task;
    status = Status::Dead;
    workflowType = t.workflowType;
    taskType = t.taskType;
    taskDefName = t.taskDefName;
    projectId = t.projectId;
    correlationId = t.correlationId;
    taskId = t.taskId;
    reasonClass = in.reasonClass;
    message = in.message.isEmpty() ? t.reasonForIncompletion : in.message;
    task = t.toJson(false);
    task.remove(QStringLiteral("inputData"));
    task.remove(QStringLiteral("outputData"));
    input = t.inputData;

    // Merge by taskId: what the engine reports now wins (it is the newest view of an attempt).
    QMap<QString, int> index;
    for (int i = 0; i < attempts.size(); ++i)
        index.insert(attempts[i].taskId, i);
    QList<Task> reported = in.attempts;
    if (std::none_of(reported.cbegin(), reported.cend(), [&](const Task &a) { return a.taskId == t.taskId; }))
        reported.append(t);
    for (const Task &a : std::as_const(reported)) {
        const DeadLetterAttempt att = DeadLetterAttempt::fromTask(a, excerptBytes);
        if (auto it = index.constFind(a.taskId); it != index.cend())
            attempts[*it] = att;
        else
            attempts.append(att);
    }
    std::stable_sort(attempts.begin(), attempts.end(), [](const DeadLetterAttempt &a, const DeadLetterAttempt &b) {
        const qint64 ta = a.scheduledTime, tb = b.scheduledTime;
        return ta != tb ? ta < tb : a.retryCount < b.retryCount;
    });

    firstFailureMs = 0;
    lastFailureMs = 0;
    for (const DeadLetterAttempt &a : std::as_const(attempts)) {
        if (a.status == QLatin1String("COMPLETED"))
            continue;
        const qint64 when = a.endTime > 0 ? a.endTime : a.scheduledTime;
        if (firstFailureMs == 0 || when < firstFailureMs)
            firstFailureMs = when;
        lastFailureMs = std::max(lastFailureMs, when);
    }
}

QJsonObject DeadLetterEntry::summaryJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("status"), statusName(status)},
                  {QStringLiteral("workflowId"), workflowId},
                  {QStringLiteral("workflowType"), workflowType},
                  {QStringLiteral("referenceTaskName"), referenceTaskName},
                  {QStringLiteral("taskType"), taskType},
                  {QStringLiteral("taskDefName"), taskDefName},
                  {QStringLiteral("projectId"), projectId},
                  {QStringLiteral("taskId"), taskId},
                  {QStringLiteral("reasonClass"), reasonClass},
                  {QStringLiteral("message"), message},
                  {QStringLiteral("attemptCount"), int(attempts.size())},
                  {QStringLiteral("deadCount"), deadCount},
                  {QStringLiteral("replayCount"), int(replays.size())},
                  {QStringLiteral("firstFailureTime"), double(firstFailureMs)},
                  {QStringLiteral("lastFailureTime"), double(lastFailureMs)},
                  {QStringLiteral("createdTime"), double(createdMs)},
                  {QStringLiteral("updatedTime"), double(updatedMs)}};
    if (!correlationId.isEmpty())
        o.insert(QStringLiteral("correlationId"), correlationId);
    if (!attempts.isEmpty())
        o.insert(QStringLiteral("lastError"), attempts.last().error);
    return o;
}

QJsonObject DeadLetterEntry::toJson() const
{
    QJsonObject o = summaryJson();
    QJsonArray atts, reps;
    for (const DeadLetterAttempt &a : attempts)
        atts.append(a.toJson());
    for (const DeadLetterReplay &r : replays)
        reps.append(r.toJson());
    o.insert(QStringLiteral("attempts"), atts);
    o.insert(QStringLiteral("replays"), reps);
    o.insert(QStringLiteral("task"), task);
    o.insert(QStringLiteral("input"), input);
    return o;
}

Result<DeadLetterEntry> DeadLetterEntry::fromJson(const QJsonObject &o)
{
    DeadLetterEntry e;
    e.id = str(o, "id");
    const auto status = statusFromName(str(o, "status"));
    if (e.id.isEmpty() || !status)
        return Error::internal(QStringLiteral("a stored DLQ entry is unreadable (id '%1', status '%2')")
                                   .arg(e.id, str(o, "status")));
    e.status = *status;
    e.workflowId = str(o, "workflowId");
    e.workflowType = str(o, "workflowType");
    e.referenceTaskName = str(o, "referenceTaskName");
    e.taskType = str(o, "taskType");
    e.taskDefName = str(o, "taskDefName");
    e.projectId = str(o, "projectId");
    e.correlationId = str(o, "correlationId");
    e.taskId = str(o, "taskId");
    e.reasonClass = str(o, "reasonClass");
    e.message = str(o, "message");
    e.task = o.value(QStringLiteral("task")).toObject();
    e.input = o.value(QStringLiteral("input")).toObject();
    for (const QJsonValue &v : o.value(QStringLiteral("attempts")).toArray())
        e.attempts.append(DeadLetterAttempt::fromJson(v.toObject()));
    for (const QJsonValue &v : o.value(QStringLiteral("replays")).toArray())
        e.replays.append(DeadLetterReplay::fromJson(v.toObject()));
    e.deadCount = std::max(1, o.value(QStringLiteral("deadCount")).toInt(1));
    e.firstFailureMs = ms(o, "firstFailureTime");
    e.lastFailureMs = ms(o, "lastFailureTime");
    e.createdMs = ms(o, "createdTime");
    e.updatedMs = ms(o, "updatedTime");
    return e;
}

QString DeadLetterEntry::searchText() const
{
    QStringList parts{id, workflowId, workflowType, referenceTaskName, taskType, taskId, correlationId, message};
    for (const DeadLetterAttempt &a : attempts) {
        parts << a.taskId << a.error << a.errorDetail.value(QStringLiteral("errorCode")).toString();
        if (const int http = a.errorDetail.value(QStringLiteral("httpStatus")).toInt(); http > 0)
            parts << QStringLiteral("http %1").arg(http);
    }
    parts.removeAll(QString());
    return parts.join(QLatin1Char('\n')).toLower();
}

} // namespace orrery
