#include "store/RowCodec.h"

#include "store/RowJsonWriter.h"

#include "store/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace orrery {

QStringList RowCodec::workflowColumns()
{
    return {QStringLiteral("id"),          QStringLiteral("name"),           QStringLiteral("version"),
            QStringLiteral("status"),      QStringLiteral("project_id"),     QStringLiteral("correlation_id"),
            QStringLiteral("create_time"), QStringLiteral("update_time"),    QStringLiteral("end_time"),
            QStringLiteral("idempotency_key"), QStringLiteral("json")};
}

QStringList RowCodec::taskColumns()
{
    return {QStringLiteral("id"),     QStringLiteral("workflow_id"), QStringLiteral("task_type"),
            QStringLiteral("ref_name"), QStringLiteral("status"),    QStringLiteral("seq"),
            QStringLiteral("scheduled_time"), QStringLiteral("update_time"), QStringLiteral("json")};
}

QStringList RowCodec::snapshotColumns()
{
    return {QStringLiteral("id"), QStringLiteral("json")};
}

QVariantList RowCodec::snapshotRow(const WorkflowDef &def)
{
    return {def.snapshotId, toJsonText(def.toJson())};
}

QStringList RowCodec::logColumns()
{
    return {QStringLiteral("task_id"), QStringLiteral("created_time"), QStringLiteral("log")};
}

QStringList RowCodec::taskDefColumns()
{
    return {QStringLiteral("name"), QStringLiteral("json")};
}

QStringList RowCodec::workflowDefColumns()
{
    return {QStringLiteral("name"), QStringLiteral("version"), QStringLiteral("json")};
}

QStringList RowCodec::tokenColumns()
{
    return {QStringLiteral("id"),      QStringLiteral("name"),      QStringLiteral("hash"),
            QStringLiteral("role"),    QStringLiteral("projects"),  QStringLiteral("created"),
            QStringLiteral("last_used"), QStringLiteral("revoked")};
}

QString RowCodec::toJsonText(const QJsonObject &o)
{
    return JsonText::compact(o);
}

QVariantList RowCodec::workflowRow(const Workflow &wf)
{
    return {wf.workflowId,
            wf.workflowName,
            wf.workflowVersion,
            toString(wf.status),
            wf.projectId.isNull() ? QStringLiteral("") : wf.projectId,
            wf.correlationId.isNull() ? QStringLiteral("") : wf.correlationId,
            qlonglong(wf.createTime),
            qlonglong(wf.updateTime),
            qlonglong(wf.endTime),
            wf.idempotencyKey.isNull() ? QStringLiteral("") : wf.idempotencyKey,
            RowJsonWriter::workflow(wf)};
}

QVariantList RowCodec::taskRow(const Task &task)
{
    return {task.taskId,
            task.workflowInstanceId,
            task.taskType,
            task.referenceTaskName.isNull() ? QStringLiteral("") : task.referenceTaskName,
            toString(task.status),
            task.seq,
            qlonglong(task.scheduledTime),
            qlonglong(task.updateTime),
            RowJsonWriter::task(task)};
}

QVariantList RowCodec::logRow(const TaskLog &log)
{
    return {log.taskId, qlonglong(log.createdTime), log.log};
}

QVariantList RowCodec::taskDefRow(const TaskDef &def)
{
    return {def.name, toJsonText(def.toJson())};
}

QVariantList RowCodec::workflowDefRow(const WorkflowDef &def)
{
    return {def.name, def.version, toJsonText(def.toJson())};
}

QVariantList RowCodec::tokenRow(const TokenRecord &token)
{
    return {token.id,
            token.name,
            QString::fromLatin1(token.hash.toHex()),
            token.role,
            QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(token.projects)).toJson(QJsonDocument::Compact)),
            qlonglong(token.createdMs),
            qlonglong(token.lastUsedMs),
            token.revoked ? 1 : 0};
}

Result<QJsonObject> RowCodec::parseJson(const QVariant &text, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toString().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return Error::internal(QStringLiteral("stored %1 is not valid JSON (%2 at offset %3); the database was "
                                              "modified outside orrery")
                                   .arg(what, error.errorString())
                                   .arg(error.offset));
    if (!doc.isObject())
        return Error::internal(QStringLiteral("stored %1 is not a JSON object; the database was modified outside orrery")
                                   .arg(what));
    return doc.object();
}

Result<TokenRecord> RowCodec::tokenFromRow(const QVariantList &row)
{
    TokenRecord t;
    t.id = row.value(0).toString();
    t.name = row.value(1).toString();
    t.hash = QByteArray::fromHex(row.value(2).toString().toLatin1());
    t.role = row.value(3).toString();
    QJsonParseError error;
    const QJsonDocument projects = QJsonDocument::fromJson(row.value(4).toString().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !projects.isArray())
        return Error::internal(QStringLiteral("stored API token '%1' has an invalid project list; the database was "
                                              "modified outside orrery").arg(t.id));
    for (const QJsonValue &v : projects.array())
        t.projects << v.toString();
    t.createdMs = row.value(5).toLongLong();
    t.lastUsedMs = row.value(6).toLongLong();
    t.revoked = row.value(7).toInt() != 0;
    return t;
}

} // namespace orrery
