#include "StartWorkflowTask.h"

#include "workflow/Decider.h"
#include "workflow/systemtasks/SystemTaskHost.h"

namespace orrery {

Result<StartWorkflowRequest> StartWorkflowTask::request(const QJsonObject &input)
{
    const QJsonValue param = input.value(QStringLiteral("startWorkflow"));
    if (param.isUndefined() || param.isNull())
        return Error::invalid(QStringLiteral("Missing 'startWorkflow' in input data."));
    if (!param.isObject())
        return Error::invalid(QStringLiteral("Error reading StartWorkflowRequest. startWorkflow must be an object."));
    auto parsed = StartWorkflowRequest::fromJson(param.toObject());
    if (parsed.ok())
        return parsed;
    QString reason = QStringLiteral("startWorkflow validation failed. ");
    for (const FieldError &e : parsed.error().fieldErrors)
        reason += QStringLiteral("'%1' -> %2. ").arg(e.path, e.message);
    if (parsed.error().fieldErrors.isEmpty())
        reason += parsed.error().message;
    return Error::invalid(reason.trimmed());
}

void StartWorkflowTask::start(const SystemTaskCall &call) const
{
    if (auto r = request(call.task().inputData); !r.ok()) {
        call.end(TaskStatus::Failed, {}, r.error().message);
        return;
    }
    call.inProgress();
    if (SystemTaskHost *host = call.decider.host())
        host->startWorkflowFor(call.run, call.task(), false);
}

void StartWorkflowTask::recover(const SystemTaskCall &call) const
{
    // Either the workflow was never started (crash in between) or it must be found again.
    if (SystemTaskHost *host = call.decider.host())
        host->startWorkflowFor(call.run, call.task(), true);
}

} // namespace orrery
