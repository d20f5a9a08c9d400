#pragma once

#include <QJsonObject>
#include <optional>

namespace orrery {

// Conductor's SkipTaskRequest (spec §5.7), the optional body of
// PUT /api/workflow/{workflowId}/skiptask/{taskReferenceName}: the input and output the skipped
// task is recorded with.
struct SkipTaskRequest
{
    std::optional<QJsonObject> taskInput;
    std::optional<QJsonObject> taskOutput;
};

} // namespace orrery
