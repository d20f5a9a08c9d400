#pragma once

namespace orrery {

struct ServerOptions;

// Serves as orreryd does until SIGTERM/SIGINT: JSON logging, the server on the options'
// configuration, the start banner, a drain on the first signal and an immediate exit on the
// second. Shared by orreryd and `orrery --headless`; `program` names the executable in messages.
// Needs a running QCoreApplication; returns the exit code.
int runServer(const ServerOptions &opt, const char *program);

} // namespace orrery
