#include "core/WorkflowTaskParser.h"

#include "core/FieldReader.h"
#include "core/WorkflowTaskRules.h"

namespace orrery {

namespace {

QJsonArray toJsonArray(const std::vector<WorkflowTask> &tasks)
{
    QJsonArray a;
    for (const WorkflowTask &t : tasks)
        a.append(t.json);
    return a;
}

void readString(FieldReader &r, const QString &key, QString &field)
{
    if (const auto v = r.string(key))
        field = *v;
}

void requireNonEmpty(FieldReader &r, const QString &key, const QString &value, const QString &message)
{
    // A wrong type is already reported by the reader; only report a missing/empty string here.
    const QJsonValue raw = r.object().value(key);
    if (value.isEmpty() && (raw.isUndefined() || raw.isNull() || raw.isString()))
        r.error(key, message, raw.isUndefined() ? QJsonValue() : raw);
}

} // namespace

WorkflowTaskParser::WorkflowTaskParser(QList<FieldError> &errors, TaskTemplateLookup taskTemplates)
    : m_errors(errors), m_taskTemplates(std::move(taskTemplates))
{
}

std::vector<WorkflowTask> WorkflowTaskParser::parseList(const QJsonValue &value, const QString &path)
{
    std::vector<WorkflowTask> out;
    if (!value.isArray()) {
        m_errors.append(FieldError{path, QStringLiteral("%1 must be an array of tasks").arg(path), value});
        return out;
    }
    const QJsonArray arr = value.toArray();
    out.reserve(arr.size());
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QString itemPath = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (!arr.at(i).isObject()) {
            m_errors.append(FieldError{itemPath, QStringLiteral("%1 must be a task object").arg(itemPath), arr.at(i)});
            continue;
        }
        out.push_back(parseTask(arr.at(i).toObject(), itemPath));
    }
    return out;
}

WorkflowTask WorkflowTaskParser::parseTask(const QJsonObject &obj, const QString &path)
{
    FieldReader r(obj, path, m_errors);
    WorkflowTask t;
    readScalars(r, t);
    readChildren(r, t);
    WorkflowTaskRules::check(r, t, m_taskTemplates);
    t.json = normalise(t, obj);
    return t;
}

void WorkflowTaskParser::readScalars(FieldReader &r, WorkflowTask &t)
{
    readString(r, QStringLiteral("name"), t.name);
    requireNonEmpty(r, QStringLiteral("name"), t.name, QStringLiteral("WorkflowTask name cannot be empty or null"));
    readString(r, QStringLiteral("taskReferenceName"), t.taskReferenceName);
    requireNonEmpty(r, QStringLiteral("taskReferenceName"), t.taskReferenceName,
                    QStringLiteral("WorkflowTask taskReferenceName name cannot be empty or null"));
    if (const auto v = r.string(QStringLiteral("type"))) {
        if (v->trimmed().isEmpty())
            r.error(QStringLiteral("type"), QStringLiteral("WorkflowTask type cannot be empty"), QJsonValue(*v));
        else
            t.type = *v;
    }
    r.string(QStringLiteral("description"));
    if (const auto v = r.object(QStringLiteral("inputParameters")))
        t.inputParameters = *v;
    if (const auto v = r.boolean(QStringLiteral("optional")))
        t.optional = *v;
    if (const auto v = r.boolean(QStringLiteral("permissive")))
        t.permissive = *v;
    if (const auto v = r.boolean(QStringLiteral("asyncComplete")))
        t.asyncComplete = *v;
    r.boolean(QStringLiteral("rateLimited"));
    if (const auto v = r.integer(QStringLiteral("startDelay"))) {
        t.startDelay = int(*v);
        if (*v < 0)
            r.error(QStringLiteral("startDelay"), QStringLiteral("startDelay must be >= 0 (seconds)"), QJsonValue(double(*v)));
    }
    if (const auto v = r.integer(QStringLiteral("retryCount"))) {
        t.retryCount = int(*v);
        if (*v < 0)
            r.error(QStringLiteral("retryCount"), QStringLiteral("retryCount must be >= 0"), QJsonValue(double(*v)));
    }
    readString(r, QStringLiteral("evaluatorType"), t.evaluatorType);
    readString(r, QStringLiteral("expression"), t.expression);
    readString(r, QStringLiteral("caseValueParam"), t.caseValueParam);
    readString(r, QStringLiteral("caseExpression"), t.caseExpression);
    readString(r, QStringLiteral("loopCondition"), t.loopCondition);
    readString(r, QStringLiteral("dynamicTaskNameParam"), t.dynamicTaskNameParam);
    for (const char *key : {"dynamicForkTasksParam", "dynamicForkTasksInputParamName", "dynamicForkJoinTasksParam",
                            "scriptExpression"})
        r.string(QLatin1String(key));
    readString(r, QStringLiteral("sink"), t.sink);
    if (const auto v = r.stringList(QStringLiteral("joinOn")))
        t.joinOn = *v;
    r.stringList(QStringLiteral("defaultExclusiveJoinTask"));
    if (const auto v = r.object(QStringLiteral("subWorkflowParam")))
        t.subWorkflowParam = *v;
    if (auto v = r.object(QStringLiteral("taskDefinition"))) {
        // The inline definition may leave its name out: it is the task's name.
        if (!v->contains(QStringLiteral("name")) || v->value(QStringLiteral("name")).isNull())
            v->insert(QStringLiteral("name"), t.name);
        t.taskDefinition = TaskDef::parse(*v, r.path(QStringLiteral("taskDefinition")), m_errors);
    }
}

void WorkflowTaskParser::readChildren(FieldReader &r, WorkflowTask &t)
{
    if (const auto cases = r.object(QStringLiteral("decisionCases"))) {
        for (auto it = cases->constBegin(); it != cases->constEnd(); ++it)
            t.decisionCases.insert(it.key(), parseList(it.value(), r.path(QStringLiteral("decisionCases.") + it.key())));
    }
    if (r.has(QStringLiteral("defaultCase")))
        t.defaultCase = parseList(r.object().value(QStringLiteral("defaultCase")), r.path(QStringLiteral("defaultCase")));
    if (r.has(QStringLiteral("loopOver")))
        t.loopOver = parseList(r.object().value(QStringLiteral("loopOver")), r.path(QStringLiteral("loopOver")));
    if (const auto forks = r.array(QStringLiteral("forkTasks"))) {
        for (qsizetype i = 0; i < forks->size(); ++i)
            t.forkTasks.push_back(parseList(forks->at(i), r.path(QStringLiteral("forkTasks[%1]").arg(i))));
    }
}

QJsonObject WorkflowTaskParser::normalise(const WorkflowTask &t, const QJsonObject &given)
{
    QJsonObject j;
    for (auto it = given.constBegin(); it != given.constEnd(); ++it) {
        if (!it->isNull() && !it->isUndefined())
            j.insert(it.key(), it.value());
    }
    j.insert(QStringLiteral("name"), t.name);
    j.insert(QStringLiteral("taskReferenceName"), t.taskReferenceName);
    j.insert(QStringLiteral("type"), t.type);
    j.insert(QStringLiteral("inputParameters"), t.inputParameters);
    j.insert(QStringLiteral("startDelay"), t.startDelay);
    j.insert(QStringLiteral("optional"), t.optional);
    j.insert(QStringLiteral("asyncComplete"), t.asyncComplete);
    j.insert(QStringLiteral("permissive"), t.permissive);
    if (t.taskDefinition)
        j.insert(QStringLiteral("taskDefinition"), t.taskDefinition->json);
    // Conductor writes these lists/maps only when non-empty (JsonInclude.NON_EMPTY).
    QJsonObject cases;
    for (auto it = t.decisionCases.constBegin(); it != t.decisionCases.constEnd(); ++it)
        cases.insert(it.key(), toJsonArray(it.value()));
    if (cases.isEmpty())
        j.remove(QStringLiteral("decisionCases"));
    else
        j.insert(QStringLiteral("decisionCases"), cases);
    if (t.defaultCase.empty())
        j.remove(QStringLiteral("defaultCase"));
    else
        j.insert(QStringLiteral("defaultCase"), toJsonArray(t.defaultCase));
    if (t.loopOver.empty())
        j.remove(QStringLiteral("loopOver"));
    else
        j.insert(QStringLiteral("loopOver"), toJsonArray(t.loopOver));
    QJsonArray forks;
    for (const auto &branch : t.forkTasks)
        forks.append(toJsonArray(branch));
    if (forks.isEmpty())
        j.remove(QStringLiteral("forkTasks"));
    else
        j.insert(QStringLiteral("forkTasks"), forks);
    for (const char *key : {"joinOn", "defaultExclusiveJoinTask"}) {
        const QString k = QLatin1String(key);
        if (j.value(k).isArray() && j.value(k).toArray().isEmpty())
            j.remove(k);
    }
    return j;
}

void WorkflowTaskParser::visit(const std::vector<WorkflowTask> &tasks, const QString &path, const Visitor &fn)
{
    for (size_t i = 0; i < tasks.size(); ++i) {
        const WorkflowTask &t = tasks[i];
        const QString p = QStringLiteral("%1[%2]").arg(path).arg(i);
        fn(t, p);
        for (auto it = t.decisionCases.constBegin(); it != t.decisionCases.constEnd(); ++it)
            visit(it.value(), FieldReader::join(p, QStringLiteral("decisionCases.") + it.key()), fn);
        visit(t.defaultCase, FieldReader::join(p, QStringLiteral("defaultCase")), fn);
        for (size_t b = 0; b < t.forkTasks.size(); ++b)
            visit(t.forkTasks[b], FieldReader::join(p, QStringLiteral("forkTasks[%1]").arg(b)), fn);
        visit(t.loopOver, FieldReader::join(p, QStringLiteral("loopOver")), fn);
    }
}

} // namespace orrery
