#include "MetadataService.h"

#include "store/Store.h"
#include "workflow/DefinitionChecker.h"

namespace orrery {

Result<void> MetadataService::load()
{
    auto taskDefs = m_store->loadTaskDefs();
    if (!taskDefs.ok())
        return taskDefs.error();
    for (const TaskDef &d : taskDefs.value())
        m_registry.putTaskDef(d);
    auto workflowDefs = m_store->loadWorkflowDefs();
    if (!workflowDefs.ok())
        return workflowDefs.error();
    for (const WorkflowDef &d : workflowDefs.value())
        m_registry.putWorkflowDef(d);
    return {};
}

void MetadataService::afterCommit(Reply<void> reply)
{
    m_store->whenCommitted([reply = std::move(reply)](Result<void> r) { reply(r); });
}

void MetadataService::stampTaskDef(TaskDef &def, const TaskDef *existing)
{
    const qint64 now = m_clock.nowMs();
    def.createTime = existing ? existing->createTime : now;
    def.updateTime = existing ? now : 0;
    def.json.insert(QStringLiteral("createTime"), def.createTime);
    if (existing) {
        def.json.insert(QStringLiteral("updateTime"), def.updateTime);
        if (existing->json.contains(QStringLiteral("createdBy")))
            def.json.insert(QStringLiteral("createdBy"), existing->json.value(QStringLiteral("createdBy")));
    }
}

void MetadataService::stampWorkflowDef(WorkflowDef &def, const WorkflowDef *existing)
{
    const qint64 now = m_clock.nowMs();
    def.createTime = existing ? existing->createTime : now;
    def.updateTime = existing ? now : 0;
    def.json.insert(QStringLiteral("createTime"), def.createTime);
    if (existing)
        def.json.insert(QStringLiteral("updateTime"), def.updateTime);
}

void MetadataService::registerTaskDefs(QList<TaskDef> defs, Reply<void> reply)
{
    for (TaskDef &def : defs) {
        // POST is an upsert in Conductor: createTime is "now" for a registration.
        stampTaskDef(def, nullptr);
        m_registry.putTaskDef(def);
        m_store->saveTaskDef(def);
    }
    afterCommit(std::move(reply));
}

void MetadataService::updateTaskDef(TaskDef def, Reply<void> reply)
{
    stampTaskDef(def, m_registry.taskDef(def.name));
    m_registry.putTaskDef(def);
    m_store->saveTaskDef(def);
    afterCommit(std::move(reply));
}

void MetadataService::taskDef(const QString &name, Reply<QJsonObject> reply) const
{
    if (const TaskDef *def = m_registry.taskDef(name))
        reply(def->toJson());
    else
        reply(Error::notFound(QStringLiteral("No such taskType found by name: %1").arg(name)));
}

void MetadataService::removeTaskDef(const QString &name, Reply<void> reply)
{
    if (!m_registry.removeTaskDef(name)) {
        reply(Error::notFound(QStringLiteral("No such taskType found by name: %1").arg(name)));
        return;
    }
    m_store->removeTaskDef(name);
    afterCommit(std::move(reply));
}

void MetadataService::registerWorkflowDef(WorkflowDef def, bool overwrite, Reply<void> reply)
{
    if (auto checked = DefinitionChecker::validate(def); !checked.ok()) {
        reply(checked.error());
        return;
    }
    WorkflowDefPtr existing = m_registry.workflowDef(def.name, def.version);
    if (existing && !overwrite) {
        reply(Error::conflict(QStringLiteral("Workflow with %1.%2 already exists!").arg(def.name).arg(def.version)));
        return;
    }
    stampWorkflowDef(def, existing.get());
    m_registry.putWorkflowDef(def);
    m_store->saveWorkflowDef(def);
    afterCommit(std::move(reply));
}

void MetadataService::upsertWorkflowDefs(QList<WorkflowDef> defs, Reply<BulkResponse> reply)
{
    BulkResponse bulk;
    for (WorkflowDef &def : defs) {
        if (auto checked = DefinitionChecker::validate(def); !checked.ok()) {
            QStringList problems;
            for (const FieldError &e : checked.error().fieldErrors)
                problems.append(e.path + QStringLiteral(": ") + e.message);
            bulk.errors.append({def.name, problems.join(QLatin1String("; "))});
            continue;
        }
        stampWorkflowDef(def, m_registry.workflowDef(def.name, def.version).get());
        m_registry.putWorkflowDef(def);
        m_store->saveWorkflowDef(def);
        bulk.successful.append(def.name);
    }
    m_store->whenCommitted([reply = std::move(reply), bulk](Result<void> r) {
        if (r.ok())
            reply(bulk);
        else
            reply(r.error());
    });
}

void MetadataService::workflowDef(const QString &name, std::optional<int> version, Reply<QJsonObject> reply) const
{
    if (WorkflowDefPtr def = m_registry.workflowDef(name, version)) {
        reply(def->toJson());
        return;
    }
    reply(Error::notFound(QStringLiteral("No such workflow found by name: %1, version: %2")
                              .arg(name, version ? QString::number(*version) : QStringLiteral("null"))));
}

void MetadataService::removeWorkflowDef(const QString &name, int version, Reply<void> reply)
{
    if (!m_registry.removeWorkflowDef(name, version)) {
        reply(Error::notFound(QStringLiteral("No such workflow found by name: %1, version: %2").arg(name).arg(version)));
        return;
    }
    m_store->removeWorkflowDef(name, version);
    afterCommit(std::move(reply));
}

} // namespace orrery
