#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace orrery {

// Conductor's RerunWorkflowRequest (spec §4 "Rerun"): without `fromTaskId` the whole ended
// workflow runs again (same id), optionally with a new input and correlation id; with it, every
// task scheduled after that task is dropped and the task runs again, optionally with a new input.
struct RerunRequest
{
    QString fromTaskId;                      // reRunFromTaskId
    std::optional<QJsonObject> workflowInput; // replaces the workflow's input
    std::optional<QJsonObject> taskInput;     // replaces the rerun task's input
    std::optional<QString> correlationId;
};

} // namespace orrery
