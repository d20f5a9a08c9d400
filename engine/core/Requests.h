#pragma once

#include "core/Result.h"
#include "core/Task.h"
#include "core/WorkflowDef.h"

#include <QJsonObject>
#include <optional>

namespace orrery {

// Body of POST /api/workflow (spec §5.7), also built from POST /api/workflow/{name}.
struct StartWorkflowRequest
{
    QString name;
    std::optional<int> version; // none = latest
    QString correlationId;
    QJsonObject input;
    QJsonObject taskToDomain;
    int priority = 0;
    QString createdBy;
    QString projectId; // Orrery extension
    std::optional<WorkflowDef> workflowDef; // inline (ad-hoc) definition
    // A start with a key already used: RETURN_EXISTING answers the existing id, FAIL refuses
    // (409), FAIL_ON_RUNNING refuses only while that workflow runs.
    QString idempotencyKey;
    QString idempotencyStrategy = QStringLiteral("FAIL");

    static Result<StartWorkflowRequest> fromJson(const QJsonObject &o);
};

// Parses a TaskResult body leniently (unknown fields ignored) but refuses a missing taskId or
// a status a worker may not send, naming the field.
Result<TaskResult> taskResultFromJson(const QJsonObject &o);

// {bulkSuccessfulResults:[...], bulkErrorResults:{name: message}}
struct BulkResponse
{
    QStringList successful;
    QList<QPair<QString, QString>> errors;
    QJsonObject toJson() const;
};

} // namespace orrery
