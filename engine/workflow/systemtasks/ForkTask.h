#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// FORK_JOIN (recorded as FORK, spec §8.11): completes at once; the first task of every branch
// and the JOIN that follows it are scheduled together.
class ForkTask : public SystemTask
{
public:
    QString taskType(const QString &) const override { return QStringLiteral("FORK"); }
    bool retriable() const override { return false; }
    void scheduleNext(const SystemTaskCall &call) const override;
};

} // namespace orrery
