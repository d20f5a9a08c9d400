#pragma once

#include "workflow/systemtasks/SystemTask.h"

#include <QStringList>

namespace orrery {

// EXCLUSIVE_JOIN (Conductor's ExclusiveJoin), usually after a DECISION/SWITCH: IN_PROGRESS until
// the task it joins has ended. The joined task is the first ref of `joinOn`, in order, that was
// scheduled (not SKIPPED); if none was, or that one is still running, the first scheduled ref of
// `defaultExclusiveJoinTask`. COMPLETED with the joined task's output, FAILED (with its reason)
// when the joined task did not succeed. While neither list has a scheduled ref it waits, as in
// Conductor. Its input records both lists. Never retried.
class ExclusiveJoinTask : public SystemTask
{
public:
    bool retriable() const override { return false; }
    void start(const SystemTaskCall &call) const override;
    bool evaluate(const SystemTaskCall &call) const override;

    static QStringList defaultRefs(const WorkflowTask &node);
};

} // namespace orrery
