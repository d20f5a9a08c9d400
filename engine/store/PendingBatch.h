#pragma once

#include "core/Result.h"
#include "core/Task.h"
#include "core/TaskDef.h"
#include "core/Workflow.h"
#include "core/WorkflowDef.h"
#include "store/Store.h"

#include <QHash>
#include <QPair>
#include <QSet>
#include <functional>
#include <optional>
#include <vector>

namespace orrery {

// The changes waiting for the next commit, coalesced by row: a later change to the same row replaces
// the earlier one, so a task created and completed within one flush window is written once.
//
// Removing a workflow deletes rows that earlier changes may have written, so order matters around
// removals: the batch is a list of segments, each holding upserts and log lines followed by the
// workflow removals submitted after them. A change submitted after a removal opens a new segment.
// Definitions and tokens are keyed independently of workflows and live beside the segments.
// Not thread-safe: the store guards it with its mutex.
class PendingBatch
{
public:
    using Waiter = std::function<void(Result<void>)>;
    using WorkflowDefKey = QPair<QString, int>;

    struct Segment
    {
        QHash<QString, Workflow> workflows;
        QHash<QString, Task> tasks;
        QList<TaskLog> logs;
        QSet<QString> removedWorkflows; // applied after this segment's upserts and logs
        qsizetype rowCount() const { return workflows.size() + tasks.size() + logs.size() + removedWorkflows.size(); }
    };

    void saveWorkflow(const Workflow &wf);
    void saveTask(const Task &task);
    void removeWorkflow(const QString &workflowId);
    void appendTaskLogs(const QList<TaskLog> &logs);
    void saveTaskDef(const TaskDef &def);
    void removeTaskDef(const QString &name);
    void saveWorkflowDef(const WorkflowDef &def);
    void removeWorkflowDef(const QString &name, int version);
    void saveToken(const TokenRecord &token);
    void addWaiter(Waiter waiter);

    // Puts the changes of `older` (submitted before this batch's) underneath this batch: where both
    // touch the same row, this batch's change wins. Used to carry a failed batch into the next one.
    void mergeOlder(PendingBatch &&older);

    // Rows the batch will write (after coalescing); the store commits when it reaches maxBatch.
    qsizetype rowCount() const { return m_rowCount; }
    // Changes submitted into this batch (before coalescing).
    qint64 submittedCount() const { return m_submitted; }
    bool hasChanges() const { return m_rowCount > 0; }
    bool hasWaiters() const { return !m_waiters.empty(); }
    bool isEmpty() const { return !hasChanges() && !hasWaiters(); }

    const std::vector<Segment> &segments() const { return m_segments; }
    const QHash<QString, std::optional<TaskDef>> &taskDefs() const { return m_taskDefs; }
    const QHash<WorkflowDefKey, std::optional<WorkflowDef>> &workflowDefs() const { return m_workflowDefs; }
    const QHash<QString, TokenRecord> &tokens() const { return m_tokens; }
    std::vector<Waiter> takeWaiters();

private:
    Segment &openSegment(); // the last segment, or a new one if the last already has removals
    void appendSegment(Segment &&segment);

    std::vector<Segment> m_segments;
    QHash<QString, std::optional<TaskDef>> m_taskDefs;              // nullopt = remove
    QHash<WorkflowDefKey, std::optional<WorkflowDef>> m_workflowDefs; // nullopt = remove
    QHash<QString, TokenRecord> m_tokens;
    std::vector<Waiter> m_waiters;
    qsizetype m_rowCount = 0;
    qint64 m_submitted = 0;
};

} // namespace orrery
