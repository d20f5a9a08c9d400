#include "runtime/ServerModule.h"

// One include and one line per module.

namespace orrery {

std::vector<std::unique_ptr<ServerModule>> createServerModules()
{
    std::vector<std::unique_ptr<ServerModule>> modules;
    return modules;
}

} // namespace orrery
