#include "RemoteJobLauncher.h"

#include "ConductorClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrl>

namespace orrery {

RemoteJobLauncher::RemoteJobLauncher(ConductorClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_timer(new QTimer(this))
{
    m_timer->setInterval(kWatchIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &RemoteJobLauncher::checkWatched);
}

void RemoteJobLauncher::launch(const JobRun &run, const JobTarget &target, const QString &jobName,
                               std::shared_ptr<JobRunSink> sink)
{
    QMetaObject::invokeMethod(this, [this, run, target, jobName, sink] { start(run, target, jobName, sink); },
                              Qt::QueuedConnection);
}

void RemoteJobLauncher::adopt(const JobRun &run, std::shared_ptr<JobRunSink> sink)
{
    if (run.workflowId.isEmpty() || !sink)
        return;
    QMetaObject::invokeMethod(this, [this, run, sink] {
        if (m_watched.contains(run.workflowId))
            return;
        m_watched.insert(run.workflowId, Watch{run.jobId, run.runId, sink, false, true});
        if (!m_timer->isActive())
            m_timer->start();
    }, Qt::QueuedConnection);
}

void RemoteJobLauncher::start(const JobRun &run, const JobTarget &target, const QString &jobName,
                              std::shared_ptr<JobRunSink> sink)
{
    if (target.kind != JobTarget::Kind::Workflow) {
        sink->runStarted(run.runId, Error::invalid(QStringLiteral("built-in actions run on the local engine, not on "
                                                                  "the Conductor server")));
        return;
    }
    QJsonObject body{{QStringLiteral("name"), target.name},
                     {QStringLiteral("input"), target.input},
                     {QStringLiteral("correlationId"), run.correlationId()},
                     {QStringLiteral("priority"), target.priority},
                     {QStringLiteral("createdBy"), QStringLiteral("scheduler:%1").arg(jobName)}};
    if (target.version)
        body.insert(QStringLiteral("version"), *target.version);
    ConductorRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/api/workflow");
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const QString server = m_client->settings().hostPort();
    m_client->call(std::move(request), [this, run, sink, server](ConductorReply reply) {
        if (!reply.ok()) {
            sink->runStarted(run.runId, Error::unavailable(QStringLiteral("starting the workflow on the Conductor server "
                                                                          "%1 failed: %2").arg(server, reply.describe())));
            return;
        }
        QString id = QString::fromUtf8(reply.body).trimmed();
        if (id.size() >= 2 && id.startsWith(QLatin1Char('"')) && id.endsWith(QLatin1Char('"'))) // a JSON-quoted id
            id = id.mid(1, id.size() - 2);
        if (id.isEmpty()) {
            sink->runStarted(run.runId, Error::unavailable(QStringLiteral("the Conductor server %1 answered the start "
                                                                          "without a workflow id").arg(server)));
            return;
        }
        sink->runStarted(run.runId, id);
        m_watched.insert(id, Watch{run.jobId, run.runId, sink});
        if (!m_timer->isActive())
            m_timer->start();
    });
}

void RemoteJobLauncher::checkWatched()
{
    if (m_watched.isEmpty()) {
        m_timer->stop();
        return;
    }
    for (auto it = m_watched.begin(); it != m_watched.end(); ++it) {
        if (it->inFlight)
            continue;
        it->inFlight = true;
        const QString id = it.key();
        ConductorRequest request;
        request.path = QStringLiteral("/api/workflow/%1?includeTasks=false")
                           .arg(QString::fromLatin1(QUrl::toPercentEncoding(id)));
        m_client->call(std::move(request), [this, id](ConductorReply reply) {
            auto w = m_watched.find(id);
            if (w == m_watched.end())
                return;
            w->inFlight = false;
            if (reply.status == 404 && w->adopted) {
                m_watched.erase(w); // not the server's: a local run, reported by the engine's launcher
                return;
            }
            if (reply.status == 404) {
                w->sink->runFinished(w->jobId, w->runId, id, JobRun::Status::Failed,
                                     QJsonObject{{QStringLiteral("reason"), QStringLiteral("the workflow is gone from the "
                                                                                          "Conductor server")},
                                                 {QStringLiteral("source"), QStringLiteral("remote")}});
                m_watched.erase(w);
                return;
            }
            if (!reply.ok())
                return; // looked at again at the next interval
            const QJsonObject wf = reply.json().object();
            const auto status = JobRun::fromWorkflowStatus(wf.value(QStringLiteral("status")).toString());
            if (!status)
                return; // RUNNING, PAUSED
            QJsonObject detail{{QStringLiteral("source"), QStringLiteral("remote")}};
            const QString reason = wf.value(QStringLiteral("reasonForIncompletion")).toString();
            if (!reason.isEmpty())
                detail.insert(QStringLiteral("reason"), reason);
            w->sink->runFinished(w->jobId, w->runId, id, *status, detail);
            m_watched.erase(w);
        });
    }
}

} // namespace orrery
