#include "core/WorkflowTaskRules.h"

#include "core/FieldReader.h"

#include <QDate>
#include <QRegularExpression>

namespace orrery {

namespace {

// Conductor reads these inputs with toString(): a number counts as its text.
QString inputText(const QJsonObject &input, const QString &key)
{
    const QJsonValue v = input.value(key);
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

} // namespace

void WorkflowTaskRules::required(FieldReader &r, const QString &field, const WorkflowTask &t)
{
    r.error(field, QStringLiteral("%1 field is required for taskType: %2 taskName: %3").arg(field, t.type, t.name),
            r.object().value(field).isUndefined() ? QJsonValue() : r.object().value(field));
}

void WorkflowTaskRules::check(FieldReader &r, const WorkflowTask &t, const TaskTemplateLookup &taskTemplates)
{
    const QString &type = t.type;
    if (type == u"SWITCH") {
        if (!r.has(QStringLiteral("evaluatorType")))
            required(r, QStringLiteral("evaluatorType"), t);
        else if (!r.has(QStringLiteral("expression")))
            required(r, QStringLiteral("expression"), t);
        checkCases(r, t);
    } else if (type == u"DECISION") {
        if (!r.has(QStringLiteral("caseValueParam")) && !r.has(QStringLiteral("caseExpression")))
            required(r, QStringLiteral("caseValueParam or caseExpression"), t);
        checkCases(r, t);
    } else if (type == u"DO_WHILE" || type == u"WHILE") {
        checkLoop(r, t);
    } else if (type == u"SUB_WORKFLOW") {
        checkSubWorkflow(r, t, taskTemplates);
    } else if (type == u"FORK_JOIN") {
        if (t.forkTasks.empty() && !(r.has(QStringLiteral("forkTasks")) && !r.object().value(QStringLiteral("forkTasks")).isArray()))
            r.error(QStringLiteral("forkTasks"),
                    QStringLiteral("forkTasks should have atleast one task for taskType: FORK_JOIN taskName: %1").arg(t.name));
    } else if (type == u"FORK_JOIN_DYNAMIC") {
        checkDynamicFork(r, t);
    } else if (type == u"DYNAMIC") {
        if (!r.has(QStringLiteral("dynamicTaskNameParam")))
            required(r, QStringLiteral("dynamicTaskNameParam"), t);
    } else if (type == u"WAIT") {
        checkWait(r, t);
    } else if (type == u"EVENT") {
        if (!r.has(QStringLiteral("sink")))
            required(r, QStringLiteral("sink"), t);
    } else if (type == u"HTTP") {
        checkRequest(r, t, QStringLiteral("http_request"), taskTemplates);
    } else if (type == u"KAFKA_PUBLISH") {
        checkRequest(r, t, QStringLiteral("kafka_request"), taskTemplates);
    } else if (type == u"JSON_JQ_TRANSFORM") {
        checkRequest(r, t, QStringLiteral("queryExpression"), taskTemplates);
    } else if (type == u"TERMINATE") {
        checkTerminate(r, t);
    }
}

void WorkflowTaskRules::checkCases(FieldReader &r, const WorkflowTask &t)
{
    const QJsonValue raw = r.object().value(QStringLiteral("decisionCases"));
    if (raw.isNull())
        required(r, QStringLiteral("decisionCases"), t);
    else if (t.decisionCases.isEmpty() && (raw.isUndefined() || raw.isObject()))
        r.error(QStringLiteral("decisionCases"),
                QStringLiteral("decisionCases should have atleast one task for taskType: %1 taskName: %2").arg(t.type, t.name),
                raw.isUndefined() ? QJsonValue() : raw);
}

void WorkflowTaskRules::checkLoop(FieldReader &r, const WorkflowTask &t)
{
    // List iteration (`items`, top level or as an input) replaces the loop condition.
    const bool hasItems = r.has(QStringLiteral("items")) || t.inputParameters.contains(QStringLiteral("items"));
    if (!r.has(QStringLiteral("loopCondition")) && !hasItems)
        required(r, QStringLiteral("loopCondition"), t);
    const QJsonValue raw = r.object().value(QStringLiteral("loopOver"));
    if (t.loopOver.empty() && (raw.isUndefined() || raw.isNull() || raw.isArray()))
        required(r, QStringLiteral("loopOver"), t);
}

void WorkflowTaskRules::checkSubWorkflow(FieldReader &r, const WorkflowTask &t, const TaskTemplateLookup &taskTemplates)
{
    if (!r.has(QStringLiteral("subWorkflowParam"))) {
        required(r, QStringLiteral("subWorkflowParam"), t);
        return;
    }
    if (!r.object().value(QStringLiteral("subWorkflowParam")).isObject())
        return; // type error already reported
    FieldReader params(t.subWorkflowParam, r.path(QStringLiteral("subWorkflowParam")), r.errors());
    params.string(QStringLiteral("name"));
    params.object(QStringLiteral("taskToDomain"));
    if (t.subWorkflowParam.value(QStringLiteral("priority")).isDouble()) // may also be an expression
        params.integer(QStringLiteral("priority"), 0, 99);
    const QJsonValue version = t.subWorkflowParam.value(QStringLiteral("version"));
    if (!version.isString()) // "${workflow.input.v}" is allowed
        params.integer(QStringLiteral("version"));
    const QJsonValue def = t.subWorkflowParam.value(QStringLiteral("workflowDefinition"));
    if (def.isObject()) {
        (void)WorkflowDef::parse(def.toObject(), params.path(QStringLiteral("workflowDefinition")), r.errors(),
                                 taskTemplates);
    } else if (!def.isString() && !def.isNull() && !def.isUndefined()) {
        params.error(QStringLiteral("workflowDefinition"),
                     QStringLiteral("workflowDefinition must be a WorkflowDef object or an expression"), def);
    }
    const QJsonValue name = t.subWorkflowParam.value(QStringLiteral("name"));
    const bool nameMissing = name.isUndefined() || name.isNull() || (name.isString() && name.toString().isEmpty());
    if (nameMissing && !def.isObject() && !def.isString())
        params.error(QStringLiteral("name"), QStringLiteral("SubWorkflowParams name cannot be empty"));
}

void WorkflowTaskRules::checkDynamicFork(FieldReader &r, const WorkflowTask &t)
{
    const bool legacy = r.has(QStringLiteral("dynamicForkJoinTasksParam"));
    const bool tasksParam = r.has(QStringLiteral("dynamicForkTasksParam"));
    const bool inputName = r.has(QStringLiteral("dynamicForkTasksInputParamName"));
    if (legacy && (tasksParam || inputName)) {
        r.error(QStringLiteral("dynamicForkJoinTasksParam"),
                QStringLiteral("dynamicForkJoinTasksParam or combination of dynamicForkTasksInputParamName and "
                               "dynamicForkTasksParam can be used for taskType: FORK_JOIN_DYNAMIC taskName: %1")
                    .arg(t.name));
        return;
    }
    if (legacy)
        return;
    // The newer form: inputs forkTaskName + forkTaskInputs fork one task per input.
    if (t.inputParameters.contains(QStringLiteral("forkTaskName")) && t.inputParameters.contains(QStringLiteral("forkTaskInputs")))
        return;
    if (!tasksParam)
        required(r, QStringLiteral("dynamicForkTasksParam"), t);
    if (!inputName)
        required(r, QStringLiteral("dynamicForkTasksInputParamName"), t);
}

bool WorkflowTaskRules::isValidDuration(const QString &text)
{
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("\\s*(?:(\\d+)\\s*(?:days?|d))?"
                                                           "\\s*(?:(\\d+)\\s*(?:hours?|hrs?|h))?"
                                                           "\\s*(?:(\\d+)\\s*(?:minutes?|mins?|m))?"
                                                           "\\s*(?:(\\d+)\\s*(?:seconds?|secs?|s))?"
                                                           "\\s*")),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(text).hasMatch();
}

bool WorkflowTaskRules::isValidUntil(const QString &text)
{
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("(\\d{4})-(\\d{2})-(\\d{2})(?: \\d{2}:\\d{2}(?: \\S+)?)?")));
    const auto m = re.match(text.trimmed());
    return m.hasMatch() && QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()).isValid();
}

void WorkflowTaskRules::checkWait(FieldReader &r, const WorkflowTask &t)
{
    const QString duration = inputText(t.inputParameters, QStringLiteral("duration"));
    const QString until = inputText(t.inputParameters, QStringLiteral("until"));
    const bool hasDuration = !duration.trimmed().isEmpty();
    const bool hasUntil = !until.trimmed().isEmpty();
    if (hasDuration && hasUntil)
        r.error(QStringLiteral("inputParameters"),
                QStringLiteral("Both 'duration' and 'until' specified. Please provide only one input"));
    if (hasDuration && !duration.startsWith(QStringLiteral("${")) && !isValidDuration(duration))
        r.error(QStringLiteral("inputParameters.duration"),
                QStringLiteral("Wait time specified is invalid. The duration must be in the form "
                               "'<n> days <n> hours <n> minutes <n> seconds' (any subset, e.g. '30s', '1h 5m')"),
                QJsonValue(duration));
    else if (!hasDuration && hasUntil && !until.startsWith(QStringLiteral("${")) && !isValidUntil(until))
        r.error(QStringLiteral("inputParameters.until"),
                QStringLiteral("Unable to parse date '%1'; use 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm z' or 'yyyy-MM-dd'")
                    .arg(until),
                QJsonValue(until));
}

void WorkflowTaskRules::checkRequest(FieldReader &r, const WorkflowTask &t, const QString &key,
                                     const TaskTemplateLookup &taskTemplates)
{
    if (t.inputParameters.contains(key))
        return;
    // Orrery's HTTP task also takes uri/method as top-level inputs (spec §8.11).
    if (key == u"http_request" && t.inputParameters.contains(QStringLiteral("uri")))
        return;
    if (t.taskDefinition && t.taskDefinition->inputTemplate.contains(key))
        return;
    if (taskTemplates && taskTemplates(t.name).contains(key))
        return;
    required(r, QStringLiteral("inputParameters.") + key, t);
}

void WorkflowTaskRules::checkTerminate(FieldReader &r, const WorkflowTask &t)
{
    if (t.optional)
        r.error(QStringLiteral("optional"), QStringLiteral("terminate task cannot be optional, taskName: %1").arg(t.name),
                QJsonValue(true));
    const QJsonValue status = t.inputParameters.value(QStringLiteral("terminationStatus"));
    const QString s = status.toString();
    const bool ok = status.isString()
        && (s == u"COMPLETED" || s == u"FAILED" || s == u"TERMINATED" || s.startsWith(QStringLiteral("${")));
    if (!ok)
        r.error(QStringLiteral("inputParameters.terminationStatus"),
                QStringLiteral("terminate task must have an terminationStatus parameter and must be set to COMPLETED, "
                               "FAILED or TERMINATED, taskName: %1")
                    .arg(t.name),
                status.isUndefined() ? QJsonValue() : status);
}

} // namespace orrery
