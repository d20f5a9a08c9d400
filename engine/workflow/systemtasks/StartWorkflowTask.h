#pragma once

#include "core/Requests.h"
#include "workflow/systemtasks/SystemTask.h"

namespace orrery {

// START_WORKFLOW (Conductor's StartWorkflow): input `startWorkflow` is a start request ({name,
// version?, input?, correlationId?, taskToDomain?, priority?, idempotencyKey?,
// idempotencyStrategy?, workflowDef?}). The engine starts that workflow on its own (it is not a
// child: this workflow does not wait for it, and its end is not reported here) and the task
// COMPLETES with output {workflowId}. correlationId and taskToDomain default to this workflow's.
// A missing or invalid request, or a start the engine refuses (unknown name, idempotency
// conflict...), gives FAILED with the reason. The started workflow's id is derived from the
// task's id, so a restart finds it instead of starting it twice.
class StartWorkflowTask : public SystemTask
{
public:
    void start(const SystemTaskCall &call) const override;
    void recover(const SystemTaskCall &call) const override;

    // The request in a task's input, or why it is not one (Conductor's wording).
    static Result<StartWorkflowRequest> request(const QJsonObject &input);
};

} // namespace orrery
