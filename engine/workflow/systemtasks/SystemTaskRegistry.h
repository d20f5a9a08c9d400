#pragma once

#include "workflow/systemtasks/SystemTask.h"

#include <QHash>
#include <QStringList>
#include <memory>

namespace orrery {

// WorkflowTask.type -> the system task that runs it. SIMPLE (and any type not here) is a worker
// task. Built once; read-only afterwards (shared by every decider).
class SystemTaskRegistry
{
public:
    SystemTaskRegistry();

    static const SystemTaskRegistry &builtins();

    const SystemTask *find(const QString &type) const { return m_types.value(type).get(); }
    bool contains(const QString &type) const { return m_types.contains(type); }
    // Types a workflow may use: SIMPLE plus every registered system type.
    QStringList supportedTypes() const;

private:
    QHash<QString, std::shared_ptr<const SystemTask>> m_types;
};

} // namespace orrery
