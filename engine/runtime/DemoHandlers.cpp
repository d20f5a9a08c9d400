#include "DemoHandlers.h"

#include "runtime/JsonLogger.h"
#include "workers/HandlerRegistry.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace orrery {

namespace {

TaskOutcome analyze(const TaskAssignment &a)
{
    const QJsonObject summary = a.input.value(QStringLiteral("summary")).toObject();
    if (summary.isEmpty())
        return TaskOutcome::badInput(QStringLiteral("input.summary must be the summary object of a profile task"));
    const double cpuWarn = a.input.value(QStringLiteral("cpuWarnPercent")).toDouble(80);
    const double rssWarn = a.input.value(QStringLiteral("rssWarnBytes")).toDouble(1024.0 * 1024 * 1024);
    QJsonArray findings;
    const double cpuMax = summary.value(QStringLiteral("cpuMax")).toDouble();
    const double rssMax = summary.value(QStringLiteral("rssMax")).toDouble();
    if (cpuMax > cpuWarn)
        findings.append(QStringLiteral("CPU peaked at %1% (threshold %2%)").arg(cpuMax, 0, 'f', 1).arg(cpuWarn));
    if (rssMax > rssWarn)
        findings.append(QStringLiteral("RSS peaked at %1 MiB (threshold %2 MiB)")
                            .arg(rssMax / 1048576.0, 0, 'f', 1)
                            .arg(rssWarn / 1048576.0, 0, 'f', 1));
    const QString status = findings.isEmpty() ? QStringLiteral("ok") : QStringLiteral("warning");
    const QString message = findings.isEmpty()
        ? QStringLiteral("pid %1: CPU avg %2%, max %3%; RSS max %4 MiB; within thresholds")
              .arg(a.input.value(QStringLiteral("pid")).toInteger())
              .arg(summary.value(QStringLiteral("cpuAvg")).toDouble(), 0, 'f', 1)
              .arg(cpuMax, 0, 'f', 1)
              .arg(rssMax / 1048576.0, 0, 'f', 1)
        : findings.first().toString();
    return TaskOutcome::completed(QJsonObject{{QStringLiteral("status"), status},
                                              {QStringLiteral("findings"), findings},
                                              {QStringLiteral("message"), message},
                                              {QStringLiteral("summary"), summary}});
}

TaskOutcome storeReport(const TaskAssignment &a, const QString &dir)
{
    if (!QDir().mkpath(dir))
        return TaskOutcome::failed(QStringLiteral("cannot create report directory %1").arg(dir),
                                   FailureInfo{QStringLiteral("other"), 0, -1, QStringLiteral("io")});
    const QString path = QDir(dir).filePath(
        QStringLiteral("profile-%1-%2.json")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")), a.taskId.left(8)));
    QSaveFile file(path);
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("workflowId"), a.workflowId},
                                                      {QStringLiteral("profile"), a.input.value(QStringLiteral("profile"))},
                                                      {QStringLiteral("analysis"), a.input.value(QStringLiteral("analysis"))}})
                                .toJson();
    if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size() || !file.commit())
        return TaskOutcome::failed(QStringLiteral("cannot write report %1: %2").arg(path, file.errorString()),
                                   FailureInfo{QStringLiteral("other"), 0, -1, QStringLiteral("io")});
    return TaskOutcome::completed(QJsonObject{{QStringLiteral("path"), path}, {QStringLiteral("bytes"), body.size()}});
}

} // namespace

Result<void> registerDemoHandlers(HandlerRegistry &registry, const QString &dataDir, JsonLogger *logger)
{
    if (auto r = registry.registerFunction(QStringLiteral("profile_analyze"), analyze); !r.ok())
        return r;
    const QString reports = QDir(dataDir).filePath(QStringLiteral("profiles"));
    if (auto r = registry.registerFunction(QStringLiteral("profile_store"),
                                           [reports](const TaskAssignment &a) { return storeReport(a, reports); });
        !r.ok())
        return r;
    return registry.registerFunction(QStringLiteral("notify"), [logger](const TaskAssignment &a) {
        const QString title = a.input.value(QStringLiteral("title")).toString(QStringLiteral("Notification"));
        const QString status = a.input.value(QStringLiteral("status")).toString(QStringLiteral("info"));
        const QString message = a.input.value(QStringLiteral("message")).toString();
        if (logger)
            logger->info(QStringLiteral("notification: %1").arg(title),
                         QJsonObject{{QStringLiteral("workflowId"), a.workflowId},
                                     {QStringLiteral("taskId"), a.taskId},
                                     {QStringLiteral("status"), status},
                                     {QStringLiteral("message"), message}});
        return TaskOutcome::completed(QJsonObject{{QStringLiteral("notified"), true},
                                                  {QStringLiteral("title"), title},
                                                  {QStringLiteral("status"), status},
                                                  {QStringLiteral("message"), message}});
    });
}

} // namespace orrery
