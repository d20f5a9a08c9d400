#pragma once

#include "core/Clock.h"
#include "workflow/MetadataRegistry.h"
#include "workflow/WorkflowRun.h"

#include <QRandomGenerator>
#include <QSet>
#include <functional>

namespace orrery {

class ScriptEvaluator;
class SystemTask;
class SystemTaskHost;

// What one evaluation changed, for the engine to persist and act on.
struct Decision
{
    QList<int> scheduled;  // indexes of new tasks to enqueue (worker tasks and queued system tasks)
    QList<int> started;    // indexes of new system tasks the decider runs itself (no queue)
    QList<int> changed;    // indexes of tasks whose state changed (incl. scheduled)
    QList<int> canceled;   // indexes of tasks canceled by the workflow's end (leave their queues)
    bool workflowChanged = false;
    bool workflowEnded = false;
    // The engine ended the workflow (a failure, a timeout, a TERMINATE task), not an operator:
    // its failureWorkflow runs (spec §8.10).
    bool endedByEngine = false;
    // Attempts that failed for good (no retry left, terminal, timed out): the dead-letter queue's
    // input. reasonClass is RetryDecision::reasonName() ("RETRIES_EXHAUSTED", "TERMINAL", ...).
    struct DeadLetter
    {
        int index;
        QString reasonClass;
        QString message;
    };
    QList<DeadLetter> deadLettered;
};

// Conductor's decider (spec §6, §8): walks a workflow's tasks after a change and schedules what
// comes next, retries failed attempts per their policy, and ends the workflow. Runs on the
// engine thread; it owns no state beyond its collaborators.
// Worker tasks (SIMPLE, including Orrery's local types) go to queues; system task types plug in
// from SystemTaskRegistry (engine/workflow/systemtasks/), one class per type.
class Decider
{
public:
    using DomainChooser = std::function<QString(const QString &taskType, const QString &domains)>;

    Decider(const MetadataRegistry &metadata, const Clock &clock, QRandomGenerator &rng, DomainChooser domains);

    void setHost(SystemTaskHost *host) { m_host = host; }
    SystemTaskHost *host() const { return m_host; }
    const Clock &clock() const { return m_clock; }
    // The engine thread's script evaluator (SWITCH and DO_WHILE conditions).
    ScriptEvaluator &scripts() const;

    // Type names used in `def` that this decider cannot run (empty = all fine).
    static QStringList unsupportedTypes(const WorkflowDef &def);
    // The system task of a WorkflowTask type; nullptr for worker tasks.
    static const SystemTask *systemTask(const QString &type);

    // Schedules the first task of a just-created run.
    void start(WorkflowRun &run, Decision &out);
    // Evaluates after a task changed; idempotent.
    void decide(WorkflowRun &run, Decision &out);
    // After a restart: system tasks that are not terminal re-arm their timers and find children.
    void recover(WorkflowRun &run, Decision &out);
    // Schedules a new attempt of `ref` after its last one (DLQ replay, manual retry); reopens an
    // ended workflow. Returns the index of the new task.
    int reschedule(WorkflowRun &run, const QString &ref, Decision &out);
    // An ended workflow runs again because `ref` does (reschedule, resume of a sub-workflow):
    // RUNNING, no reason, end time or output, `ref` no longer among the failed; marks the retry.
    void reopen(WorkflowRun &run, const QString &ref, Decision &out) const;
    // Drops `ref` (and its task name) from the workflow's failed lists.
    static void forgetFailure(Workflow &wf, const QString &ref);
    // Ends the run (API terminate or engine decision): cancels open tasks, computes output.
    void finish(WorkflowRun &run, WorkflowStatus status, const QString &reason, Decision &out, bool byEngine = false);

    // Records `ref`, not scheduled yet, as SKIPPED (a placeholder: scheduledTime 0): when its turn
    // comes, what follows it is scheduled instead (skip task, spec §4). -1 when `ref` is not in
    // the definition or already has a task.
    int skipAhead(WorkflowRun &run, const QString &ref, const QJsonObject &input, const QJsonObject &output, Decision &out);
    static bool isSkipPlaceholder(const Task &t) { return t.status == TaskStatus::Skipped && t.scheduledTime == 0; }

    // ---- for system tasks ----
    // Schedules `wt` as a child of the task at `parentIndex` (a branch, a loop body), in the
    // parent's loop iteration unless `iteration` is given. -1 when that ref is already scheduled.
    int scheduleChild(WorkflowRun &run, int parentIndex, const WorkflowTask &wt, Decision &out, int iteration = -1);
    // Schedules what follows the task at `index` in its list (after a branch: after the SWITCH).
    QList<int> scheduleAfter(WorkflowRun &run, int index, Decision &out);
    // A ref without its DO_WHILE iteration suffix ("a__2" -> "a").
    static QString baseRef(const QString &ref);
    // "__<n>" when the task is inside a loop (its ref carries the suffix), else "".
    static QString iterationSuffix(const WorkflowRun &run, const Task &t);

    // The definition the engine applies to a task of the run.
    TaskDef effectiveTaskDef(const WorkflowRun &run, const Task &t) const;
    // The definition node of a ref (loop suffix stripped; forked-at-run-time nodes included).
    const WorkflowTask *nodeOf(const WorkflowRun &run, const QString &ref) const;
    // JSON context for ${...} expressions (spec §8.6).
    QJsonObject expressionContext(const WorkflowRun &run) const;
    // Only the given roots ("workflow" and/or reference names); nullptr = everything.
    QJsonObject expressionContext(const WorkflowRun &run, const QSet<QString> *roots) const;

private:
    int scheduleTask(WorkflowRun &run, const WorkflowTask &wt, Decision &out, const Task *retryOf, qint64 delayMs,
                     int iteration);
    // DYNAMIC: maps `wt` to the task its input names (DynamicTask::map) and schedules that, or
    // fails the workflow (Conductor's TerminateWorkflowException). -1 when nothing was scheduled.
    int scheduleDynamic(WorkflowRun &run, const WorkflowTask &wt, Decision &out, const Task *retryOf, qint64 delayMs,
                        int iteration);
    // A new task of `wt` in the run (its ref carrying the loop suffix of `iteration`), unscheduled.
    static Task newTask(const WorkflowRun &run, const WorkflowTask &wt, int iteration);
    void resolveInput(WorkflowRun &run, const WorkflowTask &wt, const TaskDef &def, Task &t) const;
    void startSystemTask(WorkflowRun &run, int index, const WorkflowTask &wt, Decision &out);
    bool handleFailure(WorkflowRun &run, int index, Decision &out);
    void scheduleNext(WorkflowRun &run, int index, Decision &out);
    bool evaluateSystemTasks(WorkflowRun &run, Decision &out);
    bool hasControlFlow(WorkflowRun &run) const;
    void complete(WorkflowRun &run, Decision &out);
    QJsonObject computeOutput(const WorkflowRun &run) const;
    TaskDef definitionFor(const WorkflowTask &wt) const;

    const MetadataRegistry &m_metadata;
    const Clock &m_clock;
    QRandomGenerator &m_rng;
    DomainChooser m_domains;
    SystemTaskHost *m_host = nullptr;
};

} // namespace orrery
