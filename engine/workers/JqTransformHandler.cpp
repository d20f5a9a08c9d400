#include "JqTransformHandler.h"

#include "script/JqProgram.h"

namespace orrery {

TaskOutcome JqTransformHandler::run(const TaskAssignment &task)
{
    const QJsonValue query = task.input.value(QStringLiteral("queryExpression"));
    FailureInfo f;
    f.kind = QStringLiteral("script");
    f.errorCode = QStringLiteral("jq_error");
    if (!query.isString() || query.toString().isEmpty())
        return TaskOutcome::failedTerminal(QStringLiteral("input.queryExpression is required: the jq program to run"), f);
    const JqProgram::Output out = JqProgram::run(query.toString(), task.input);
    if (!out.ok)
        return TaskOutcome::failed(out.error, f, QJsonObject{{QStringLiteral("error"), out.error}});
    return TaskOutcome::completed(QJsonObject{{QStringLiteral("result"), out.results.isEmpty() ? QJsonValue() : out.results.first()},
                                              {QStringLiteral("resultList"), out.results}});
}

} // namespace orrery
