#pragma once

#include "ServerOptions.h"

namespace orrery {

// `orrery --headless`: serves exactly like orreryd (same options, same OrreryServer, same
// SIGTERM drain), without creating any window. Returns the process exit code.
int runHeadless(const ServerOptions &options);

} // namespace orrery
