#include "LambdaTask.h"

#include "script/ScriptEvaluator.h"
#include "workflow/Decider.h"

namespace orrery {

QString LambdaTask::wrap(const QString &scriptExpression)
{
    // New lines keep a trailing // comment of the expression from swallowing the closing brace.
    return QStringLiteral("function scriptFun() {\n%1\n}\nscriptFun();").arg(scriptExpression);
}

void LambdaTask::start(const SystemTaskCall &call) const
{
    const QJsonObject input = call.task().inputData;
    const QJsonValue expression = input.value(QStringLiteral("scriptExpression"));
    if (!expression.isString() || expression.toString().trimmed().isEmpty()) {
        call.end(TaskStatus::Failed, {},
                 QStringLiteral("Empty 'scriptExpression' in Lambda task's input parameters. A non-empty String value must be provided."));
        return;
    }
    const ScriptResult r = call.decider.scripts().evaluate(wrap(expression.toString()), input, ScriptLimits::condition());
    if (!r.ok()) {
        call.end(TaskStatus::Failed, QJsonObject{{QStringLiteral("error"), r.error}},
                 QStringLiteral("Error while evaluating the scriptExpression of %1: %2").arg(call.node.taskReferenceName, r.error));
        return;
    }
    call.complete(QJsonObject{{QStringLiteral("result"), r.value}});
}

} // namespace orrery
