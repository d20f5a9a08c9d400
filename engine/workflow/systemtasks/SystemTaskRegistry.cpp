#include "SystemTaskRegistry.h"

#include "workflow/systemtasks/DoWhileTask.h"
#include "workflow/systemtasks/DynamicForkTask.h"
#include "workflow/systemtasks/DynamicTask.h"
#include "workflow/systemtasks/EventTask.h"
#include "workflow/systemtasks/ExclusiveJoinTask.h"
#include "workflow/systemtasks/ForkTask.h"
#include "workflow/systemtasks/HumanTask.h"
#include "workflow/systemtasks/JoinTask.h"
#include "workflow/systemtasks/LambdaTask.h"
#include "workflow/systemtasks/NoopTask.h"
#include "workflow/systemtasks/QueuedSystemTask.h"
#include "workflow/systemtasks/SetVariableTask.h"
#include "workflow/systemtasks/StartWorkflowTask.h"
#include "workflow/systemtasks/SubWorkflowTask.h"
#include "workflow/systemtasks/SwitchTask.h"
#include "workflow/systemtasks/TerminateTask.h"
#include "workflow/systemtasks/WaitTask.h"

namespace orrery {

SystemTaskRegistry::SystemTaskRegistry()
{
    auto sw = std::make_shared<SwitchTask>();
    m_types.insert(QStringLiteral("SWITCH"), sw);
    m_types.insert(QStringLiteral("DECISION"), sw);
    m_types.insert(QStringLiteral("FORK_JOIN"), std::make_shared<ForkTask>());
    m_types.insert(QStringLiteral("FORK_JOIN_DYNAMIC"), std::make_shared<DynamicForkTask>());
    m_types.insert(QStringLiteral("JOIN"), std::make_shared<JoinTask>());
    m_types.insert(QStringLiteral("DO_WHILE"), std::make_shared<DoWhileTask>());
    m_types.insert(QStringLiteral("SUB_WORKFLOW"), std::make_shared<SubWorkflowTask>());
    m_types.insert(QStringLiteral("WAIT"), std::make_shared<WaitTask>());
    m_types.insert(QStringLiteral("HUMAN"), std::make_shared<HumanTask>());
    m_types.insert(QStringLiteral("TERMINATE"), std::make_shared<TerminateTask>());
    m_types.insert(QStringLiteral("SET_VARIABLE"), std::make_shared<SetVariableTask>());
    m_types.insert(QStringLiteral("EVENT"), std::make_shared<EventTask>());
    m_types.insert(QStringLiteral("NOOP"), std::make_shared<NoopTask>());
    m_types.insert(QStringLiteral("LAMBDA"), std::make_shared<LambdaTask>());
    m_types.insert(QStringLiteral("START_WORKFLOW"), std::make_shared<StartWorkflowTask>());
    m_types.insert(QStringLiteral("EXCLUSIVE_JOIN"), std::make_shared<ExclusiveJoinTask>());
    m_types.insert(QStringLiteral("DYNAMIC"), std::make_shared<DynamicTask>());
    auto queued = std::make_shared<QueuedSystemTask>();
    m_types.insert(QStringLiteral("HTTP"), queued);
    m_types.insert(QStringLiteral("INLINE"), queued);
    m_types.insert(QStringLiteral("JSON_JQ_TRANSFORM"), queued);
}

const SystemTaskRegistry &SystemTaskRegistry::builtins()
{
    static const SystemTaskRegistry registry;
    return registry;
}

QStringList SystemTaskRegistry::supportedTypes() const
{
    QStringList types = m_types.keys();
    types.append(QStringLiteral("SIMPLE"));
    types.sort();
    return types;
}

} // namespace orrery
