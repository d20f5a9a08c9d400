#include "store/RowJsonWriter.h"

#include "store/JsonText.h"

#include <QJsonArray>

namespace orrery {

namespace {

// Appends "key":value pairs, handling the separating commas.
class ObjectWriter
{
public:
    explicit ObjectWriter(QString &out) : m_out(out) { m_out += u'{'; }
    void close() { m_out += u'}'; }

    void key(QLatin1String k)
    {
        if (!m_first)
            m_out += u',';
        m_first = false;
        m_out += u'"';
        m_out += k; // keys are plain ASCII identifiers
        m_out += QLatin1String("\":");
    }
    void str(QLatin1String k, const QString &v)
    {
        key(k);
        JsonText::writeString(m_out, v);
    }
    void optStr(QLatin1String k, const QString &v)
    {
        if (!v.isNull())
            str(k, v);
    }
    void num(QLatin1String k, qint64 v)
    {
        key(k);
        m_out += QString::number(v);
    }
    void boolean(QLatin1String k, bool v)
    {
        key(k);
        m_out += v ? QLatin1String("true") : QLatin1String("false");
    }
    void obj(QLatin1String k, const QJsonObject &v)
    {
        key(k);
        JsonText::writeObject(m_out, v);
    }
    void strings(QLatin1String k, const QStringList &v)
    {
        key(k);
        m_out += u'[';
        for (qsizetype i = 0; i < v.size(); ++i) {
            if (i)
                m_out += u',';
            JsonText::writeString(m_out, v.at(i));
        }
        m_out += u']';
    }

private:
    QString &m_out;
    bool m_first = true;
};

} // namespace

QString RowJsonWriter::task(const Task &t)
{
    QString out;
    out.reserve(640 + 64 * (t.inputData.size() + t.outputData.size()));
    ObjectWriter w(out);
    w.str(QLatin1String("taskId"), t.taskId);
    w.str(QLatin1String("taskType"), t.taskType);
    w.optStr(QLatin1String("taskDefName"), t.taskDefName);
    w.optStr(QLatin1String("referenceTaskName"), t.referenceTaskName);
    w.str(QLatin1String("status"), toString(t.status));
    w.obj(QLatin1String("inputData"), t.inputData);
    w.obj(QLatin1String("outputData"), t.outputData);
    w.str(QLatin1String("workflowInstanceId"), t.workflowInstanceId);
    w.optStr(QLatin1String("workflowType"), t.workflowType);
    w.optStr(QLatin1String("correlationId"), t.correlationId);
    w.optStr(QLatin1String("projectId"), t.projectId);
    w.num(QLatin1String("retryCount"), t.retryCount);
    w.optStr(QLatin1String("retriedTaskId"), t.retriedTaskId);
    w.boolean(QLatin1String("retried"), t.retried);
    w.boolean(QLatin1String("executed"), t.executed);
    w.num(QLatin1String("seq"), t.seq);
    w.num(QLatin1String("pollCount"), t.pollCount);
    w.num(QLatin1String("scheduledTime"), t.scheduledTime);
    w.num(QLatin1String("startTime"), t.startTime);
    w.num(QLatin1String("endTime"), t.endTime);
    w.num(QLatin1String("updateTime"), t.updateTime);
    w.num(QLatin1String("firstStartTime"), t.firstStartTime);
    w.num(QLatin1String("firstScheduledTime"), t.firstScheduledTime);
    w.num(QLatin1String("startDelayInSeconds"), t.startDelayInSeconds);
    w.num(QLatin1String("callbackAfterSeconds"), t.callbackAfterSeconds);
    w.num(QLatin1String("responseTimeoutSeconds"), t.responseTimeoutSeconds);
    w.optStr(QLatin1String("reasonForIncompletion"), t.reasonForIncompletion);
    w.optStr(QLatin1String("workerId"), t.workerId);
    w.optStr(QLatin1String("domain"), t.domain);
    w.num(QLatin1String("workflowPriority"), t.workflowPriority);
    w.num(QLatin1String("iteration"), t.iteration);
    w.num(QLatin1String("rateLimitPerFrequency"), t.rateLimitPerFrequency);
    w.num(QLatin1String("rateLimitFrequencyInSeconds"), t.rateLimitFrequencyInSeconds);
    w.optStr(QLatin1String("subWorkflowId"), t.subWorkflowId);
    w.optStr(QLatin1String("parentTaskId"), t.parentTaskId);
    w.close();
    return out;
}

QString RowJsonWriter::workflow(const Workflow &wf)
{
    QString out;
    out.reserve(512 + 64 * (wf.input.size() + wf.output.size()));
    ObjectWriter w(out);
    w.str(QLatin1String("workflowId"), wf.workflowId);
    w.str(QLatin1String("workflowName"), wf.workflowName);
    w.num(QLatin1String("workflowVersion"), wf.workflowVersion);
    w.str(QLatin1String("status"), toString(wf.status));
    w.obj(QLatin1String("input"), wf.input);
    w.obj(QLatin1String("output"), wf.output);
    w.optStr(QLatin1String("correlationId"), wf.correlationId);
    w.optStr(QLatin1String("reasonForIncompletion"), wf.reasonForIncompletion);
    w.optStr(QLatin1String("projectId"), wf.projectId);
    w.num(QLatin1String("createTime"), wf.createTime);
    w.num(QLatin1String("updateTime"), wf.updateTime);
    w.num(QLatin1String("endTime"), wf.endTime);
    w.num(QLatin1String("lastRetriedTime"), wf.lastRetriedTime);
    w.num(QLatin1String("priority"), wf.priority);
    w.obj(QLatin1String("variables"), wf.variables);
    w.obj(QLatin1String("taskToDomain"), wf.taskToDomain);
    w.strings(QLatin1String("failedReferenceTaskNames"), wf.failedReferenceTaskNames);
    w.strings(QLatin1String("failedTaskNames"), wf.failedTaskNames);
    w.optStr(QLatin1String("parentWorkflowId"), wf.parentWorkflowId);
    w.optStr(QLatin1String("parentWorkflowTaskId"), wf.parentWorkflowTaskId);
    w.optStr(QLatin1String("createdBy"), wf.createdBy);
    w.optStr(QLatin1String("idempotencyKey"), wf.idempotencyKey);
    if (wf.definition && !wf.definition->snapshotId.isEmpty())
        w.str(QLatin1String("definitionSnapshot"), wf.definition->snapshotId);
    else if (wf.definition)
        w.obj(QLatin1String("workflowDefinition"), wf.definition->toJson());
    w.close();
    return out;
}

} // namespace orrery
