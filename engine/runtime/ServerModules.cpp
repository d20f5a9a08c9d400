#include "runtime/ServerModules.h"

#include "api/ApiServerModule.h"
#include "api/dlq/DlqModule.h"
#include "api/scheduler/SchedulerModule.h"
#include "runtime/ConductorClientModule.h"
#include "api/realtime/RealtimeModule.h"
#include "api/web/WebModule.h"

// One include and one line per module.

namespace orrery {

std::vector<std::unique_ptr<ServerModule>> createServerModules()
{
    std::vector<std::unique_ptr<ServerModule>> modules;
    modules.push_back(std::make_unique<ApiServerModule>());
    modules.push_back(std::make_unique<DlqModule>());
    modules.push_back(std::make_unique<ConductorClientModule>()); // before the scheduler: its launcher
    modules.push_back(std::make_unique<SchedulerModule>());
    modules.push_back(std::make_unique<RealtimeModule>());
    modules.push_back(std::make_unique<WebModule>()); // the dashboard at /
    return modules;
}

} // namespace orrery
