#include "Decider.h"

#include "workflow/ParameterResolver.h"
#include "workflow/systemtasks/SystemTask.h"
#include "workflow/systemtasks/SystemTaskRegistry.h"

#include "core/TimeOrderedId.h"

#include <QUuid>

// How the decider creates tasks and finds what follows one in the definition tree.

namespace orrery {

namespace {

QString newId() { return TimeOrderedId::next(); } // time-ordered: see TimeOrderedId

// The first path segment of every ${...} in `v` (e.g. "workflow", "ref_a"), so the expression
// context is built only for what a template uses. Sets `all` when a root cannot be told
// (nested placeholders, bracket roots): the caller then builds the whole context.
void placeholderRoots(const QJsonValue &v, QSet<QString> &roots, bool &all)
{
    switch (v.type()) {
    case QJsonValue::String: {
        const QString s = v.toString();
        for (qsizetype i = s.indexOf(QLatin1String("${")); i >= 0; i = s.indexOf(QLatin1String("${"), i + 2)) {
            qsizetype j = i + 2;
            if (s.mid(j, 2) == QLatin1String("$."))
                j += 2;
            const qsizetype start = j;
            while (j < s.size() && (s[j].isLetterOrNumber() || s[j] == u'_' || s[j] == u'-'))
                ++j;
            if (j == start || (j < s.size() && s[j] != u'.' && s[j] != u'[' && s[j] != u'}')) {
                all = true;
            } else {
                const QString root = s.mid(start, j - start);
                roots.insert(root);
                if (root == QLatin1String("workflow")) {
                    // Also which field of the workflow ("workflow.input"), so the context holds
                    // only those; "workflow.*" when it cannot be told (${workflow}, brackets).
                    qsizetype k = j + 1;
                    while (j < s.size() && s[j] == u'.' && k < s.size()
                           && (s[k].isLetterOrNumber() || s[k] == u'_' || s[k] == u'-'))
                        ++k;
                    roots.insert(k > j + 1 ? QLatin1String("workflow.") + s.mid(j + 1, k - j - 1) : QStringLiteral("workflow.*"));
                }
            }
        }
        return;
    }
    case QJsonValue::Array:
        for (const QJsonValue &e : v.toArray())
            placeholderRoots(e, roots, all);
        return;
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            placeholderRoots(it.value(), roots, all);
        return;
    }
    default:
        return;
    }
}

// Where a ref sits in the definition: its list, index, and the node owning that list (none at
// the top level).
struct Position
{
    const std::vector<WorkflowTask> *list = nullptr;
    size_t index = 0;
    const WorkflowTask *owner = nullptr;
};

bool locate(const std::vector<WorkflowTask> &list, const WorkflowTask *owner, const QString &ref, Position &pos)
{
    for (size_t i = 0; i < list.size(); ++i) {
        if (list[i].taskReferenceName == ref) {
            pos = Position{&list, i, owner};
            return true;
        }
    }
    for (const WorkflowTask &wt : list) {
        for (const auto &c : wt.decisionCases)
            if (locate(c, &wt, ref, pos))
                return true;
        if (locate(wt.defaultCase, &wt, ref, pos))
            return true;
        for (const auto &f : wt.forkTasks)
            if (locate(f, &wt, ref, pos))
                return true;
        if (locate(wt.loopOver, &wt, ref, pos))
            return true;
    }
    return false;
}

int suffixIteration(const QString &ref, const QString &base)
{
    return ref.size() > base.size() ? ref.mid(base.size() + 2).toInt() : 0;
}

} // namespace

const SystemTask *Decider::systemTask(const QString &type) { return SystemTaskRegistry::builtins().find(type); }

QString Decider::baseRef(const QString &ref)
{
    const qsizetype at = ref.lastIndexOf(QLatin1String("__"));
    if (at <= 0 || at + 2 >= ref.size())
        return ref;
    for (qsizetype i = at + 2; i < ref.size(); ++i)
        if (!ref[i].isDigit())
            return ref;
    return ref.left(at);
}

QString Decider::iterationSuffix(const WorkflowRun &run, const Task &t)
{
    if (t.iteration <= 0 || (run.wf.definition && run.wf.definition->findByRef(t.referenceTaskName)))
        return {};
    const QString base = baseRef(t.referenceTaskName);
    return base == t.referenceTaskName ? QString() : t.referenceTaskName.mid(base.size());
}

const WorkflowTask *Decider::nodeOf(const WorkflowRun &run, const QString &ref) const
{
    if (const WorkflowDef *def = run.wf.definition.get()) {
        if (const WorkflowTask *node = def->findForTask(ref)) {
            if (node->type != QLatin1String("DYNAMIC"))
                return node;
            const auto mapped = run.dynamicNodes.constFind(ref); // the task a DYNAMIC node became
            return mapped == run.dynamicNodes.constEnd() ? node : &*mapped;
        }
    }
    const auto it = run.dynamicNodes.constFind(ref);
    return it == run.dynamicNodes.constEnd() ? nullptr : &*it;
}

TaskDef Decider::definitionFor(const WorkflowTask &wt) const
{
    if (const TaskDef *registered = m_metadata.taskDef(wt.name))
        return *registered;
    if (wt.taskDefinition)
        return *wt.taskDefinition;
    TaskDef def = TaskDef::adHoc(wt.name);
    if (systemTask(wt.type)) {
        // Spec §3: a system task without a TaskDef is not retried and has no response timeout.
        def.retryCount = 0;
        def.responseTimeoutSeconds = 0;
        def.json = def.toJson();
    }
    return def;
}

TaskDef Decider::effectiveTaskDef(const WorkflowRun &run, const Task &t) const
{
    if (const WorkflowTask *node = nodeOf(run, t.referenceTaskName))
        return definitionFor(*node);
    if (const TaskDef *registered = m_metadata.taskDef(t.taskDefName))
        return *registered;
    return TaskDef::adHoc(t.taskDefName);
}

void Decider::resolveInput(WorkflowRun &run, const WorkflowTask &wt, const TaskDef &def, Task &t) const
{
    if (wt.inputParameters.isEmpty() && def.inputTemplate.isEmpty())
        return;
    QSet<QString> roots;
    bool all = false;
    placeholderRoots(wt.inputParameters, roots, all);
    placeholderRoots(def.inputTemplate, roots, all);
    const QJsonObject context = all ? expressionContext(run) : roots.isEmpty() ? QJsonObject() : expressionContext(run, &roots);
    const QJsonObject resolved = ParameterResolver::resolveInput(wt.inputParameters, def.inputTemplate, context, t.taskId);
    for (auto it = resolved.begin(); it != resolved.end(); ++it)
        t.inputData.insert(it.key(), it.value());
}

Task Decider::newTask(const WorkflowRun &run, const WorkflowTask &wt, int iteration)
{
    const SystemTask *system = systemTask(wt.type);
    Task t;
    t.taskId = newId();
    t.taskType = wt.type == QLatin1String("SIMPLE") ? wt.name : system ? system->taskType(wt.type) : wt.type;
    t.taskDefName = wt.name;
    t.referenceTaskName = iteration > 0 ? QStringLiteral("%1__%2").arg(wt.taskReferenceName).arg(iteration)
                                        : wt.taskReferenceName;
    t.iteration = iteration;
    t.workflowInstanceId = run.wf.workflowId;
    t.workflowType = run.wf.workflowName;
    t.correlationId = run.wf.correlationId;
    t.projectId = run.wf.projectId;
    t.workflowPriority = run.wf.priority;
    t.workflowTask = wt.json;
    return t;
}

int Decider::scheduleTask(WorkflowRun &run, const WorkflowTask &wt, Decision &out, const Task *retryOf, qint64 delayMs,
                          int iteration)
{
    if (isTerminal(run.wf.status))
        return -1; // ended during this decision (a DYNAMIC task that could not be mapped)
    if (wt.type == QLatin1String("DYNAMIC"))
        return scheduleDynamic(run, wt, out, retryOf, delayMs, iteration);
    const qint64 now = m_clock.nowMs();
    const SystemTask *system = systemTask(wt.type);
    Task t = newTask(run, wt, iteration);
    t.status = TaskStatus::Scheduled;
    t.scheduledTime = now;
    t.updateTime = now;

    const TaskDef def = definitionFor(wt);
    t.responseTimeoutSeconds = def.responseTimeoutSeconds;
    t.rateLimitPerFrequency = def.rateLimitPerFrequency;
    t.rateLimitFrequencyInSeconds = def.rateLimitFrequencyInSeconds;

    if (retryOf) {
        t.retryCount = retryOf->retryCount + 1;
        t.retriedTaskId = retryOf->taskId;
        t.firstScheduledTime = retryOf->firstScheduledTime ? retryOf->firstScheduledTime : retryOf->scheduledTime;
        t.reasonForIncompletion = retryOf->reasonForIncompletion;
        t.inputData = retryOf->inputData; // re-evaluated on top of the old input below
        const qint64 delaySeconds = (delayMs + 999) / 1000;
        t.startDelayInSeconds = int(delaySeconds);
        t.callbackAfterSeconds = delaySeconds;
    } else {
        t.firstScheduledTime = now;
        t.startDelayInSeconds = wt.startDelay;
        t.callbackAfterSeconds = wt.startDelay;
    }
    resolveInput(run, wt, def, t);

    if (!run.wf.taskToDomain.isEmpty() && (!system || system->queued())) {
        QString domains = run.wf.taskToDomain.value(t.taskType).toString();
        if (domains.isEmpty())
            domains = run.wf.taskToDomain.value(QStringLiteral("*")).toString();
        if (!domains.isEmpty())
            t.domain = m_domains ? m_domains(t.taskType, domains) : domains.section(QLatin1Char(','), 0, 0).trimmed();
    }

    run.add(std::move(t));
    const int index = int(run.tasks.size()) - 1;
    out.changed.append(index);
    if (system && !system->queued()) {
        out.started.append(index);
        system->start(SystemTaskCall{*this, run, index, wt, out});
    } else {
        out.scheduled.append(index);
    }
    return index;
}

int Decider::scheduleChild(WorkflowRun &run, int parentIndex, const WorkflowTask &wt, Decision &out, int iteration)
{
    if (iteration < 0) {
        const Task &parent = run.tasks[size_t(parentIndex)];
        const QString suffix = iterationSuffix(run, parent);
        iteration = suffix.isEmpty() ? 0 : parent.iteration;
    }
    const QString ref = iteration > 0 ? QStringLiteral("%1__%2").arg(wt.taskReferenceName).arg(iteration) : wt.taskReferenceName;
    if (const Task *existing = run.latest(ref)) {
        // Its turn came: a task skipped ahead passes it on (idempotent: what follows it is
        // scheduled only once).
        if (isSkipPlaceholder(*existing))
            scheduleAfter(run, run.byTaskId.value(existing->taskId), out);
        return -1;
    }
    return scheduleTask(run, wt, out, nullptr, 0, iteration);
}

int Decider::skipAhead(WorkflowRun &run, const QString &ref, const QJsonObject &input, const QJsonObject &output, Decision &out)
{
    const WorkflowTask *node = nodeOf(run, ref);
    if (!node || run.latest(ref))
        return -1;
    const qint64 now = m_clock.nowMs();
    Task t = newTask(run, *node, ref == node->taskReferenceName ? 0 : suffixIteration(ref, node->taskReferenceName));
    t.status = TaskStatus::Skipped;
    t.inputData = input;
    t.outputData = output;
    t.endTime = now;
    t.updateTime = now;
    t.executed = true;
    run.add(std::move(t));
    const int index = int(run.tasks.size()) - 1;
    out.changed.append(index);
    return index;
}

QList<int> Decider::scheduleAfter(WorkflowRun &run, int index, Decision &out)
{
    const WorkflowDef *def = run.wf.definition.get();
    if (!def)
        return {};
    const QString ref = run.tasks[size_t(index)].referenceTaskName;
    Position pos;
    const bool exact = locate(def->tasks, nullptr, ref, pos);
    QString base = ref;
    if (!exact) {
        base = baseRef(ref);
        if (base == ref || !locate(def->tasks, nullptr, base, pos))
            return {}; // forked at run time: the JOIN follows the fork, not the branch
    }
    const int iteration = exact ? 0 : suffixIteration(ref, base);
    if (pos.index + 1 < pos.list->size()) {
        const int next = scheduleChild(run, index, (*pos.list)[pos.index + 1], out, iteration);
        return next >= 0 ? QList<int>{next} : QList<int>{};
    }
    if (!pos.owner || (pos.owner->type != QLatin1String("SWITCH") && pos.owner->type != QLatin1String("DECISION")))
        return {}; // end of the workflow, of a fork branch (the JOIN waits) or of a loop body (the loop decides)
    // The end of a SWITCH branch: what follows the SWITCH itself.
    const QString ownerRef = iteration > 0 ? QStringLiteral("%1__%2").arg(pos.owner->taskReferenceName).arg(iteration)
                                           : pos.owner->taskReferenceName;
    const Task *owner = run.latest(ownerRef);
    return owner ? scheduleAfter(run, run.byTaskId.value(owner->taskId), out) : QList<int>{};
}

void Decider::scheduleNext(WorkflowRun &run, int index, Decision &out)
{
    const QString ref = run.tasks[size_t(index)].referenceTaskName;
    const WorkflowTask *node = nodeOf(run, ref);
    const SystemTask *system = node ? systemTask(node->type) : nullptr;
    if (system)
        system->scheduleNext(SystemTaskCall{*this, run, index, *node, out});
    else
        scheduleAfter(run, index, out);
}

} // namespace orrery
