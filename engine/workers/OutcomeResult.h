#pragma once

#include "core/Task.h"
#include "recovery/ErrorClassifier.h"
#include "recovery/FailureFacts.h"
#include "workers/TaskOutcome.h"

namespace orrery {

// How a worker pool outcome becomes a Conductor TaskResult, for every consumer of the pool:
// the local worker bridge (results into the embedded engine) and the Conductor client mode
// (results POSTed to a remote server).
class OutcomeResult
{
public:
    // COMPLETED / FAILED / FAILED_WITH_TERMINAL_ERROR with the output, the failure as
    // outputData.error, the reason (cut to 500 characters) and the logs, from `workerId`.
    static TaskResult toResult(const TaskOutcome &outcome, const QString &workerId);
    // The worker's failure in the terms of the error classifier.
    static FailureFacts factsOf(const TaskOutcome &outcome);
    // Applies a classification to a failed result: FAILED becomes FAILED_WITH_TERMINAL_ERROR when
    // terminal, FAILED_WITH_TERMINAL_ERROR becomes FAILED when a transientErrors entry matched;
    // the verdict is added to outputData.error (errorClass, classifiedBy).
    static void applyClassification(TaskResult &result, const ErrorClassifier::Classification &verdict);
};

} // namespace orrery
