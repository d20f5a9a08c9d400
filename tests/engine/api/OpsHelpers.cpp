#include "OpsHelpers.h"

#include <QJsonDocument>

namespace orrery::test {

void OpsHelpers::oneTaskWorkflow(const QByteArray &name, const QByteArray &taskType, int retries) const
{
    const QByteArray def = "[{\"name\":\"" + taskType + "\",\"retryCount\":" + QByteArray::number(retries) +
        ",\"retryLogic\":\"FIXED\",\"retryDelaySeconds\":0,\"responseTimeoutSeconds\":600}]";
    api.call("POST", "/api/metadata/taskdefs", api.admin, def);
    const QByteArray wf = "{\"name\":\"" + name + "\",\"version\":1,\"schemaVersion\":2,\"tasks\":["
                          "{\"name\":\"" + taskType + "\",\"taskReferenceName\":\"only\",\"type\":\"SIMPLE\"}]}";
    api.call("POST", "/api/metadata/workflow?overwrite=true", api.admin, wf);
}

QString OpsHelpers::start(const QByteArray &name, const QByteArray &project) const
{
    const QByteArray body = project.isEmpty()
        ? "{\"name\":\"" + name + "\",\"input\":{\"k\":\"v\"}}"
        : "{\"name\":\"" + name + "\",\"input\":{\"k\":\"v\"},\"projectId\":\"" + project + "\"}";
    RawResponse r = api.call("POST", "/api/workflow", api.operatorAuth, body);
    if (r.status != 200)
        qWarning("start %s failed: %d %s", name.constData(), r.status, r.body.constData());
    return QString::fromUtf8(r.body);
}

QJsonObject OpsHelpers::pollOne(const QByteArray &taskType, const QByteArray &worker) const
{
    const QJsonArray tasks = arr(api.call("GET", "/api/tasks/poll/batch/" + taskType + "?count=1&timeout=1000&workerid=" + worker,
                                          api.operatorAuth));
    return tasks.isEmpty() ? QJsonObject() : tasks.first().toObject();
}

int OpsHelpers::report(const QJsonObject &task, const QByteArray &status) const
{
    const QJsonObject result{{QStringLiteral("taskId"), task.value(QStringLiteral("taskId"))},
                             {QStringLiteral("workflowInstanceId"), task.value(QStringLiteral("workflowInstanceId"))},
                             {QStringLiteral("status"), QString::fromLatin1(status)},
                             {QStringLiteral("reasonForIncompletion"), QStringLiteral("reported by the test")},
                             {QStringLiteral("outputData"), QJsonObject{{QStringLiteral("done"), true}}}};
    return api.call("POST", "/api/tasks", api.operatorAuth, QJsonDocument(result).toJson(QJsonDocument::Compact)).status;
}

QJsonObject OpsHelpers::run(const QByteArray &taskType, const QByteArray &status) const
{
    const QJsonObject task = pollOne(taskType);
    if (!task.isEmpty())
        report(task, status);
    return task;
}

QJsonObject OpsHelpers::breaker(const QString &name) const
{
    const QJsonArray all = obj(api.call("GET", "/api/circuitbreaker/status", api.viewer))
                               .value(QStringLiteral("breakers")).toArray();
    for (const QJsonValue &v : all)
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    return {};
}

} // namespace orrery::test
