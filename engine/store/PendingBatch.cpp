#include "store/PendingBatch.h"

namespace orrery {

namespace {

// Inserts or replaces; returns 1 if the key was new (one more row to write), else 0.
template<typename Map, typename Key, typename Value>
qsizetype upsert(Map &map, const Key &key, Value &&value)
{
    auto it = map.find(key);
    if (it == map.end()) {
        map.insert(key, std::forward<Value>(value));
        return 1;
    }
    *it = std::forward<Value>(value);
    return 0;
}

} // namespace

PendingBatch::Segment &PendingBatch::openSegment()
{
    if (m_segments.empty() || !m_segments.back().removedWorkflows.isEmpty())
        m_segments.emplace_back();
    return m_segments.back();
}

void PendingBatch::saveWorkflow(const Workflow &wf)
{
    m_rowCount += upsert(openSegment().workflows, wf.workflowId, wf);
    ++m_submitted;
}

void PendingBatch::saveTask(const Task &task)
{
    m_rowCount += upsert(openSegment().tasks, task.taskId, task);
    ++m_submitted;
}

void PendingBatch::removeWorkflow(const QString &workflowId)
{
    if (m_segments.empty())
        m_segments.emplace_back();
    Segment &segment = m_segments.back();
    // The removal deletes the row anyway; writing it first would be wasted work.
    m_rowCount -= segment.workflows.remove(workflowId) ? 1 : 0;
    if (!segment.removedWorkflows.contains(workflowId)) {
        segment.removedWorkflows.insert(workflowId);
        ++m_rowCount;
    }
    ++m_submitted;
}

void PendingBatch::appendTaskLogs(const QList<TaskLog> &logs)
{
    if (logs.isEmpty())
        return;
    openSegment().logs.append(logs);
    m_rowCount += logs.size();
    m_submitted += logs.size();
}

void PendingBatch::saveTaskDef(const TaskDef &def)
{
    m_rowCount += upsert(m_taskDefs, def.name, std::optional<TaskDef>(def));
    ++m_submitted;
}

void PendingBatch::removeTaskDef(const QString &name)
{
    m_rowCount += upsert(m_taskDefs, name, std::optional<TaskDef>());
    ++m_submitted;
}

void PendingBatch::saveWorkflowDef(const WorkflowDef &def)
{
    m_rowCount += upsert(m_workflowDefs, WorkflowDefKey(def.name, def.version), std::optional<WorkflowDef>(def));
    ++m_submitted;
}

void PendingBatch::removeWorkflowDef(const QString &name, int version)
{
    m_rowCount += upsert(m_workflowDefs, WorkflowDefKey(name, version), std::optional<WorkflowDef>());
    ++m_submitted;
}

void PendingBatch::saveToken(const TokenRecord &token)
{
    m_rowCount += upsert(m_tokens, token.id, token);
    ++m_submitted;
}

void PendingBatch::addWaiter(Waiter waiter)
{
    m_waiters.push_back(std::move(waiter));
}

std::vector<PendingBatch::Waiter> PendingBatch::takeWaiters()
{
    return std::exchange(m_waiters, {});
}

void PendingBatch::appendSegment(Segment &&segment)
{
    if (m_segments.empty() || !m_segments.back().removedWorkflows.isEmpty()) {
        m_segments.push_back(std::move(segment));
        return;
    }
    Segment &last = m_segments.back();
    for (auto it = segment.workflows.begin(); it != segment.workflows.end(); ++it)
        last.workflows.insert(it.key(), std::move(it.value()));
    for (auto it = segment.tasks.begin(); it != segment.tasks.end(); ++it)
        last.tasks.insert(it.key(), std::move(it.value()));
    last.logs.append(std::move(segment.logs));
    for (const QString &id : std::as_const(segment.removedWorkflows)) {
        last.workflows.remove(id);
        last.removedWorkflows.insert(id);
    }
}

void PendingBatch::mergeOlder(PendingBatch &&older)
{
    std::vector<Segment> newer = std::exchange(m_segments, std::move(older.m_segments));
    for (Segment &segment : newer)
        appendSegment(std::move(segment));

    for (auto it = older.m_taskDefs.begin(); it != older.m_taskDefs.end(); ++it)
        if (!m_taskDefs.contains(it.key()))
            m_taskDefs.insert(it.key(), std::move(it.value()));
    for (auto it = older.m_workflowDefs.begin(); it != older.m_workflowDefs.end(); ++it)
        if (!m_workflowDefs.contains(it.key()))
            m_workflowDefs.insert(it.key(), std::move(it.value()));
    for (auto it = older.m_tokens.begin(); it != older.m_tokens.end(); ++it)
        if (!m_tokens.contains(it.key()))
            m_tokens.insert(it.key(), std::move(it.value()));

    std::vector<Waiter> waiters = std::move(older.m_waiters);
    for (Waiter &w : m_waiters)
        waiters.push_back(std::move(w));
    m_waiters = std::move(waiters);

    m_rowCount = m_taskDefs.size() + m_workflowDefs.size() + m_tokens.size();
    for (const Segment &segment : m_segments)
        m_rowCount += segment.rowCount();
    m_submitted += older.m_submitted;
    older = PendingBatch();
}

} // namespace orrery
