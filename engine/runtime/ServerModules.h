#pragma once

#include "api/ServerModule.h"

#include <memory>
#include <vector>

namespace orrery {

// The modules of this build, in start order (ServerModules.cpp: one line per module).
std::vector<std::unique_ptr<ServerModule>> createServerModules();

} // namespace orrery
