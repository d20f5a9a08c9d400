#include "DlqDetailModels.h"

#include <QDateTime>

namespace orrery {

namespace {

QJsonValue isoTime(const QJsonValue &ms)
{
    const qint64 v = qint64(ms.toDouble());
    if (v <= 0)
        return QJsonValue();
    return QDateTime::fromMSecsSinceEpoch(v, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

DlqAttemptModel::DlqAttemptModel(QObject *parent)
    : JsonRowModel(QStringLiteral("taskId"), QStringLiteral("status"),
                   {{QStringLiteral("attempt"), tr("Attempt")},
                    {QStringLiteral("status"), tr("Status")},
                    {QStringLiteral("workerId"), tr("Worker")},
                    {QStringLiteral("scheduledTime"), tr("Scheduled")},
                    {QStringLiteral("startTime"), tr("Started")},
                    {QStringLiteral("endTime"), tr("Ended")},
                    {QStringLiteral("durationMs"), tr("Duration (ms)")},
                    {QStringLiteral("code"), tr("Code")},
                    {QStringLiteral("error"), tr("Error")},
                    {QStringLiteral("taskId"), tr("Task id")}},
                   parent)
{
}

QJsonObject DlqAttemptModel::fromAttempt(const QJsonObject &attempt)
{
    QJsonObject row = attempt;
    for (const char *field : {"scheduledTime", "startTime", "endTime"})
        row.insert(QLatin1String(field), isoTime(attempt.value(QLatin1String(field))));
    // The most telling code the worker reported: HTTP status, exit code or error code.
    const QJsonObject detail = attempt.value(QStringLiteral("errorDetail")).toObject();
    QStringList codes;
    if (const int http = detail.value(QStringLiteral("httpStatus")).toInt(); http > 0)
        codes << QStringLiteral("http %1").arg(http);
    if (detail.contains(QStringLiteral("exitCode")))
        codes << QStringLiteral("exit %1").arg(detail.value(QStringLiteral("exitCode")).toInt());
    if (const QString code = detail.value(QStringLiteral("errorCode")).toString(); !code.isEmpty())
        codes << code;
    if (const QString cls = detail.value(QStringLiteral("errorClass")).toString(); !cls.isEmpty())
        codes << cls;
    row.insert(QStringLiteral("code"), codes.join(QStringLiteral(", ")));
    return row;
}

DlqReplayModel::DlqReplayModel(QObject *parent)
    : JsonRowModel(QStringLiteral("position"), QStringLiteral("by"),
                   {{QStringLiteral("time"), tr("Time")},
                    {QStringLiteral("by"), tr("By")},
                    {QStringLiteral("jobId"), tr("Bulk job")},
                    {QStringLiteral("fromTaskId"), tr("Replayed task")},
                    {QStringLiteral("newTaskId"), tr("New task")},
                    {QStringLiteral("status"), tr("Result")},
                    {QStringLiteral("error"), tr("Error")}},
                   parent)
{
}

QJsonObject DlqReplayModel::fromReplay(const QJsonObject &replay, int position)
{
    QJsonObject row = replay;
    row.insert(QStringLiteral("position"), QString::number(position));
    row.insert(QStringLiteral("time"), isoTime(replay.value(QStringLiteral("timeMs"))));
    // "status" colours the result column (FAILED red).
    row.insert(QStringLiteral("status"), replay.value(QStringLiteral("ok")).toBool() ? QStringLiteral("ACCEPTED") : QStringLiteral("FAILED"));
    return row;
}

DlqResultModel::DlqResultModel(QObject *parent)
    : JsonRowModel(QStringLiteral("id"), QStringLiteral("status"),
                   {{QStringLiteral("id"), tr("Entry")},
                    {QStringLiteral("taskType"), tr("Task type")},
                    {QStringLiteral("status"), tr("Result")},
                    {QStringLiteral("detail"), tr("Detail")}},
                   parent)
{
}

} // namespace orrery
