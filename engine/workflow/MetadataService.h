#pragma once

#include "core/Clock.h"
#include "core/Requests.h"
#include "workflow/Engine.h"
#include "workflow/MetadataRegistry.h"

namespace orrery {

class Store;

// The metadata API (spec §3) on the engine thread: validates nothing itself (definitions arrive
// parsed), keeps the registry and writes through to the store, answering after the commit.
class MetadataService
{
public:
    MetadataService(Store *store, const Clock &clock) : m_store(store), m_clock(clock) {}

    Result<void> load();
    MetadataRegistry &registry() { return m_registry; }
    const MetadataRegistry &registry() const { return m_registry; }

    void registerTaskDefs(QList<TaskDef> defs, Reply<void> reply);
    void updateTaskDef(TaskDef def, Reply<void> reply);
    void taskDef(const QString &name, Reply<QJsonObject> reply) const;
    void removeTaskDef(const QString &name, Reply<void> reply);
    void registerWorkflowDef(WorkflowDef def, bool overwrite, Reply<void> reply);
    void upsertWorkflowDefs(QList<WorkflowDef> defs, Reply<BulkResponse> reply);
    void workflowDef(const QString &name, std::optional<int> version, Reply<QJsonObject> reply) const;
    void removeWorkflowDef(const QString &name, int version, Reply<void> reply);

private:
    void stampTaskDef(TaskDef &def, const TaskDef *existing);
    void stampWorkflowDef(WorkflowDef &def, const WorkflowDef *existing);
    void afterCommit(Reply<void> reply);

    Store *m_store;
    const Clock &m_clock;
    MetadataRegistry m_registry;
};

} // namespace orrery
