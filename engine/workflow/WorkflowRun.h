#pragma once

#include "core/Task.h"
#include "core/Workflow.h"
#include "core/WorkflowDef.h"
#include "workflow/TaskIndex.h"

#include <QByteArray>
#include <QHash>
#include <vector>

namespace orrery {

// A workflow execution held in memory by the engine thread: the workflow and all its task
// attempts in seq order, with an index by taskId.
struct WorkflowRun
{
    Workflow wf;
    std::vector<Task> tasks;
    TaskIndex byTaskId;
    qint64 terminalSinceMs = 0; // when it ended (for eviction from memory)
    // Nodes of tasks forked at run time (FORK_JOIN_DYNAMIC), by ref; rebuilt from the fork
    // task's input after a restart.
    QHash<QString, WorkflowTask> dynamicNodes;
    // Whether the definition uses system tasks the decider evaluates (-1 = not computed yet):
    // linear SIMPLE workflows skip that pass.
    int controlFlow = -1;
    // While not empty, wf.input and the tasks' inputData sit here as compact JSON text
    // (ParkedInputs, issue 15) and are empty themselves; EngineCore::runOf restores them.
    QByteArray parkedInputs;

    Task &add(Task t)
    {
        t.seq = int(tasks.size()) + 1;
        byTaskId.insert(t.taskId, int(tasks.size()));
        tasks.push_back(std::move(t));
        return tasks.back();
    }
    Task *find(const QString &taskId)
    {
        const int i = byTaskId.value(taskId, -1);
        return i < 0 ? nullptr : &tasks[size_t(i)];
    }
    // Latest attempt of a reference name, or nullptr.
    const Task *latest(const QString &ref) const
    {
        for (auto it = tasks.rbegin(); it != tasks.rend(); ++it)
            if (it->referenceTaskName == ref)
                return &*it;
        return nullptr;
    }
    QList<Task> taskList() const { return QList<Task>(tasks.begin(), tasks.end()); }
};

} // namespace orrery
