#include "Decider.h"

#include "core/WorkflowTaskParser.h"
#include "recovery/RetryPolicy.h"
#include "script/ScriptEvaluator.h"
#include "workflow/ParameterResolver.h"
#include "workflow/systemtasks/DynamicTask.h"
#include "workflow/systemtasks/SystemTask.h"
#include "workflow/systemtasks/SystemTaskRegistry.h"

#include <QJsonArray>

namespace orrery {

namespace {
// Passes of a decision before it stops: each pass handles what the previous one scheduled or
// ended (a JOIN after its branches, a loop after its body); a definition needs a handful.
constexpr int kMaxPasses = 256;
} // namespace

Decider::Decider(const MetadataRegistry &metadata, const Clock &clock, QRandomGenerator &rng, DomainChooser domains)
    : m_metadata(metadata), m_clock(clock), m_rng(rng), m_domains(std::move(domains))
{
}

ScriptEvaluator &Decider::scripts() const { return ScriptEvaluator::forThisThread(); }

QStringList Decider::unsupportedTypes(const WorkflowDef &def)
{
    QStringList out;
    for (const WorkflowTask *wt : def.allTasks())
        if (wt->type != QLatin1String("SIMPLE") && !systemTask(wt->type) && !out.contains(wt->type))
            out.append(wt->type);
    return out;
}

bool Decider::hasControlFlow(WorkflowRun &run) const
{
    if (run.controlFlow < 0) {
        run.controlFlow = 0;
        if (run.wf.definition)
            for (const WorkflowTask *wt : run.wf.definition->allTasks())
                if (wt->type != QLatin1String("SIMPLE"))
                    run.controlFlow = 1;
    }
    return run.controlFlow > 0;
}

void Decider::start(WorkflowRun &run, Decision &out)
{
    const WorkflowDef *def = run.wf.definition.get();
    if (!def || def->tasks.empty()) {
        complete(run, out);
        return;
    }
    scheduleTask(run, def->tasks.front(), out, nullptr, 0, 0);
    out.workflowChanged = true;
    decide(run, out); // system tasks that ended at once lead on
}

bool Decider::handleFailure(WorkflowRun &run, int index, Decision &out)
{
    Task &t = run.tasks[size_t(index)];
    const WorkflowTask *node = nodeOf(run, t.referenceTaskName);
    const TaskDef def = effectiveTaskDef(run, t);
    const SystemTask *system = node ? systemTask(node->type) : nullptr;

    auto policy = RetryPolicy::fromJson(def.json.isEmpty() ? QJsonObject() : def.json);
    RetryPolicy p = policy.ok() ? policy.value() : RetryPolicy();
    p.retryCount = (node && node->retryCount) ? *node->retryCount : def.retryCount;
    if (system && !system->retriable())
        p.retryCount = 0; // built-in control flow is never retried (spec §6)

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
        scheduleTask(run, *node, out, &copy, d.delayMs, copy.iteration > 0 && !iterationSuffix(run, copy).isEmpty() ? copy.iteration : 0);
        return true;
    }
    out.deadLettered.append({index, RetryDecision::reasonName(d.reasonClass), d.message});
    if (node && node->optional) {
        t.status = TaskStatus::CompletedWithErrors;
        out.changed.append(index);
        scheduleNext(run, index, out);
        return true;
    }
    auto recordFailed = [&run](const Task &failed) {
        if (!run.wf.failedReferenceTaskNames.contains(failed.referenceTaskName)) {
            run.wf.failedReferenceTaskNames.append(failed.referenceTaskName);
            run.wf.failedTaskNames.append(failed.taskDefName);
        }
    };
    if (node && node->permissive) {
        recordFailed(t);
        scheduleNext(run, index, out);
        return true;
    }
    // Spec §6: CANCELED -> TERMINATED, TIMED_OUT -> TIMED_OUT, anything else -> FAILED.
    const WorkflowStatus wfStatus = parseWorkflowStatus(d.workflowStatus).value_or(WorkflowStatus::Failed);
    recordFailed(t);
    const QString reason = QStringLiteral("Task %1 failed with status: %2 and reason: '%3'")
                               .arg(t.taskId, toString(t.status), t.reasonForIncompletion);
    finish(run, wfStatus, reason, out, true);
    return false;
}

void Decider::forgetFailure(Workflow &wf, const QString &ref)
{
    const int i = int(wf.failedReferenceTaskNames.indexOf(ref));
    if (i < 0)
        return;
    wf.failedReferenceTaskNames.removeAt(i);
    if (i < wf.failedTaskNames.size())
        wf.failedTaskNames.removeAt(i);
}

void Decider::reopen(WorkflowRun &run, const QString &ref, Decision &out) const
{
    if (isTerminal(run.wf.status)) {
        run.wf.status = WorkflowStatus::Running;
        run.wf.reasonForIncompletion.clear();
        run.wf.endTime = 0;
        run.wf.output = QJsonObject();
        forgetFailure(run.wf, ref);
    }
    run.wf.lastRetriedTime = m_clock.nowMs();
    out.workflowChanged = true;
}

int Decider::reschedule(WorkflowRun &run, const QString &ref, Decision &out)
{
    const Task *last = run.latest(ref);
    const WorkflowTask *node = nodeOf(run, ref);
    if (!last || !node)
        return -1;
    reopen(run, ref, out);
    const Task copy = *last;
    const int lastIndex = run.byTaskId.value(copy.taskId);
    run.tasks[size_t(lastIndex)].retried = true;
    out.changed.append(lastIndex);
    return scheduleTask(run, *node, out, &copy, 0, iterationSuffix(run, copy).isEmpty() ? 0 : copy.iteration);
}

bool Decider::evaluateSystemTasks(WorkflowRun &run, Decision &out)
{
    bool progressed = false;
    for (size_t i = 0; i < run.tasks.size() && !isTerminal(run.wf.status); ++i) {
        if (isTerminal(run.tasks[i].status))
            continue;
        const WorkflowTask *node = nodeOf(run, run.tasks[i].referenceTaskName);
        const SystemTask *system = node ? systemTask(node->type) : nullptr;
        if (system && !system->queued() && system->evaluate(SystemTaskCall{*this, run, int(i), *node, out}))
            progressed = true;
    }
    return progressed;
}

void Decider::decide(WorkflowRun &run, Decision &out)
{
    if (isTerminal(run.wf.status))
        return;
    const bool paused = run.wf.status == WorkflowStatus::Paused;
    const bool controlFlow = hasControlFlow(run);
    for (int pass = 0; pass < kMaxPasses; ++pass) {
        bool progressed = false;
        for (size_t i = 0; i < run.tasks.size(); ++i) { // run.tasks may grow while we walk it
            Task &t = run.tasks[i];
            if (t.executed || !isTerminal(t.status))
                continue;
            if (paused)
                return; // a paused workflow schedules nothing until resumed
            t.executed = true;
            out.changed.append(int(i));
            progressed = true;
            if (isSuccessful(t.status))
                scheduleNext(run, int(i), out);
            else if (!handleFailure(run, int(i), out))
                return; // the workflow ended
            if (isTerminal(run.wf.status))
                return; // a TERMINATE task ended it
        }
        if (!controlFlow)
            break; // worker tasks only: one walk schedules everything there is
        if (paused || !evaluateSystemTasks(run, out)) {
            if (!progressed)
                break;
        }
        if (isTerminal(run.wf.status))
            return;
    }
    for (const Task &t : run.tasks)
        if (!isTerminal(t.status) || !t.executed)
            return;
    if (!paused)
        complete(run, out);
}

void Decider::recover(WorkflowRun &run, Decision &out)
{
    for (const Task &t : run.tasks) {
        if (t.taskType != QLatin1String("FORK_JOIN_DYNAMIC"))
            continue;
        for (const QJsonValue &v : t.inputData.value(QStringLiteral("forkedTaskDefs")).toArray()) {
            const QJsonObject o = v.toObject();
            // Nodes were validated when forked; the normalised JSON is parsed back as is.
            QList<FieldError> ignored;
            WorkflowTaskParser parser(ignored, {});
            WorkflowTask node = parser.parseTask(o, QStringLiteral("forkedTaskDefs"));
            run.dynamicNodes.insert(node.taskReferenceName, std::move(node));
        }
    }
    // DYNAMIC tasks: the node they were mapped to, from the name they were scheduled with.
    for (Task &t : run.tasks) {
        const WorkflowTask *node = run.wf.definition ? run.wf.definition->findForTask(t.referenceTaskName) : nullptr;
        if (!node || node->type != QLatin1String("DYNAMIC") || t.taskType == QLatin1String("DYNAMIC")
            || run.dynamicNodes.contains(t.referenceTaskName))
            continue;
        run.dynamicNodes.insert(t.referenceTaskName, DynamicTask::mapped(*node, t.taskDefName));
        t.workflowTask = {}; // filled from the mapped node below
    }
    for (Task &t : run.tasks)
        if (t.workflowTask.isEmpty())
            if (const auto it = run.dynamicNodes.constFind(t.referenceTaskName); it != run.dynamicNodes.constEnd())
                t.workflowTask = it->json;
    for (size_t i = 0; i < run.tasks.size(); ++i) {
        if (isTerminal(run.tasks[i].status))
            continue;
        const WorkflowTask *node = nodeOf(run, run.tasks[i].referenceTaskName);
        const SystemTask *system = node ? systemTask(node->type) : nullptr;
        if (system && !system->queued())
            system->recover(SystemTaskCall{*this, run, int(i), *node, out});
    }
}

int Decider::scheduleDynamic(WorkflowRun &run, const WorkflowTask &wt, Decision &out, const Task *retryOf, qint64 delayMs,
                             int iteration)
{
    Task probe = newTask(run, wt, iteration); // the input names the task: resolve it first
    if (retryOf)
        probe.inputData = retryOf->inputData;
    resolveInput(run, wt, definitionFor(wt), probe);
    auto mapped = DynamicTask::map(wt, probe.inputData, m_metadata);
    if (!mapped.ok()) {
        finish(run, WorkflowStatus::Failed, mapped.error().message, out, true);
        return -1;
    }
    const WorkflowTask node = std::move(mapped).value();
    run.dynamicNodes.insert(probe.referenceTaskName, node);
    return scheduleTask(run, node, out, retryOf, delayMs, iteration);
}

QJsonObject Decider::computeOutput(const WorkflowRun &run) const
{
    for (const Task &t : run.tasks)
        if (t.taskType == QLatin1String("TERMINATE") && t.status == TaskStatus::Completed)
            return t.outputData; // spec §8.9
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
               out, true);
        return;
    }
    finish(run, WorkflowStatus::Completed, QString(), out, true);
}

void Decider::finish(WorkflowRun &run, WorkflowStatus status, const QString &reason, Decision &out, bool byEngine)
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
    out.endedByEngine = byEngine;
}

} // namespace orrery
