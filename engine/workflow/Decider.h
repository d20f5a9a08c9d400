#pragma once

#include "core/Clock.h"
#include "workflow/MetadataRegistry.h"
#include "workflow/WorkflowRun.h"

#include <QRandomGenerator>
#include <QSet>
#include <functional>

namespace orrery {

// What one evaluation changed, for the engine to persist and act on.
struct Decision
{
    QList<int> scheduled;  // indexes of new tasks to enqueue
    QList<int> changed;    // indexes of tasks whose state changed (incl. scheduled)
    QList<int> canceled;   // indexes of tasks canceled by the workflow's end (leave their queues)
    bool workflowChanged = false;
    bool workflowEnded = false;
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
// Supported task types: SIMPLE (worker tasks, including Orrery's local types). System task
// types slot in through scheduleTask()/isSupportedType().
class Decider
{
public:
    using DomainChooser = std::function<QString(const QString &taskType, const QString &domains)>;

    Decider(const MetadataRegistry &metadata, const Clock &clock, QRandomGenerator &rng, DomainChooser domains);

    static bool isSupportedType(const QString &type);
    // Type names used in `def` that this decider cannot run (empty = all fine).
    static QStringList unsupportedTypes(const WorkflowDef &def);

    // Schedules the first task of a just-created run.
    void start(WorkflowRun &run, Decision &out);
    // Evaluates after a task changed; idempotent.
    void decide(WorkflowRun &run, Decision &out);
    // Schedules a new attempt of `ref` after its last one (DLQ replay, manual retry); reopens an
    // ended workflow. Returns the index of the new task.
    int reschedule(WorkflowRun &run, const QString &ref, Decision &out);
    // Ends the run (API terminate or engine decision): cancels open tasks, computes output.
    void finish(WorkflowRun &run, WorkflowStatus status, const QString &reason, Decision &out);

    // The definition the engine applies to a task of the run.
    TaskDef effectiveTaskDef(const WorkflowRun &run, const Task &t) const;
    // JSON context for ${...} expressions (spec §8.6).
    QJsonObject expressionContext(const WorkflowRun &run) const;
    // Only the given roots ("workflow" and/or reference names); nullptr = everything.
    QJsonObject expressionContext(const WorkflowRun &run, const QSet<QString> *roots) const;

private:
    int scheduleTask(WorkflowRun &run, const WorkflowTask &wt, Decision &out, const Task *retryOf, qint64 delayMs);
    bool handleFailure(WorkflowRun &run, int index, Decision &out);
    void scheduleNext(WorkflowRun &run, const QString &ref, Decision &out);
    void complete(WorkflowRun &run, Decision &out);
    QJsonObject computeOutput(const WorkflowRun &run) const;
    const WorkflowTask *nodeOf(const WorkflowRun &run, const QString &ref) const;

    const MetadataRegistry &m_metadata;
    const Clock &m_clock;
    QRandomGenerator &m_rng;
    DomainChooser m_domains;
};

} // namespace orrery
