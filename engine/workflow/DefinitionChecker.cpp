#include "DefinitionChecker.h"

#include "core/WorkflowTaskParser.h"
#include "script/JqProgram.h"
#include "script/ScriptEvaluator.h"

#include <QSet>

namespace orrery {

namespace {

bool isLiteral(const QString &text) { return !text.contains(QLatin1String("${")); }

void checkScript(const QString &script, const QString &path, QList<FieldError> &errors)
{
    if (script.isEmpty() || !isLiteral(script))
        return;
    const QString problem = ScriptEvaluator::syntaxError(script);
    if (!problem.isEmpty())
        errors.append({path, QStringLiteral("the script does not parse: %1").arg(problem), script});
}

void checkLoops(const std::vector<WorkflowTask> &tasks, const QString &path, bool insideLoop, QList<FieldError> &errors)
{
    for (size_t i = 0; i < tasks.size(); ++i) {
        const WorkflowTask &wt = tasks[i];
        const QString here = QStringLiteral("%1[%2]").arg(path).arg(i);
        const bool loop = wt.type == QLatin1String("DO_WHILE");
        if (loop && insideLoop)
            errors.append({here + QStringLiteral(".type"),
                           QStringLiteral("DO_WHILE %1 is inside another DO_WHILE; nested loops are not supported").arg(wt.taskReferenceName),
                           wt.type});
        for (auto it = wt.decisionCases.begin(); it != wt.decisionCases.end(); ++it)
            checkLoops(*it, here + QStringLiteral(".decisionCases.") + it.key(), insideLoop || loop, errors);
        checkLoops(wt.defaultCase, here + QStringLiteral(".defaultCase"), insideLoop || loop, errors);
        for (size_t f = 0; f < wt.forkTasks.size(); ++f)
            checkLoops(wt.forkTasks[f], here + QStringLiteral(".forkTasks[%1]").arg(f), insideLoop || loop, errors);
        checkLoops(wt.loopOver, here + QStringLiteral(".loopOver"), true, errors);
    }
}

} // namespace

QList<FieldError> DefinitionChecker::check(const WorkflowDef &def)
{
    QList<FieldError> errors;
    QSet<QString> refs;
    for (const WorkflowTask *wt : def.allTasks())
        refs.insert(wt->taskReferenceName);
    WorkflowTaskParser::visit(def.tasks, QStringLiteral("tasks"), [&](const WorkflowTask &wt, const QString &path) {
        const QString &type = wt.type;
        if (type == QLatin1String("SWITCH") && wt.evaluatorType != QLatin1String("value-param"))
            checkScript(wt.expression, path + QStringLiteral(".expression"), errors);
        else if (type == QLatin1String("DECISION") && wt.caseValueParam.isEmpty())
            checkScript(wt.caseExpression, path + QStringLiteral(".caseExpression"), errors);
        else if (type == QLatin1String("DO_WHILE"))
            checkScript(wt.loopCondition, path + QStringLiteral(".loopCondition"), errors);
        else if (type == QLatin1String("INLINE")) {
            const QString evaluator = wt.inputParameters.value(QStringLiteral("evaluatorType")).toString(QStringLiteral("javascript"));
            if (evaluator == QLatin1String("javascript") || evaluator == QLatin1String("graaljs"))
                checkScript(wt.inputParameters.value(QStringLiteral("expression")).toString(),
                            path + QStringLiteral(".inputParameters.expression"), errors);
            else if (evaluator != QLatin1String("value-param") && isLiteral(evaluator))
                errors.append({path + QStringLiteral(".inputParameters.evaluatorType"),
                               QStringLiteral("evaluatorType must be javascript, graaljs or value-param"), evaluator});
        } else if (type == QLatin1String("JSON_JQ_TRANSFORM")) {
            const QString query = wt.inputParameters.value(QStringLiteral("queryExpression")).toString();
            if (!query.isEmpty() && isLiteral(query)) {
                const QString problem = JqProgram::compileError(query);
                if (!problem.isEmpty())
                    errors.append({path + QStringLiteral(".inputParameters.queryExpression"),
                                   QStringLiteral("the jq program does not compile: %1").arg(problem), query});
            }
        } else if (type == QLatin1String("JOIN")) {
            for (qsizetype i = 0; i < wt.joinOn.size(); ++i)
                if (!refs.contains(wt.joinOn.at(i)))
                    errors.append({path + QStringLiteral(".joinOn[%1]").arg(i),
                                   QStringLiteral("JOIN %1 waits for %2, which is not a taskReferenceName of this workflow")
                                       .arg(wt.taskReferenceName, wt.joinOn.at(i)),
                                   wt.joinOn.at(i)});
        }
    });
    checkLoops(def.tasks, QStringLiteral("tasks"), false, errors);
    return errors;
}

Result<void> DefinitionChecker::validate(const WorkflowDef &def)
{
    QList<FieldError> errors = check(def);
    if (errors.isEmpty())
        return {};
    return Error::invalid(QStringLiteral("Validation failed, check below errors for detail."), std::move(errors));
}

} // namespace orrery
