#pragma once

#include "workflow/systemtasks/SystemTask.h"

#include <QStringList>

namespace orrery {

// JOIN (spec §8.11): IN_PROGRESS until every ref in `joinOn` (or, after a dynamic fork, the
// refs in its input `joinOn`) has ended and been decided on. Output {<ref>: output} for refs with
// output; FAILED when a joined task failed, CANCELED when the failures were only cancellations,
// COMPLETED_WITH_ERRORS when optional tasks failed.
class JoinTask : public SystemTask
{
public:
    bool retriable() const override { return false; }
    void start(const SystemTaskCall &call) const override;
    bool evaluate(const SystemTaskCall &call) const override;

    static QStringList joinOn(const SystemTaskCall &call);
};

} // namespace orrery
