#include "Decider.h"

#include "recovery/RetryPolicy.h"
#include "workflow/ParameterResolver.h"

#include <QUuid>

namespace orrery {

namespace {

QString newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

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
            if (j == start || (j < s.size() && s[j] != u'.' && s[j] != u'[' && s[j] != u'}'))
                all = true;
            else
                roots.insert(s.mid(start, j - start));
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

QJsonObject taskContext(const Task &t)
{
    return QJsonObject{
        {QStringLiteral("input"), t.inputData},
        {QStringLiteral("output"), t.outputData},
        {QStringLiteral("taskType"), t.taskType},
        {QStringLiteral("status"), toString(t.status)},
        {QStringLiteral("referenceTaskName"), t.referenceTaskName},
        {QStringLiteral("retryCount"), t.retryCount},
        {QStringLiteral("correlationId"), t.correlationId},
        {QStringLiteral("pollCount"), t.pollCount},
        {QStringLiteral("taskDefName"), t.taskDefName},
        {QStringLiteral("scheduledTime"), t.scheduledTime},
        {QStringLiteral("startTime"), t.startTime},
        {QStringLiteral("endTime"), t.endTime},
        {QStringLiteral("workflowInstanceId"), t.workflowInstanceId},
        {QStringLiteral("taskId"), t.taskId},
        {QStringLiteral("reasonForIncompletion"), t.reasonForIncompletion},
        {QStringLiteral("callbackAfterSeconds"), t.callbackAfterSeconds},
        {QStringLiteral("workerId"), t.workerId},
        {QStringLiteral("iteration"), t.iteration},
    };
}

} // namespace

Decider::Decider(const MetadataRegistry &metadata, const Clock &clock, QRandomGenerator &rng, DomainChooser domains)
    : m_metadata(metadata), m_clock(clock), m_rng(rng), m_domains(std::move(domains))
{
}

bool Decider::isSupportedType(const QString &type) { return type == QLatin1String("SIMPLE"); }

QStringList Decider::unsupportedTypes(const WorkflowDef &def)
{
    QStringList out;
    std::function<void(const std::vector<WorkflowTask> &)> walk = [&](const std::vector<WorkflowTask> &list) {
        for (const WorkflowTask &wt : list) {
            if (!isSupportedType(wt.type) && !out.contains(wt.type))
                out.append(wt.type);
            for (const auto &c : wt.decisionCases)
                walk(c);
            walk(wt.defaultCase);
            for (const auto &f : wt.forkTasks)
                walk(f);
            walk(wt.loopOver);
        }
    };
    walk(def.tasks);
    return out;
}

QJsonObject Decider::expressionContext(const WorkflowRun &run) const
{
    return expressionContext(run, nullptr);
}

QJsonObject Decider::expressionContext(const WorkflowRun &run, const QSet<QString> *roots) const
{
    const Workflow &wf = run.wf;
    QJsonObject ctx;
    if (!roots || roots->contains(QStringLiteral("workflow"))) {
        ctx.insert(QStringLiteral("workflow"),
               QJsonObject{{QStringLiteral("input"), wf.input},
                           {QStringLiteral("output"), wf.output},
                           {QStringLiteral("status"), toString(wf.status)},
                           {QStringLiteral("workflowId"), wf.workflowId},
                           {QStringLiteral("parentWorkflowId"), wf.parentWorkflowId},
                           {QStringLiteral("parentWorkflowTaskId"), wf.parentWorkflowTaskId},
                           {QStringLiteral("workflowType"), wf.workflowName},
                           {QStringLiteral("version"), wf.workflowVersion},
                           {QStringLiteral("correlationId"), wf.correlationId},
                           {QStringLiteral("reasonForIncompletion"), wf.reasonForIncompletion},
                           {QStringLiteral("schemaVersion"), 2},
                           {QStringLiteral("variables"), wf.variables},
                           {QStringLiteral("createTime"), wf.createTime},
                           {QStringLiteral("taskToDomain"), wf.taskToDomain}});
    }
    // Later attempts overwrite earlier ones: a retried ref resolves to its latest attempt.
    for (const Task &t : run.tasks)
        if (!roots || roots->contains(t.referenceTaskName))
            ctx.insert(t.referenceTaskName, taskContext(t));
    return ctx;
}

TaskDef Decider::effectiveTaskDef(const WorkflowRun &run, const Task &t) const
{
    if (const TaskDef *registered = m_metadata.taskDef(t.taskDefName))
        return *registered;
    if (const WorkflowTask *node = nodeOf(run, t.referenceTaskName); node && node->taskDefinition)
        return *node->taskDefinition;
    return TaskDef::adHoc(t.taskDefName);
}

const WorkflowTask *Decider::nodeOf(const WorkflowRun &run, const QString &ref) const
{
    return run.wf.definition ? run.wf.definition->findByRef(ref) : nullptr;
}

int Decider::scheduleTask(WorkflowRun &run, const WorkflowTask &wt, Decision &out, const Task *retryOf, qint64 delayMs)
{
    const qint64 now = m_clock.nowMs();
    Task t;
    t.taskId = newId();
    t.taskType = wt.type == QLatin1String("SIMPLE") ? wt.name : wt.type;
    t.taskDefName = wt.name;
    t.referenceTaskName = wt.taskReferenceName;
    t.status = TaskStatus::Scheduled;
    t.workflowInstanceId = run.wf.workflowId;
    t.workflowType = run.wf.workflowName;
    t.correlationId = run.wf.correlationId;
    t.projectId = run.wf.projectId;
    t.workflowPriority = run.wf.priority;
    t.scheduledTime = now;
    t.updateTime = now;
    t.workflowTask = wt.json;

    const TaskDef *registered = m_metadata.taskDef(wt.name);
    const TaskDef def = registered ? *registered : (wt.taskDefinition ? *wt.taskDefinition : TaskDef::adHoc(wt.name));
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

    if (!wt.inputParameters.isEmpty() || !def.inputTemplate.isEmpty()) {
        QJsonObject resolved;
        QSet<QString> roots;
        bool all = false;
        placeholderRoots(wt.inputParameters, roots, all);
        placeholderRoots(def.inputTemplate, roots, all);
        if (all || !roots.isEmpty())
            resolved = ParameterResolver::resolveInput(wt.inputParameters, def.inputTemplate,
                                                       expressionContext(run, all ? nullptr : &roots), t.taskId);
        else
            resolved = ParameterResolver::resolveInput(wt.inputParameters, def.inputTemplate, QJsonObject(), t.taskId);
        for (auto it = resolved.begin(); it != resolved.end(); ++it)
            t.inputData.insert(it.key(), it.value());
    }

    if (!run.wf.taskToDomain.isEmpty()) {
        QString domains = run.wf.taskToDomain.value(t.taskType).toString();
        if (domains.isEmpty())
            domains = run.wf.taskToDomain.value(QStringLiteral("*")).toString();
        if (!domains.isEmpty())
            t.domain = m_domains ? m_domains(t.taskType, domains) : domains.section(QLatin1Char(','), 0, 0).trimmed();
    }

    run.add(std::move(t));
    const int index = int(run.tasks.size()) - 1;
    out.scheduled.append(index);
    out.changed.append(index);
    return index;
}

void Decider::start(WorkflowRun &run, Decision &out)
{
    const WorkflowDef *def = run.wf.definition.get();
    if (!def || def->tasks.empty()) {
        complete(run, out);
        return;
    }
    scheduleTask(run, def->tasks.front(), out, nullptr, 0);
    out.workflowChanged = true;
}

void Decider::scheduleNext(WorkflowRun &run, const QString &ref, Decision &out)
{
    const WorkflowDef *def = run.wf.definition.get();
    if (!def)
        return;
    const auto &list = def->tasks;
    for (size_t i = 0; i < list.size(); ++i) {
        if (list[i].taskReferenceName != ref)
            continue;
        if (i + 1 < list.size() && !run.latest(list[i + 1].taskReferenceName))
            scheduleTask(run, list[i + 1], out, nullptr, 0);
        return;
    }
}

bool Decider::handleFailure(WorkflowRun &run, int index, Decision &out)
{
    Task &t = run.tasks[size_t(index)];
    const WorkflowTask *node = nodeOf(run, t.referenceTaskName);
    const TaskDef def = effectiveTaskDef(run, t);

    auto policy = RetryPolicy::fromJson(def.json.isEmpty() ? QJsonObject() : def.json);
    RetryPolicy p = policy.ok() ? policy.value() : RetryPolicy();
    p.retryCount = (node && node->retryCount) ? *node->retryCount : def.retryCount;

    TaskFailureStatus fs = TaskFailureStatus::Failed;
    switch (t.status) {
    case TaskStatus::FailedWithTerminalError: fs = TaskFailureStatus::FailedWithTerminalError; break;
    case TaskStatus::TimedOut: fs = TaskFailureStatus::TimedOut; break;
    case TaskStatus::Canceled: fs = TaskFailureStatus::Canceled; break;
    default: break;
    }
    const RetryDecision d = p.decide(fs, t.retryCount, t.firstScheduledTime, m_clock.nowMs(), m_rng, false);
    if (d.retry && node) {
        t.retried = true;
        out.changed.append(index);
        const Task copy = t; // scheduleTask may reallocate run.tasks
        scheduleTask(run, *node, out, &copy, d.delayMs);
        return true;
    }
    out.deadLettered.append({index, RetryDecision::reasonName(d.reasonClass), d.message});
    if (node && node->optional) {
        t.status = TaskStatus::CompletedWithErrors;
        out.changed.append(index);
        scheduleNext(run, t.referenceTaskName, out);
        return true;
    }
    if (node && node->permissive) {
        if (!run.wf.failedReferenceTaskNames.contains(t.referenceTaskName)) {
            run.wf.failedReferenceTaskNames.append(t.referenceTaskName);
            run.wf.failedTaskNames.append(t.taskDefName);
        }
        scheduleNext(run, t.referenceTaskName, out);
        return true;
    }
    // Spec §6: CANCELED -> TERMINATED, TIMED_OUT -> TIMED_OUT, anything else -> FAILED.
    const WorkflowStatus wfStatus = parseWorkflowStatus(d.workflowStatus).value_or(WorkflowStatus::Failed);
    if (!run.wf.failedReferenceTaskNames.contains(t.referenceTaskName)) {
        run.wf.failedReferenceTaskNames.append(t.referenceTaskName);
        run.wf.failedTaskNames.append(t.taskDefName);
    }
    const QString reason = QStringLiteral("Task %1 failed with status: %2 and reason: '%3'")
                               .arg(t.taskId, toString(t.status), t.reasonForIncompletion);
    finish(run, wfStatus, reason, out);
    return false;
}

int Decider::reschedule(WorkflowRun &run, const QString &ref, Decision &out)
{
    const Task *last = run.latest(ref);
    const WorkflowTask *node = nodeOf(run, ref);
    if (!last || !node)
        return -1;
    if (isTerminal(run.wf.status)) {
        run.wf.status = WorkflowStatus::Running;
        run.wf.reasonForIncompletion.clear();
        run.wf.endTime = 0;
        run.wf.output = QJsonObject();
        const int i = run.wf.failedReferenceTaskNames.indexOf(ref);
        if (i >= 0) {
            run.wf.failedReferenceTaskNames.removeAt(i);
            if (i < run.wf.failedTaskNames.size())
                run.wf.failedTaskNames.removeAt(i);
        }
    }
    run.wf.lastRetriedTime = m_clock.nowMs();
    out.workflowChanged = true;
    const Task copy = *last;
    const int lastIndex = run.byTaskId.value(copy.taskId);
    run.tasks[size_t(lastIndex)].retried = true;
    out.changed.append(lastIndex);
    return scheduleTask(run, *node, out, &copy, 0);
}

void Decider::decide(WorkflowRun &run, Decision &out)
{
    if (isTerminal(run.wf.status))
        return;
    const bool paused = run.wf.status == WorkflowStatus::Paused;
    for (size_t i = 0; i < run.tasks.size(); ++i) { // run.tasks may grow while we walk it
        Task &t = run.tasks[i];
        if (t.executed || !isTerminal(t.status))
            continue;
        if (paused)
            return; // a paused workflow schedules nothing until resumed
        t.executed = true;
        out.changed.append(int(i));
        if (isSuccessful(t.status)) {
            scheduleNext(run, t.referenceTaskName, out);
        } else if (!handleFailure(run, int(i), out)) {
            return; // the workflow ended
        }
    }
    for (const Task &t : run.tasks)
        if (!isTerminal(t.status) || !t.executed)
            return;
    if (!paused)
        complete(run, out);
}

QJsonObject Decider::computeOutput(const WorkflowRun &run) const
{
    const WorkflowDef *def = run.wf.definition.get();
    if (def && !def->outputParameters.isEmpty())
        return ParameterResolver::resolve(def->outputParameters, expressionContext(run)).toObject();
    for (auto it = run.tasks.rbegin(); it != run.tasks.rend(); ++it)
        if (isTerminal(it->status))
            return it->outputData;
    return {};
}

void Decider::complete(WorkflowRun &run, Decision &out)
{
    if (!run.wf.failedReferenceTaskNames.isEmpty()) {
        // permissive failures end the workflow FAILED once everything else is done (spec §8.3)
        finish(run, WorkflowStatus::Failed,
               QStringLiteral("Permissive tasks failed: %1").arg(run.wf.failedReferenceTaskNames.join(QLatin1String(", "))),
               out);
        return;
    }
    finish(run, WorkflowStatus::Completed, QString(), out);
}

void Decider::finish(WorkflowRun &run, WorkflowStatus status, const QString &reason, Decision &out)
{
    const qint64 now = m_clock.nowMs();
    for (size_t i = 0; i < run.tasks.size(); ++i) {
        Task &t = run.tasks[i];
        if (isTerminal(t.status))
            continue;
        t.status = TaskStatus::Canceled;
        t.endTime = now;
        t.updateTime = now;
        t.executed = true;
        out.changed.append(int(i));
        out.canceled.append(int(i));
    }
    run.wf.status = status;
    if (!reason.isNull())
        run.wf.reasonForIncompletion = reason;
    run.wf.output = computeOutput(run);
    run.wf.endTime = now;
    run.wf.updateTime = now;
    out.workflowChanged = true;
    out.workflowEnded = true;
}

} // namespace orrery
