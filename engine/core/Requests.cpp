#include "Requests.h"

#include <QJsonArray>

namespace orrery {

Result<StartWorkflowRequest> StartWorkflowRequest::fromJson(const QJsonObject &o)
{
    QList<FieldError> errors;
    StartWorkflowRequest r;
    const QJsonValue name = o.value(QLatin1String("name"));
    if (name.isString() && !name.toString().isEmpty())
        r.name = name.toString();
    else if (!o.contains(QLatin1String("workflowDef")))
        errors.append({QStringLiteral("name"), QStringLiteral("workflow name is required"), name});

    const QJsonValue version = o.value(QLatin1String("version"));
    if (version.isDouble())
        r.version = version.toInt();
    else if (!version.isNull() && !version.isUndefined())
        errors.append({QStringLiteral("version"), QStringLiteral("must be an integer"), version});

    const QJsonValue corr = o.value(QLatin1String("correlationId"));
    if (corr.isString())
        r.correlationId = corr.toString();
    else if (!corr.isNull() && !corr.isUndefined())
        errors.append({QStringLiteral("correlationId"), QStringLiteral("must be a string"), corr});

    const QJsonValue input = o.value(QLatin1String("input"));
    if (input.isObject())
        r.input = input.toObject();
    else if (!input.isNull() && !input.isUndefined())
        errors.append({QStringLiteral("input"), QStringLiteral("must be a JSON object"), input});

    const QJsonValue t2d = o.value(QLatin1String("taskToDomain"));
    if (t2d.isObject())
        r.taskToDomain = t2d.toObject();
    else if (!t2d.isNull() && !t2d.isUndefined())
        errors.append({QStringLiteral("taskToDomain"), QStringLiteral("must be a JSON object"), t2d});

    const QJsonValue prio = o.value(QLatin1String("priority"));
    if (prio.isDouble()) {
        r.priority = prio.toInt();
        if (r.priority < 0 || r.priority > 99)
            errors.append({QStringLiteral("priority"), QStringLiteral("must be between 0 and 99"), prio});
    } else if (!prio.isNull() && !prio.isUndefined()) {
        errors.append({QStringLiteral("priority"), QStringLiteral("must be an integer between 0 and 99"), prio});
    }
    r.createdBy = o.value(QLatin1String("createdBy")).toString();
    const QJsonValue key = o.value(QLatin1String("idempotencyKey"));
    if (key.isString())
        r.idempotencyKey = key.toString();
    else if (!key.isNull() && !key.isUndefined())
        errors.append({QStringLiteral("idempotencyKey"), QStringLiteral("must be a string"), key});
    const QJsonValue strategy = o.value(QLatin1String("idempotencyStrategy"));
    if (strategy.isString()) {
        r.idempotencyStrategy = strategy.toString();
        if (r.idempotencyStrategy != QLatin1String("FAIL") && r.idempotencyStrategy != QLatin1String("RETURN_EXISTING")
            && r.idempotencyStrategy != QLatin1String("FAIL_ON_RUNNING"))
            errors.append({QStringLiteral("idempotencyStrategy"),
                           QStringLiteral("must be FAIL, RETURN_EXISTING or FAIL_ON_RUNNING"), strategy});
    } else if (!strategy.isNull() && !strategy.isUndefined()) {
        errors.append({QStringLiteral("idempotencyStrategy"), QStringLiteral("must be a string"), strategy});
    }
    const QJsonValue project = o.value(QLatin1String("projectId"));
    if (project.isString())
        r.projectId = project.toString();
    else if (!project.isNull() && !project.isUndefined())
        errors.append({QStringLiteral("projectId"), QStringLiteral("must be a string"), project});

    const QJsonValue def = o.value(QLatin1String("workflowDef"));
    if (def.isObject()) {
        auto parsed = WorkflowDef::fromJson(def.toObject(), QStringLiteral("workflowDef"));
        if (!parsed.ok()) {
            errors.append(parsed.error().fieldErrors);
        } else {
            r.workflowDef = std::move(parsed).value();
            if (r.name.isEmpty())
                r.name = r.workflowDef->name;
        }
    } else if (!def.isNull() && !def.isUndefined()) {
        errors.append({QStringLiteral("workflowDef"), QStringLiteral("must be a JSON object"), def});
    }
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Validation failed, check below errors for detail."), errors);
    return r;
}

Result<TaskResult> taskResultFromJson(const QJsonObject &o)
{
    QList<FieldError> errors;
    TaskResult r;
    const QJsonValue id = o.value(QLatin1String("taskId"));
    if (id.isString() && !id.toString().isEmpty())
        r.taskId = id.toString();
    else
        errors.append({QStringLiteral("taskId"), QStringLiteral("taskId is required"), id});
    r.workflowInstanceId = o.value(QLatin1String("workflowInstanceId")).toString();

    const QJsonValue status = o.value(QLatin1String("status"));
    const auto parsed = parseTaskStatus(status.toString());
    static const QList<TaskStatus> allowed = {TaskStatus::InProgress, TaskStatus::Failed,
                                              TaskStatus::FailedWithTerminalError, TaskStatus::Completed,
                                              TaskStatus::Canceled};
    if (status.isUndefined() || status.isNull()) {
        // Conductor's TaskResult defaults to IN_PROGRESS; a lease heartbeat may omit it.
        r.status = TaskStatus::InProgress;
    } else if (!parsed || !allowed.contains(*parsed)) {
        errors.append({QStringLiteral("status"),
                       QStringLiteral("must be one of IN_PROGRESS, FAILED, FAILED_WITH_TERMINAL_ERROR, COMPLETED, CANCELED"),
                       status});
    } else {
        r.status = *parsed;
    }
    const QJsonValue out = o.value(QLatin1String("outputData"));
    if (out.isObject()) {
        r.outputData = out.toObject();
        r.hasOutputData = true;
    } else if (!out.isNull() && !out.isUndefined()) {
        errors.append({QStringLiteral("outputData"), QStringLiteral("must be a JSON object"), out});
    }
    r.reasonForIncompletion = o.value(QLatin1String("reasonForIncompletion")).toString().left(500);
    const QJsonValue cb = o.value(QLatin1String("callbackAfterSeconds"));
    if (cb.isDouble() && cb.toDouble() >= 0)
        r.callbackAfterSeconds = qint64(cb.toDouble());
    else if (!cb.isNull() && !cb.isUndefined())
        errors.append({QStringLiteral("callbackAfterSeconds"), QStringLiteral("must be a non-negative number"), cb});
    r.workerId = o.value(QLatin1String("workerId")).toString();
    r.extendLease = o.value(QLatin1String("extendLease")).toBool();
    const QJsonValue logs = o.value(QLatin1String("logs"));
    if (logs.isArray()) {
        int i = 0;
        for (const QJsonValue &l : logs.toArray()) {
            const QJsonObject lo = l.toObject();
            if (!lo.value(QLatin1String("log")).isString()) {
                errors.append({QStringLiteral("logs[%1].log").arg(i), QStringLiteral("must be a string"), l});
            } else {
                r.logs.append({r.taskId, lo.value(QLatin1String("log")).toString(),
                               qint64(lo.value(QLatin1String("createdTime")).toDouble())});
            }
            ++i;
        }
    } else if (!logs.isNull() && !logs.isUndefined()) {
        errors.append({QStringLiteral("logs"), QStringLiteral("must be an array"), logs});
    }
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Validation failed, check below errors for detail."), errors);
    return r;
}

QJsonObject BulkResponse::toJson() const
{
    QJsonObject errs;
    for (const auto &e : errors)
        errs.insert(e.first, e.second);
    return QJsonObject{{QStringLiteral("bulkSuccessfulResults"), QJsonArray::fromStringList(successful)},
                       {QStringLiteral("bulkErrorResults"), errs}};
}

} // namespace orrery
