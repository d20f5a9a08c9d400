#pragma once

#include "workflow/systemtasks/SystemTask.h"

#include <QSet>

namespace orrery {

// DO_WHILE (spec §8.11): runs `loopOver` with refs `<ref>__<iteration>` from iteration 1; after
// each complete iteration evaluates `loopCondition` (javascript; `$` = the loop's inputs,
// `$.<loopRef>` its output, `$.<taskRef>` each loop task's latest output) and starts the next
// iteration while it is truthy. With `items` (an expression giving a list) it runs once per item,
// exposing `loopItem` / `loopIndex` in its output (and still stops early on a false condition).
// Output: `iteration` and `"<n>": {<ref>: output}`; `keepLastN` keeps only the last n of those.
// A condition that does not parse or throws ends it FAILED_WITH_TERMINAL_ERROR.
class DoWhileTask : public SystemTask
{
public:
    bool retriable() const override { return false; }
    void start(const SystemTaskCall &call) const override;
    bool evaluate(const SystemTaskCall &call) const override;

    // Every ref in the loop's body, nested ones included.
    static QSet<QString> bodyRefs(const WorkflowTask &node);

private:
    bool beginIteration(const SystemTaskCall &call, int iteration) const;
};

} // namespace orrery
