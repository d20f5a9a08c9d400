#include "InlineHandler.h"

#include "script/ScriptEvaluator.h"

namespace orrery {

namespace {

TaskOutcome scriptFailure(bool terminal, const QString &reason)
{
    FailureInfo f;
    f.kind = QStringLiteral("script");
    f.errorCode = terminal ? QStringLiteral("script_error") : QStringLiteral("script_timeout");
    const QJsonObject out{{QStringLiteral("error"), reason}};
    return terminal ? TaskOutcome::failedTerminal(reason, f, out) : TaskOutcome::failed(reason, f, out);
}

} // namespace

TaskOutcome InlineHandler::run(const TaskAssignment &task)
{
    const QJsonObject &input = task.input;
    const QString evaluator = input.value(QStringLiteral("evaluatorType")).toString(QStringLiteral("javascript"));
    const QJsonValue expression = input.value(QStringLiteral("expression"));
    if (!expression.isString() || expression.toString().isEmpty())
        return scriptFailure(true, QStringLiteral("input.expression is required: the script (or, with value-param, the input key) to evaluate"));
    if (evaluator == QLatin1String("value-param")) {
        const QJsonValue v = input.value(expression.toString());
        return TaskOutcome::completed(QJsonObject{{QStringLiteral("result"), v.isUndefined() ? QJsonValue() : v}});
    }
    if (evaluator != QLatin1String("javascript") && evaluator != QLatin1String("graaljs"))
        return scriptFailure(true, QStringLiteral("input.evaluatorType '%1' is not javascript, graaljs or value-param").arg(evaluator));
    const ScriptResult r = ScriptEvaluator::forThisThread().evaluate(expression.toString(), input, ScriptLimits::inlineTask());
    TaskOutcome outcome = r.ok() ? TaskOutcome::completed(QJsonObject{{QStringLiteral("result"), r.value}})
                                 : scriptFailure(r.terminal(), r.error);
    outcome.logs = r.logs;
    return outcome;
}

} // namespace orrery
