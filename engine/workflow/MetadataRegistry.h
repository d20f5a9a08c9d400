#pragma once

#include "core/TaskDef.h"
#include "core/WorkflowDef.h"

#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <optional>

namespace orrery {

// Task and workflow definitions held in memory by the engine thread (loaded from the store at
// start-up, written through to it on change).
class MetadataRegistry
{
public:
    void putTaskDef(const TaskDef &def) { m_taskDefs.insert(def.name, def); }
    bool removeTaskDef(const QString &name) { return m_taskDefs.remove(name) > 0; }
    const TaskDef *taskDef(const QString &name) const
    {
        auto it = m_taskDefs.constFind(name);
        return it == m_taskDefs.constEnd() ? nullptr : &*it;
    }
    QJsonArray taskDefsJson() const
    {
        QJsonArray out;
        for (const TaskDef &d : m_taskDefs)
            out.append(d.toJson());
        return out;
    }

    void putWorkflowDef(const WorkflowDef &def)
    {
        auto stored = std::make_shared<WorkflowDef>(def);
        stored->computeSnapshotId();
        m_workflowDefs[def.name].insert(def.version, std::move(stored));
    }
    bool removeWorkflowDef(const QString &name, int version)
    {
        auto it = m_workflowDefs.find(name);
        if (it == m_workflowDefs.end() || it->remove(version) == 0)
            return false;
        if (it->isEmpty())
            m_workflowDefs.erase(it);
        return true;
    }
    // version none = latest.
    WorkflowDefPtr workflowDef(const QString &name, std::optional<int> version = std::nullopt) const
    {
        auto it = m_workflowDefs.constFind(name);
        if (it == m_workflowDefs.constEnd() || it->isEmpty())
            return nullptr;
        if (!version)
            return it->last();
        return it->value(*version);
    }
    QJsonArray workflowDefsJson() const
    {
        QJsonArray out;
        for (const auto &versions : m_workflowDefs)
            for (const WorkflowDefPtr &d : versions)
                out.append(d->toJson());
        return out;
    }

private:
    QHash<QString, TaskDef> m_taskDefs;
    QHash<QString, QMap<int, WorkflowDefPtr>> m_workflowDefs; // name -> version -> def
};

} // namespace orrery
