#include "EventTask.h"

#include "workflow/Decider.h"
#include "workflow/systemtasks/SystemTaskHost.h"

namespace orrery {

void EventTask::start(const SystemTaskCall &call) const
{
    const QString sink = call.node.sink;
    const Task &t = call.task();
    // Conductor's sink is "conductor", "conductor:<name>" or "<queue type>:<name>".
    const QString produced = sink.contains(QLatin1Char(':')) ? sink : sink + QLatin1Char(':') + t.workflowType + QLatin1Char(':') + t.referenceTaskName;
    if (SystemTaskHost *host = call.decider.host())
        host->publishEvent(call.run, t, sink, t.inputData);
    const QJsonObject output{{QStringLiteral("event_produced"), produced},
                             {QStringLiteral("sink"), sink},
                             {QStringLiteral("workflowInstanceId"), call.run.wf.workflowId},
                             {QStringLiteral("workflowType"), call.run.wf.workflowName},
                             {QStringLiteral("workflowVersion"), call.run.wf.workflowVersion},
                             {QStringLiteral("correlationId"), call.run.wf.correlationId}};
    if (call.node.asyncComplete) {
        call.inProgress();
        call.task().outputData = output;
        return;
    }
    call.complete(output);
}

} // namespace orrery
