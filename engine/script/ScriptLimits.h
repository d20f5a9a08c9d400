#pragma once

#include <QtGlobal>

namespace orrery {

// Limits of one script evaluation. Conductor gives scripts 4 s (spec §8.7); conditions that the
// decider evaluates on the engine thread (SWITCH, DO_WHILE) get less, so a runaway condition
// stalls the engine only briefly.
struct ScriptLimits
{
    int timeoutMs = 4000;
    qint64 memoryBytes = 64LL * 1024 * 1024; // growth of the process's resident memory while it runs
    static ScriptLimits inlineTask() { return {}; }
    static ScriptLimits condition() { return {1000, 32LL * 1024 * 1024}; }
};

} // namespace orrery
