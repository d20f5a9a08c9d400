#include "SwitchTask.h"

#include "script/ScriptEvaluator.h"
#include "workflow/Decider.h"
#include "workflow/ParameterResolver.h"

#include <QJsonArray>

namespace orrery {

void SwitchTask::start(const SystemTaskCall &call) const
{
    const WorkflowTask &node = call.node;
    const QJsonObject input = call.task().inputData;
    QString evaluator = node.evaluatorType;
    QString expression = node.expression;
    if (node.type == QLatin1String("DECISION")) {
        evaluator = node.caseValueParam.isEmpty() ? QStringLiteral("javascript") : QStringLiteral("value-param");
        expression = node.caseValueParam.isEmpty() ? node.caseExpression : node.caseValueParam;
    }
    QJsonValue value;
    if (evaluator == QLatin1String("value-param")) {
        value = input.value(expression);
        if (value.isUndefined())
            value = QJsonValue::Null;
    } else if (evaluator == QLatin1String("javascript") || evaluator == QLatin1String("graaljs")) {
        const ScriptResult r = call.decider.scripts().evaluate(expression, input, ScriptLimits::condition());
        if (!r.ok()) {
            call.end(r.terminal() ? TaskStatus::FailedWithTerminalError : TaskStatus::Failed,
                     QJsonObject{{QStringLiteral("error"), r.error}},
                     QStringLiteral("Error while evaluating the %1 expression of %2: %3")
                         .arg(node.type, node.taskReferenceName, r.error));
            return;
        }
        value = r.value;
    } else {
        call.end(TaskStatus::FailedWithTerminalError, {},
                 QStringLiteral("Unknown evaluatorType '%1' in %2 (value-param, javascript or graaljs)")
                     .arg(evaluator, node.taskReferenceName));
        return;
    }
    const QString selected = ParameterResolver::toText(value);
    call.complete(QJsonObject{{QStringLiteral("evaluationResult"), QJsonArray{value}},
                              {QStringLiteral("selectedCase"), selected}});
}

void SwitchTask::scheduleNext(const SystemTaskCall &call) const
{
    const QString selected = call.task().outputData.value(QStringLiteral("selectedCase")).toString();
    const auto it = call.node.decisionCases.constFind(selected);
    const std::vector<WorkflowTask> &branch = it != call.node.decisionCases.constEnd() ? *it : call.node.defaultCase;
    if (branch.empty())
        call.decider.scheduleAfter(call.run, call.index, call.out);
    else
        call.decider.scheduleChild(call.run, call.index, branch.front(), call.out);
}

} // namespace orrery
