#include "DefinitionChecker.h"

#include "core/Requests.h"
#include "core/WorkflowTaskParser.h"
#include "script/JqProgram.h"
#include "script/ScriptEvaluator.h"
#include "workflow/systemtasks/DynamicTask.h"
#include "workflow/systemtasks/ExclusiveJoinTask.h"
#include "workflow/systemtasks/LambdaTask.h"

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

bool hasExpression(const QJsonValue &v)
{
    if (v.isString())
        return !isLiteral(v.toString());
    if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            if (hasExpression(e))
                return true;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (hasExpression(it.value()))
                return true;
    }
    return false;
}

void checkRefs(const WorkflowTask &wt, const QStringList &list, const QString &field, const QSet<QString> &refs,
               const QString &path, QList<FieldError> &errors)
{
    for (qsizetype i = 0; i < list.size(); ++i)
        if (!refs.contains(list.at(i)))
            errors.append({path + QStringLiteral(".%1[%2]").arg(field).arg(i),
                           QStringLiteral("%1 %2 waits for %3, which is not a taskReferenceName of this workflow")
                               .arg(wt.type, wt.taskReferenceName, list.at(i)),
                           list.at(i)});
}

void checkLambda(const WorkflowTask &wt, const QString &path, QList<FieldError> &errors)
{
    const QJsonValue script = wt.inputParameters.value(QStringLiteral("scriptExpression"));
    const QString at = path + QStringLiteral(".inputParameters.scriptExpression");
    if (!script.isUndefined() && !script.isNull() && !script.isString()) {
        errors.append({at, QStringLiteral("scriptExpression must be a string: the body of a JavaScript function"), script});
        return;
    }
    if (script.toString().isEmpty() || !isLiteral(script.toString()))
        return;
    const QString problem = ScriptEvaluator::syntaxError(LambdaTask::wrap(script.toString()));
    if (!problem.isEmpty())
        errors.append({at, QStringLiteral("the script does not parse: %1").arg(problem), script});
}

void checkStartWorkflow(const WorkflowTask &wt, const QString &path, QList<FieldError> &errors)
{
    const QJsonValue param = wt.inputParameters.value(QStringLiteral("startWorkflow"));
    const QString at = path + QStringLiteral(".inputParameters.startWorkflow");
    if (param.isUndefined() || param.isNull()) {
        errors.append({at, QStringLiteral("START_WORKFLOW %1 needs inputParameters.startWorkflow, the start request {name, version?, input?, ...}")
                               .arg(wt.taskReferenceName), param});
        return;
    }
    if (param.isString() && !isLiteral(param.toString()))
        return;
    if (!param.isObject()) {
        errors.append({at, QStringLiteral("startWorkflow must be an object (a start request) or an expression"), param});
        return;
    }
    // Fields built by ${...} are checked when the task runs.
    QJsonObject literal;
    const QJsonObject given = param.toObject();
    for (auto it = given.begin(); it != given.end(); ++it)
        if (!hasExpression(it.value()))
            literal.insert(it.key(), it.value());
    if (!literal.contains(QStringLiteral("name")) && given.contains(QStringLiteral("name")))
        literal.insert(QStringLiteral("name"), QStringLiteral("expression"));
    if (auto parsed = StartWorkflowRequest::fromJson(literal); !parsed.ok()) {
        for (const FieldError &e : parsed.error().fieldErrors)
            errors.append({at + QLatin1Char('.') + e.path, e.message, e.invalidValue});
        if (parsed.error().fieldErrors.isEmpty())
            errors.append({at, parsed.error().message, param});
    }
}

void checkDynamic(const WorkflowTask &wt, const QString &path, QList<FieldError> &errors)
{
    const QString &param = wt.dynamicTaskNameParam;
    if (param.isEmpty())
        return; // reported by the parser
    if (!wt.inputParameters.contains(param)) {
        errors.append({path + QStringLiteral(".dynamicTaskNameParam"),
                       QStringLiteral("DYNAMIC %1 takes the name of its task from input '%2', which inputParameters does not set")
                           .arg(wt.taskReferenceName, param),
                       param});
        return;
    }
    const QJsonValue name = wt.inputParameters.value(param);
    if (name.isString() && isLiteral(name.toString()) && DynamicTask::isControlFlow(name.toString().trimmed()))
        errors.append({path + QStringLiteral(".inputParameters.") + param,
                       QStringLiteral("%1 is a control-flow type; a DYNAMIC task cannot become one").arg(name.toString()), name});
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
            checkRefs(wt, wt.joinOn, QStringLiteral("joinOn"), refs, path, errors);
        } else if (type == QLatin1String("EXCLUSIVE_JOIN")) {
            const QStringList defaults = ExclusiveJoinTask::defaultRefs(wt);
            if (wt.joinOn.isEmpty() && defaults.isEmpty())
                errors.append({path + QStringLiteral(".joinOn"),
                               QStringLiteral("EXCLUSIVE_JOIN %1 joins nothing: joinOn (or defaultExclusiveJoinTask) must name a ref")
                                   .arg(wt.taskReferenceName),
                               QJsonValue()});
            checkRefs(wt, wt.joinOn, QStringLiteral("joinOn"), refs, path, errors);
            checkRefs(wt, defaults, QStringLiteral("defaultExclusiveJoinTask"), refs, path, errors);
        } else if (type == QLatin1String("LAMBDA")) {
            checkLambda(wt, path, errors);
        } else if (type == QLatin1String("START_WORKFLOW")) {
            checkStartWorkflow(wt, path, errors);
        } else if (type == QLatin1String("DYNAMIC")) {
            checkDynamic(wt, path, errors);
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
