#pragma once

#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// LAMBDA (deprecated in Conductor in favour of INLINE): input `scriptExpression` is the body of a
// JavaScript function (it `return`s its value), run with `$` bound to the resolved inputs;
// COMPLETED with {result: value}. An empty scriptExpression, a script error or a timeout give
// FAILED (as Conductor's Lambda does: retried only if a TaskDef says so) with output.error and the
// reason. It runs on the engine thread with the decider's limits (ScriptLimits::condition()).
class LambdaTask : public SystemTask
{
public:
    void start(const SystemTaskCall &call) const override;

    // The script that is evaluated for a scriptExpression (Conductor wraps it in a function).
    static QString wrap(const QString &scriptExpression);
};

} // namespace orrery
