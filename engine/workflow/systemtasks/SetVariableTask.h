#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// SET_VARIABLE (spec §8.11): copies every input key into workflow.variables (replacing keys);
// above 256 KB of variables it fails terminally and changes nothing.
class SetVariableTask : public SystemTask
{
public:
    static constexpr qsizetype kMaxBytes = 256 * 1024;
    void start(const SystemTaskCall &call) const override;
};

} // namespace orrery
