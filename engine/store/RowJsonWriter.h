#pragma once

#include "core/Task.h"
#include "core/Workflow.h"

#include <QString>

namespace orrery {

// The stored JSON of the two hot row types, streamed field by field (no intermediate
// QJsonObject): the store writes a task row several times per task, so this is the writer
// thread's main cost. The text is what Task::toJson(false) / Workflow::toJson({}, false) give,
// and Task::fromJson / Workflow::fromJson read it back.
class RowJsonWriter
{
public:
    static QString task(const Task &t);
    static QString workflow(const Workflow &w);
};

} // namespace orrery
