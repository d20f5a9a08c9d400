#pragma once

#include "scheduler/JobLauncher.h"

#include <QHash>
#include <QObject>
#include <memory>

class QTimer;

namespace orrery {

class ConductorClient;

// The scheduler's launcher in client mode: a job's workflow starts on the Conductor server
// (POST /api/workflow with a StartWorkflowRequest; the text/plain answer is the workflow id),
// with correlationId "job:<jobId>:<runId>" as on the local engine. The run's end is read back by
// looking at GET /api/workflow/{id}?includeTasks=false every kWatchIntervalMs until the workflow
// is terminal. launch() may be called from any thread; the work happens on the client's thread.
// The run's row (RUNNING with its workflow id) is in the job store from the start report on, so
// after a restart the scheduler module hands the runs still RUNNING back with adopt(), and their
// end is read back and recorded the same way. An adopted run the server does not know (404) is
// not recorded as failed: it may have been started on the local engine before client mode was
// on, and the engine's launcher reports those.
class RemoteJobLauncher final : public QObject, public JobLauncher
{
    Q_OBJECT

public:
    static constexpr int kWatchIntervalMs = 5000;

    explicit RemoteJobLauncher(ConductorClient *client, QObject *parent = nullptr);

    void launch(const JobRun &run, const JobTarget &target, const QString &jobName,
                std::shared_ptr<JobRunSink> sink) override;
    void adopt(const JobRun &run, std::shared_ptr<JobRunSink> sink) override;
    int watched() const { return int(m_watched.size()); }
    // Looks at every watched workflow once (the timer calls it).
    void checkWatched();

private:
    struct Watch
    {
        QString jobId;
        QString runId;
        std::shared_ptr<JobRunSink> sink;
        bool inFlight = false;
        bool adopted = false; // from the job store after a restart
    };

    void start(const JobRun &run, const JobTarget &target, const QString &jobName, std::shared_ptr<JobRunSink> sink);

    ConductorClient *m_client;
    QHash<QString, Watch> m_watched; // by workflow id
    QTimer *m_timer;
};

} // namespace orrery
