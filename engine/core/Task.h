#pragma once

#include "core/Status.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace orrery {

// One attempt of one task in a workflow execution: Conductor's Task (spec §5.4).
// Each retry is a new Task with a new taskId, linked by retriedTaskId.
struct Task
{
    QString taskId;
    QString taskType;
    QString taskDefName;
    QString referenceTaskName;
    TaskStatus status = TaskStatus::Scheduled;
    QJsonObject inputData;
    QJsonObject outputData;
    QString workflowInstanceId;
    QString workflowType;
    QString correlationId;
    QString projectId; // Orrery extension
    int retryCount = 0;
    QString retriedTaskId;
    bool retried = false;
    bool executed = false;
    int seq = 0;
    int pollCount = 0;
    qint64 scheduledTime = 0;
    qint64 startTime = 0;
    qint64 endTime = 0;
    qint64 updateTime = 0;
    qint64 firstStartTime = 0;
    qint64 firstScheduledTime = 0; // for totalTimeoutSeconds across attempts
    int startDelayInSeconds = 0;
    qint64 callbackAfterSeconds = 0;
    qint64 responseTimeoutSeconds = 0;
    QString reasonForIncompletion;
    QString workerId;
    QString domain;
    int workflowPriority = 0;
    int iteration = 0;
    int rateLimitPerFrequency = 0;
    int rateLimitFrequencyInSeconds = 1;
    QString subWorkflowId;
    QString parentTaskId;
    QJsonObject workflowTask; // the definition node (implicitly shared, cheap to copy)

    // Without the definition node (the store's form: it is rebuilt from the definition).
    QJsonObject toJson(bool includeWorkflowTask = true) const;
    static Task fromJson(const QJsonObject &o); // lenient, for the store; never fails
};

// One log line of a task (TaskExecLog).
struct TaskLog
{
    QString taskId;
    QString log;
    qint64 createdTime = 0;
};

// Body of POST /api/tasks (spec §5.5).
struct TaskResult
{
    QString workflowInstanceId;
    QString taskId;
    TaskStatus status = TaskStatus::InProgress;
    QJsonObject outputData;
    bool hasOutputData = false;
    QString reasonForIncompletion;
    qint64 callbackAfterSeconds = 0;
    QString workerId;
    QList<TaskLog> logs;
    bool extendLease = false;
};

} // namespace orrery

Q_DECLARE_METATYPE(orrery::Task)
Q_DECLARE_METATYPE(orrery::TaskResult)
