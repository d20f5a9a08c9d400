#pragma once

#include "core/Task.h"
#include "core/TaskDef.h"
#include "core/Workflow.h"
#include "core/WorkflowDef.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonObject>

// Builders of realistic domain objects for the store tests and the benchmark.
namespace orrery::test {

inline Workflow makeWorkflow(const QString &id, WorkflowStatus status = WorkflowStatus::Running, qint64 created = 1000)
{
    Workflow wf;
    wf.workflowId = id;
    wf.workflowName = QStringLiteral("order_fulfilment");
    wf.workflowVersion = 3;
    wf.status = status;
    wf.input = QJsonObject{{QStringLiteral("orderId"), id + QStringLiteral("-order")}, {QStringLiteral("amount"), 42.5}};
    wf.correlationId = QStringLiteral("corr-") + id;
    wf.projectId = QStringLiteral("shop");
    wf.createTime = created;
    wf.updateTime = created + 5;
    wf.createdBy = QStringLiteral("tester");
    return wf;
}

inline Task makeTask(const QString &id, const QString &workflowId, int seq, TaskStatus status = TaskStatus::Scheduled)
{
    Task t;
    t.taskId = id;
    t.taskType = QStringLiteral("charge_card");
    t.taskDefName = QStringLiteral("charge_card");
    t.referenceTaskName = QStringLiteral("charge_%1").arg(seq);
    t.status = status;
    t.workflowInstanceId = workflowId;
    t.workflowType = QStringLiteral("order_fulfilment");
    t.correlationId = QStringLiteral("corr-") + workflowId;
    t.projectId = QStringLiteral("shop");
    t.seq = seq;
    t.scheduledTime = 2000 + seq;
    t.updateTime = 2000 + seq;
    t.inputData = QJsonObject{{QStringLiteral("card"), QStringLiteral("4111-xxxx-xxxx-1111")},
                              {QStringLiteral("amount"), 42.5},
                              {QStringLiteral("currency"), QStringLiteral("EUR")},
                              {QStringLiteral("items"), QJsonArray{QStringLiteral("book"), QStringLiteral("pen")}}};
    t.responseTimeoutSeconds = 3600;
    return t;
}

inline TaskDef makeTaskDef(const QString &name, int retryCount)
{
    Result<TaskDef> def = TaskDef::fromJson(QJsonObject{{QStringLiteral("name"), name},
                                                        {QStringLiteral("retryCount"), retryCount},
                                                        {QStringLiteral("retryLogic"), QStringLiteral("FIXED")},
                                                        {QStringLiteral("retryDelaySeconds"), 5},
                                                        {QStringLiteral("timeoutSeconds"), 600},
                                                        {QStringLiteral("responseTimeoutSeconds"), 300},
                                                        {QStringLiteral("ownerEmail"), QStringLiteral("ops@example.com")}});
    if (!def)
        qFatal("test data does not validate: %s", qPrintable(def.error().message));
    return def.value();
}

inline WorkflowDef makeWorkflowDef(const QString &name, int version)
{
    const QJsonObject task{{QStringLiteral("name"), QStringLiteral("charge_card")},
                           {QStringLiteral("taskReferenceName"), QStringLiteral("charge")},
                           {QStringLiteral("type"), QStringLiteral("SIMPLE")}};
    Result<WorkflowDef> def = WorkflowDef::fromJson(QJsonObject{{QStringLiteral("name"), name},
                                                                {QStringLiteral("version"), version},
                                                                {QStringLiteral("schemaVersion"), 2},
                                                                {QStringLiteral("ownerEmail"), QStringLiteral("ops@example.com")},
                                                                {QStringLiteral("tasks"), QJsonArray{task}}});
    if (!def)
        qFatal("test data does not validate: %s", qPrintable(def.error().message));
    return def.value();
}

} // namespace orrery::test
