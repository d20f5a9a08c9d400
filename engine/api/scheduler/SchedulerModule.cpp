#include "api/scheduler/SchedulerModule.h"

#include "api/ApiRouter.h"
#include "api/HttpApiServer.h"
#include "api/MetricsRegistry.h"
#include "api/scheduler/EngineJobLauncher.h"
#include "api/scheduler/JobUptime.h"
#include "api/scheduler/SchedulerAccess.h"
#include "api/scheduler/SchedulerMetrics.h"
#include "api/scheduler/SchedulerRoutes.h"
#include "core/Clock.h"
#include "scheduler/DefaultJobs.h"
#include "scheduler/QtSchedulerTimer.h"
#include "scheduler/SqlJobStore.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcScheduler)

namespace orrery {

SchedulerModule::SchedulerModule(const Clock *clock) : m_clock(clock ? clock : SystemClock::instance()) {}

SchedulerModule::~SchedulerModule() { stop(); }

Result<void> SchedulerModule::start(ServerContext &context)
{
    qRegisterMetaType<orrery::EngineEvent>();
    const Clock *clock = m_clock;
    m_launcher = std::make_unique<EngineJobLauncher>(context.engine, context.store, clock);
    m_launcher->setWorkflowLauncher(context.workflowLauncher); // client mode: the Conductor server
    m_remoteWorkflows = context.workflowLauncher != nullptr;
    m_engineEvents = QObject::connect(context.engine->core(), &EngineCore::engineEvent, m_launcher.get(),
                                      &EngineJobLauncher::onEngineEvent, Qt::DirectConnection);
    m_uptime = std::make_shared<JobUptime>();
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("orrery-scheduler"));
    m_home = std::make_unique<QObject>();
    m_home->moveToThread(m_thread.get());
    m_thread->start();
    Result<void> started;
    QMetaObject::invokeMethod(m_home.get(), [&] { started = startOnThread(context); }, Qt::BlockingQueuedConnection);
    if (!started) {
        stop();
        return started;
    }
    context.api->addRoutes([access = m_access, clock](ApiRouter &router) {
        SchedulerRoutes::registerRoutes(router, access, clock);
    });
    m_stats = context.api->stats();
    JobUptime::registerProvider(m_stats, m_uptime);
    m_metricsRegistry = context.api->metrics();
    m_metricsCollector = m_metricsRegistry->addCollector([metrics = m_metrics](MetricsWriter &w) { metrics->write(w); });
    return {};
}

Result<void> SchedulerModule::startOnThread(ServerContext &context)
{
    const Clock *clock = m_clock;
    m_jobStore = new SqlJobStore(context.store, QStringLiteral("orrery-scheduler"), m_home.get());
    if (auto r = m_jobStore->open(); !r)
        return r;
    m_timer = new QtSchedulerTimer(clock, 300'000, m_home.get());
    m_scheduler = new Scheduler(m_jobStore, m_launcher.get(), m_timer, clock, SchedulerConfig{}, m_home.get());
    m_launcher->setSink(m_scheduler->runSink());
    m_access = std::make_shared<SchedulerAccess>(m_scheduler);
    m_metrics = std::make_shared<SchedulerMetrics>(m_access, clock);
    m_jobStore->setExternalChangeHandler([s = m_scheduler](const QString &id) { s->reloadJob(id); });
    // Job events join the engine's event stream on the engine thread, so the log, the real-time
    // hub and every other subscriber of EngineCore::engineEvent see them like task events.
    QObject::connect(m_scheduler, &Scheduler::event, context.engine->core(), &EngineCore::engineEvent,
                     Qt::QueuedConnection);
    // scheduledJobUptime and the job metrics: the history first (before start() fires or misses
    // anything), then every run.
    seedFromHistory();
    QObject::connect(m_scheduler, &Scheduler::event, m_scheduler,
                     [this](const EngineEvent &e) {
                         m_uptime->recordEvent(e, sourceOf(e.payload.value(QStringLiteral("jobId")).toString()));
                         m_metrics->recordEvent(e);
                     }, Qt::DirectConnection);
    if (auto r = m_scheduler->start(); !r)
        return r;
    adoptRemoteRuns(context.workflowLauncher);
    // Default jobs on a fresh store. Without the demo workflows the two that start them begin paused.
    const bool demo = context.loadDemo;
    for (const JobDefinition &def : DefaultJobs::definitions(clock->nowMs(), DefaultJobs::localZoneName())) {
        JobCreateOptions options;
        options.paused = !demo && def.target.kind == JobTarget::Kind::Workflow;
        if (auto r = m_scheduler->ensureJob(def, options); !r)
            return Error{r.error().kind, QStringLiteral("default job %1: %2").arg(def.id, r.error().message), {}};
    }
    qCInfo(lcScheduler).noquote() << "scheduler started as" << m_scheduler->instanceId() << "with"
                                  << m_scheduler->jobs().size() << "job(s)";
    return {};
}

void SchedulerModule::adoptRemoteRuns(JobLauncher *remote)
{
    if (!remote)
        return;
    auto jobs = m_jobStore->loadJobs();
    if (!jobs) {
        qCWarning(lcScheduler).noquote() << "the ends of runs started on the Conductor server before the restart are not "
                                            "watched, the jobs cannot be read:" << jobs.error().message;
        return;
    }
    int adopted = 0;
    for (const Job &job : std::as_const(*jobs)) {
        if (job.def.target.kind != JobTarget::Kind::Workflow)
            continue;
        auto runs = m_jobStore->recentRuns(job.id(), SchedulerConfig{}.historyLimit);
        if (!runs)
            continue;
        for (const JobRun &run : std::as_const(*runs)) {
            if (run.status == JobRun::Status::Running && !run.workflowId.isEmpty()) {
                remote->adopt(run, m_scheduler->runSink());
                ++adopted;
            }
        }
    }
    if (adopted > 0)
        qCInfo(lcScheduler).noquote() << "watching" << adopted << "run(s) started on the Conductor server before the restart";
}

JobUptime::Source SchedulerModule::sourceOf(const QString &jobId) const
{
    if (!m_remoteWorkflows || !m_scheduler)
        return JobUptime::Source::Local;
    const auto job = m_scheduler->job(jobId);
    return job && job->def.target.kind == JobTarget::Kind::Workflow ? JobUptime::Source::Remote
                                                                    : JobUptime::Source::Local;
}

void SchedulerModule::seedFromHistory()
{
    auto jobs = m_jobStore->loadJobs();
    if (!jobs) {
        qCWarning(lcScheduler).noquote() << "scheduled-job uptime starts empty, the jobs cannot be read:"
                                         << jobs.error().message;
        return;
    }
    const int keep = SchedulerConfig{}.historyLimit;
    for (const Job &job : std::as_const(*jobs)) {
        auto runs = m_jobStore->recentRuns(job.id(), keep);
        if (!runs) {
            qCWarning(lcScheduler).noquote() << "scheduled-job uptime: the runs of job" << job.id()
                                             << "cannot be read:" << runs.error().message;
            continue;
        }
        // A run that ended carries its own source (detail.source); one in flight is where its job
        // starts workflows now.
        const JobUptime::Source source = m_remoteWorkflows && job.def.target.kind == JobTarget::Kind::Workflow
                                             ? JobUptime::Source::Remote : JobUptime::Source::Local;
        for (const JobRun &run : std::as_const(*runs)) {
            m_uptime->seed(run, source);
            m_metrics->seed(run);
        }
    }
}

void SchedulerModule::stopOnThread()
{
    if (m_scheduler) {
        if (auto r = m_scheduler->flush(); !r)
            qCWarning(lcScheduler).noquote() << "could not record run changes at shutdown:" << r.error().message;
        delete m_scheduler;
        m_scheduler = nullptr;
    }
    delete m_timer;
    m_timer = nullptr;
    if (m_jobStore)
        m_jobStore->close();
    delete m_jobStore;
    m_jobStore = nullptr;
}

void SchedulerModule::prepareStop()
{
    // Graceful shutdown stops firing first; the engine drains afterwards.
    if (m_thread && m_scheduler) {
        Scheduler *s = m_scheduler;
        QMetaObject::invokeMethod(m_home.get(), [s] { s->stop(); }, Qt::BlockingQueuedConnection);
    }
}

void SchedulerModule::stop()
{
    JobUptime::removeProvider(m_stats);
    m_stats = nullptr;
    if (m_metricsRegistry)
        m_metricsRegistry->removeCollector(m_metricsCollector);
    m_metricsRegistry = nullptr;
    if (!m_thread)
        return;
    if (m_access)
        m_access->detach();
    if (m_scheduler) {
        Scheduler *s = m_scheduler;
        QMetaObject::invokeMethod(m_home.get(), [s] { s->stop(); }, Qt::BlockingQueuedConnection);
        // Runs already handed to the engine: wait for its answers so they are recorded (the engine
        // answers promptly, also while draining).
        QDeadlineTimer deadline(5000);
        for (int pending = 1; pending > 0 && !deadline.hasExpired();) {
            QMetaObject::invokeMethod(m_home.get(), [s, &pending] { pending = s->awaitingStart(); },
                                      Qt::BlockingQueuedConnection);
            if (pending > 0)
                QThread::msleep(10);
        }
    }
    QMetaObject::invokeMethod(m_home.get(), [this] { stopOnThread(); }, Qt::BlockingQueuedConnection);
    QObject::disconnect(m_engineEvents);
    m_launcher.reset();
    m_thread->quit();
    m_thread->wait();
    m_home.reset();
    m_thread.reset();
}

} // namespace orrery
