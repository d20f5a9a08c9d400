#include "core/WorkflowDef.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include "core/FieldReader.h"
#include "core/PlaceholderScanner.h"
#include "core/WorkflowTaskParser.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace orrery {

namespace {

constexpr qint64 kMaxExactLong = (qint64(1) << 53);

void readTopLevel(FieldReader &r, WorkflowDef &d)
{
    const QJsonObject &obj = r.object();
    if (const auto v = r.string(QStringLiteral("name")))
        d.name = *v;
    const QJsonValue rawName = obj.value(QStringLiteral("name"));
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9_<>{}#\\s-]+$"));
    if (d.name.isEmpty() && (rawName.isUndefined() || rawName.isNull() || rawName.isString()))
        r.error(QStringLiteral("name"), QStringLiteral("WorkflowDef name cannot be null or empty"),
                rawName.isUndefined() ? QJsonValue() : rawName);
    else if (!d.name.isEmpty() && !nameRe.match(d.name).hasMatch())
        r.error(QStringLiteral("name"),
                QStringLiteral("Invalid name '%1'. Allowed characters are alphanumeric, underscores, spaces, "
                               "hyphens, and special characters like <, >, {, }, #")
                    .arg(d.name),
                rawName);
    if (const auto v = r.string(QStringLiteral("description")))
        d.description = *v;
    if (const auto v = r.string(QStringLiteral("ownerEmail")))
        d.ownerEmail = *v;
    if (const auto v = r.integer(QStringLiteral("version")))
        d.version = int(*v);
    if (const auto v = r.integer(QStringLiteral("schemaVersion")); v && *v != 2)
        r.error(QStringLiteral("schemaVersion"), QStringLiteral("workflowDef schemaVersion: 2 is only supported"),
                obj.value(QStringLiteral("schemaVersion")));
    r.stringList(QStringLiteral("inputParameters"));
    if (const auto v = r.object(QStringLiteral("outputParameters")))
        d.outputParameters = *v;
    if (const auto v = r.object(QStringLiteral("inputTemplate")))
        d.inputTemplate = *v;
    if (const auto v = r.object(QStringLiteral("variables")))
        d.variables = *v;
    if (const auto v = r.string(QStringLiteral("failureWorkflow")))
        d.failureWorkflow = *v;
    if (const auto v = r.integer(QStringLiteral("failureWorkflowVersion")))
        d.failureWorkflowVersion = int(*v);
    if (const auto v = r.enumeration(QStringLiteral("timeoutPolicy"), {QStringLiteral("TIME_OUT_WF"), QStringLiteral("ALERT_ONLY")}))
        d.timeoutPolicy = *v;
    if (const auto v = r.integer(QStringLiteral("timeoutSeconds"), -kMaxExactLong, kMaxExactLong)) {
        d.timeoutSeconds = *v;
        if (*v < 0)
            r.error(QStringLiteral("timeoutSeconds"), QStringLiteral("timeoutSeconds must be >= 0 (0 = no timeout)"),
                    QJsonValue(double(*v)));
    }
    if (const auto v = r.boolean(QStringLiteral("restartable")))
        d.restartable = *v;
    r.boolean(QStringLiteral("workflowStatusListenerEnabled"));
    r.string(QStringLiteral("workflowStatusListenerSink"));
    if (const auto v = r.string(QStringLiteral("projectId")))
        d.projectId = *v;
    if (const auto v = r.integer(QStringLiteral("createTime"), 0, kMaxExactLong))
        d.createTime = *v;
    if (const auto v = r.integer(QStringLiteral("updateTime"), 0, kMaxExactLong))
        d.updateTime = *v;
}

QString compact(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return {};
}

// Spec §3: in top-level tasks, every ${x.…} with x != workflow names a task of the definition.
void checkRefs(FieldReader &r, const WorkflowTask &t, const QString &key, const QJsonValue &value,
               const QString &path, const QSet<QString> &refs)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            checkRefs(r, t, it.key(), it.value(), FieldReader::join(path, it.key()), refs);
        return;
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            checkRefs(r, t, key, a.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), refs);
        return;
    }
    if (!value.isString())
        return;
    for (const QString &ref : PlaceholderScanner::referencedTaskRefs(value)) {
        if (refs.contains(ref))
            continue;
        r.errors().append(FieldError{
            path,
            QStringLiteral("taskReferenceName: %1 for given task: %2 input value: %3 of input parameter: %4 "
                           "is not defined in workflow definition.")
                .arg(ref, t.name, compact(value), key),
            value});
    }
}

void checkStructure(FieldReader &r, const WorkflowDef &d)
{
    QSet<QString> refs;
    WorkflowTaskParser::visit(d.tasks, r.path(QStringLiteral("tasks")), [&](const WorkflowTask &t, const QString &path) {
        if (t.taskReferenceName.isEmpty())
            return;
        if (refs.contains(t.taskReferenceName)) {
            r.errors().append(FieldError{
                FieldReader::join(path, QStringLiteral("taskReferenceName")),
                QStringLiteral("taskReferenceName: %1 should be unique across tasks for a given workflowDefinition: %2")
                    .arg(t.taskReferenceName, d.name),
                QJsonValue(t.taskReferenceName)});
        }
        refs.insert(t.taskReferenceName);
    });
    for (size_t i = 0; i < d.tasks.size(); ++i) {
        const WorkflowTask &t = d.tasks[i];
        const QString base = r.path(QStringLiteral("tasks[%1].inputParameters").arg(i));
        for (auto it = t.inputParameters.constBegin(); it != t.inputParameters.constEnd(); ++it)
            checkRefs(r, t, it.key(), it.value(), FieldReader::join(base, it.key()), refs);
    }
}

void collect(const std::vector<WorkflowTask> &tasks, std::vector<const WorkflowTask *> &out)
{
    for (const WorkflowTask &t : tasks) {
        out.push_back(&t);
        for (auto it = t.decisionCases.constBegin(); it != t.decisionCases.constEnd(); ++it)
            collect(it.value(), out);
        collect(t.defaultCase, out);
        for (const auto &branch : t.forkTasks)
            collect(branch, out);
        collect(t.loopOver, out);
    }
}

const WorkflowTask *find(const std::vector<WorkflowTask> &tasks, const QString &ref)
{
    for (const WorkflowTask &t : tasks) {
        if (t.taskReferenceName == ref)
            return &t;
        for (auto it = t.decisionCases.constBegin(); it != t.decisionCases.constEnd(); ++it) {
            if (const WorkflowTask *hit = find(it.value(), ref))
                return hit;
        }
        if (const WorkflowTask *hit = find(t.defaultCase, ref))
            return hit;
        for (const auto &branch : t.forkTasks) {
            if (const WorkflowTask *hit = find(branch, ref))
                return hit;
        }
        if (const WorkflowTask *hit = find(t.loopOver, ref))
            return hit;
    }
    return nullptr;
}

} // namespace

WorkflowDef WorkflowDef::parse(const QJsonObject &obj, const QString &path, QList<FieldError> &errors,
                               const TaskTemplateLookup &taskTemplates)
{
    FieldReader r(obj, path, errors);
    WorkflowDef d;
    d.json = obj;
    readTopLevel(r, d);
    const QJsonValue tasks = obj.value(QStringLiteral("tasks"));
    if (tasks.isUndefined() || tasks.isNull() || (tasks.isArray() && tasks.toArray().isEmpty())) {
        r.error(QStringLiteral("tasks"), QStringLiteral("WorkflowTask list cannot be empty"),
                tasks.isUndefined() ? QJsonValue() : tasks);
    } else {
        WorkflowTaskParser parser(errors, taskTemplates);
        d.tasks = parser.parseList(tasks, r.path(QStringLiteral("tasks")));
    }
    checkStructure(r, d);
    d.json = d.toJson();
    return d;
}

Result<WorkflowDef> WorkflowDef::fromJson(const QJsonObject &obj, const QString &path)
{
    return fromJson(obj, path, TaskTemplateLookup());
}

Result<WorkflowDef> WorkflowDef::fromJson(const QJsonObject &obj, const QString &path,
                                          const TaskTemplateLookup &taskTemplates)
{
    QList<FieldError> errors;
    WorkflowDef d = parse(obj, path, errors, taskTemplates);
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Validation failed, check below errors for detail."), errors);
    return d;
}

QJsonObject WorkflowDef::toJson() const
{
    QJsonObject o;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!it->isNull() && !it->isUndefined())
            o.insert(it.key(), it.value());
    }
    auto setOrRemove = [&o](const QString &key, const QString &value) {
        if (value.isEmpty())
            o.remove(key);
        else
            o.insert(key, value);
    };
    o.insert(QStringLiteral("name"), name);
    setOrRemove(QStringLiteral("description"), description);
    o.insert(QStringLiteral("version"), version);
    QJsonArray taskArray;
    for (const WorkflowTask &t : tasks)
        taskArray.append(t.toJson());
    o.insert(QStringLiteral("tasks"), taskArray);
    if (!o.contains(QStringLiteral("inputParameters")))
        o.insert(QStringLiteral("inputParameters"), QJsonArray());
    o.insert(QStringLiteral("outputParameters"), outputParameters);
    setOrRemove(QStringLiteral("failureWorkflow"), failureWorkflow);
    if (failureWorkflowVersion)
        o.insert(QStringLiteral("failureWorkflowVersion"), *failureWorkflowVersion);
    else
        o.remove(QStringLiteral("failureWorkflowVersion"));
    o.insert(QStringLiteral("schemaVersion"), 2);
    o.insert(QStringLiteral("restartable"), restartable);
    if (!o.contains(QStringLiteral("workflowStatusListenerEnabled")))
        o.insert(QStringLiteral("workflowStatusListenerEnabled"), false);
    setOrRemove(QStringLiteral("ownerEmail"), ownerEmail);
    o.insert(QStringLiteral("timeoutPolicy"), timeoutPolicy);
    o.insert(QStringLiteral("timeoutSeconds"), double(timeoutSeconds));
    o.insert(QStringLiteral("variables"), variables);
    o.insert(QStringLiteral("inputTemplate"), inputTemplate);
    setOrRemove(QStringLiteral("projectId"), projectId);
    if (createTime > 0)
        o.insert(QStringLiteral("createTime"), double(createTime));
    else
        o.remove(QStringLiteral("createTime"));
    if (updateTime > 0)
        o.insert(QStringLiteral("updateTime"), double(updateTime));
    else
        o.remove(QStringLiteral("updateTime"));
    return o;
}

const WorkflowTask *WorkflowDef::findByRef(const QString &ref) const
{
    return find(tasks, ref);
}

const WorkflowTask *WorkflowDef::findForTask(const QString &taskRef) const
{
    if (const WorkflowTask *node = findByRef(taskRef))
        return node;
    const qsizetype at = taskRef.lastIndexOf(QLatin1String("__"));
    if (at <= 0 || at + 2 >= taskRef.size())
        return nullptr;
    for (qsizetype i = at + 2; i < taskRef.size(); ++i)
        if (!taskRef[i].isDigit())
            return nullptr;
    return findByRef(taskRef.left(at));
}

std::vector<const WorkflowTask *> WorkflowDef::allTasks() const
{
    std::vector<const WorkflowTask *> out;
    collect(tasks, out);
    return out;
}

void WorkflowDef::computeSnapshotId()
{
    const QByteArray text = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    snapshotId = QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex().left(32));
}

} // namespace orrery
