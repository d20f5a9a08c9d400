#include "SetVariableTask.h"

#include "workflow/Decider.h"

#include <QJsonDocument>

namespace orrery {

void SetVariableTask::start(const SystemTaskCall &call) const
{
    QJsonObject variables = call.run.wf.variables;
    const QJsonObject input = call.task().inputData;
    for (auto it = input.begin(); it != input.end(); ++it)
        variables.insert(it.key(), it.value());
    const qsizetype size = QJsonDocument(variables).toJson(QJsonDocument::Compact).size();
    if (size > kMaxBytes) {
        call.end(TaskStatus::FailedWithTerminalError, {},
                 QStringLiteral("The variables of the workflow would be %1 bytes, more than the %2 allowed; nothing was set.")
                     .arg(size)
                     .arg(kMaxBytes));
        return;
    }
    call.run.wf.variables = variables;
    call.out.workflowChanged = true;
    call.complete({});
}

} // namespace orrery
