#pragma once

#include "core/Result.h"
#include "core/WorkflowDef.h"

namespace orrery {

// The checks of a workflow definition that need the engine's script engines, beyond the rules
// core applies while parsing (spec §3): javascript that does not parse (SWITCH/DECISION
// expressions, DO_WHILE loopCondition, INLINE expression, LAMBDA scriptExpression), jq that does
// not compile (JSON_JQ_TRANSFORM queryExpression), a JOIN or EXCLUSIVE_JOIN naming a ref that is
// not in the definition, a DO_WHILE inside a DO_WHILE, a START_WORKFLOW without a valid start
// request, a DYNAMIC task whose name input is not set or names a control-flow type. Each problem names its field path ("tasks[2].loopCondition").
// Scripts that are built by ${...} expressions are checked only when they run.
class DefinitionChecker
{
public:
    static QList<FieldError> check(const WorkflowDef &def);
    // Error::invalid with the problems, or success.
    static Result<void> validate(const WorkflowDef &def);
};

} // namespace orrery
