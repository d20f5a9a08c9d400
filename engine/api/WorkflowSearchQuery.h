#pragma once

#include "core/Result.h"

#include <QString>

namespace orrery {

class SqlWhere;

// Conductor's workflow search `query` (spec §4), the subset Orrery answers: conditions joined
// with AND, each `field OP value` with OP one of = != > < >= <= or `IN (a, b, ...)`.
// Fields: workflowType, workflowId, status, correlationId, version, startTime, updateTime,
// endTime (epoch ms) and projectId. Values may be quoted ('x' or "x"). OR and parentheses are
// refused with a message saying so. The conditions are added to `where` on table alias `w`.
class WorkflowSearchQuery
{
public:
    static Result<void> apply(const QString &query, SqlWhere &where);
};

} // namespace orrery
