#include "PoolExecutor.h"

#include "core/Clock.h"
#include "workers/PoolFailures.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <algorithm>

namespace orrery {

namespace {

constexpr int kPumpSlice = 2048; // tasks started per event-loop turn, so timers and cancels stay live

} // namespace

PoolExecutor::PoolExecutor(const WorkerPoolConfig &config, HandlerRegistry &registry, PoolCounters &counters,
                           Clock *clock, Emit emitBatch)
    : m_registry(registry),
      m_counters(counters),
      m_clock(clock),
      m_eventContext(std::make_unique<QObject>()),
      m_network(std::make_unique<QNetworkAccessManager>()),
      m_blockingPool(std::make_unique<QThreadPool>()),
      m_deadlineTimer(std::make_unique<QTimer>()),
      m_drainTimer(std::make_unique<QTimer>()),
      m_batcher(std::make_unique<OutcomeBatcher>(config.batchMaxSize, config.batchWindowMs, std::move(emitBatch)))
{
    m_blockingPool->setMaxThreadCount(config.effectiveBlockingThreads());
    m_deadlineTimer->setSingleShot(true);
    m_deadlineTimer->setTimerType(Qt::PreciseTimer);
    QObject::connect(m_deadlineTimer.get(), &QTimer::timeout, m_eventContext.get(), [this] { onDeadlineTimer(); });
    m_drainTimer->setSingleShot(true);
    QObject::connect(m_drainTimer.get(), &QTimer::timeout, m_eventContext.get(), [this] {
        std::vector<quint64> seqs;
        for (const auto &entry : m_running)
            seqs.push_back(entry.first);
        for (quint64 seq : seqs)
            interrupt(seq, Interrupt::Shutdown);
    });
    m_context.clock = m_clock;
    m_context.network = m_network.get();
    m_context.blockingPool = m_blockingPool.get();
    m_context.eventContext = m_eventContext.get();
}

PoolExecutor::~PoolExecutor()
{
    m_destroying = true; // handlers reporting from here on are ignored
    m_draining = true;
    m_drained = nullptr;
    m_deadlineTimer->stop();
    m_drainTimer->stop();
    // Ask everything still running to stop, detached first so late callbacks find nothing.
    for (auto &entry : m_running)
        m_detached.emplace(entry.first, std::move(entry.second.handler));
    m_running.clear();
    for (auto &entry : m_detached) {
        if (entry.second)
            entry.second->cancel();
    }
    m_blockingPool->clear();
    m_blockingPool->waitForDone(); // blocking handlers see isCancelRequested()
    m_detached.clear();
    m_graveyard.clear();
    m_batcher.reset();
    m_network.reset();
    m_eventContext.reset(); // drops results posted by blocking runnables
}

PoolExecutor::TypeQueue *PoolExecutor::queueFor(const QString &type)
{
    auto it = m_queues.find(type);
    const quint64 generation = m_registry.generation();
    if (it == m_queues.end()) {
        HandlerRegistry::Factory factory = m_registry.factory(type);
        if (!factory)
            return nullptr;
        it = m_queues.insert(type, TypeQueue{});
        it->factory = std::move(factory);
        it->generation = generation;
    } else if (it->generation != generation) {
        it->factory = m_registry.factory(type);
        it->generation = generation;
    }
    return it->factory ? &*it : nullptr;
}

void PoolExecutor::submit(QList<TaskAssignment> tasks)
{
    if (m_draining) {
        for (const TaskAssignment &task : tasks)
            completeUnstarted(task, poolfailures::notStarted());
        return;
    }
    QString lastType;
    TypeQueue *queue = nullptr;
    bool first = true;
    for (TaskAssignment &task : tasks) {
        if (first || task.taskType != lastType) {
            queue = queueFor(task.taskType);
            lastType = task.taskType;
            first = false;
        }
        if (!queue) {
            completeUnstarted(task, poolfailures::unknownType(task.taskType));
            continue;
        }
        queue->pending.push_back(std::move(task));
        if (!queue->inReady) {
            queue->inReady = true;
            m_ready.push_back(lastType);
        }
    }
    pump();
}

void PoolExecutor::pump()
{
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    int budget = kPumpSlice;
    do {
        m_pumpAgain = false;
        size_t blocked = 0;
        while (!m_draining && budget > 0 && !m_ready.empty() && blocked < m_ready.size()) {
            QString type = std::move(m_ready.front());
            m_ready.pop_front();
            TypeQueue &queue = m_queues[type];
            if (queue.pending.empty()) { // emptied by cancel()
                queue.inReady = false;
                continue;
            }
            const PoolCounters::Admit admit = m_counters.tryStart(type);
            if (admit != PoolCounters::Admit::Ok) {
                m_ready.push_back(std::move(type));
                if (admit == PoolCounters::Admit::GlobalFull)
                    break;
                ++blocked;
                continue;
            }
            blocked = 0;
            TaskAssignment task = std::move(queue.pending.front());
            queue.pending.pop_front();
            if (queue.pending.empty())
                queue.inReady = false;
            else
                m_ready.push_back(std::move(type));
            startTask(std::move(task), queue);
            --budget;
        }
    } while (m_pumpAgain && budget > 0);
    m_pumping = false;
    if (budget == 0 && !m_ready.empty())
        schedulePump();
}

void PoolExecutor::startTask(TaskAssignment task, TypeQueue &queue)
{
    const qint64 startedMs = m_clock->nowMs();
    if (queue.generation != m_registry.generation()) {
        queue.factory = m_registry.factory(task.taskType);
        queue.generation = m_registry.generation();
    }
    std::unique_ptr<TaskHandler> handler;
    QString error;
    try {
        handler = queue.factory ? queue.factory(m_context) : nullptr;
        if (!handler)
            error = QStringLiteral("no handler could be created for task type '%1'").arg(task.taskType);
    } catch (const std::exception &e) {
        error = QString::fromUtf8(e.what());
    } catch (...) {
        error = QStringLiteral("unknown exception from the handler factory");
    }
    if (!handler) {
        completeRunning(task.taskId, task.taskType, startedMs, poolfailures::handlerError(error));
        return;
    }
    const quint64 seq = ++m_nextSeq;
    const quint64 outerSeq = m_syncSeq;
    const bool outerDone = m_syncDone;
    m_syncSeq = seq;
    m_syncDone = false;
    try { // exceptions must not reach the event loop
        handler->start(task, [this, seq](TaskOutcome outcome) { onHandlerDone(seq, std::move(outcome)); });
    } catch (const std::exception &e) {
        error = QString::fromUtf8(e.what());
    } catch (...) {
        error = QStringLiteral("unknown exception from start()");
    }
    if (!error.isEmpty() && !m_syncDone) {
        m_syncDone = true;
        m_syncOutcome = poolfailures::handlerError(error);
    }
    const bool doneNow = m_syncDone;
    m_syncSeq = outerSeq;
    m_syncDone = outerDone;
    if (doneNow) { // the cheap path (noop, bad input): no bookkeeping, handler dies here
        completeRunning(task.taskId, task.taskType, startedMs, std::move(m_syncOutcome));
        return;
    }
    Running r;
    r.taskId = task.taskId;
    r.taskType = task.taskType;
    r.handler = std::move(handler);
    r.startedMs = startedMs;
    r.timeoutMs = task.timeoutMs;
    if (task.timeoutMs > 0) {
        r.deadline = m_deadlines.emplace(startedMs + task.timeoutMs, seq);
        r.hasDeadline = true;
        if (r.deadline == m_deadlines.begin())
            armDeadlineTimer();
    }
    m_runningByTaskId.insert(task.taskId, seq);
    m_running.emplace(seq, std::move(r));
}

void PoolExecutor::onHandlerDone(quint64 seq, TaskOutcome outcome)
{
    if (m_destroying)
        return;
    if (seq == m_syncSeq) {
        m_syncDone = true;
        m_syncOutcome = std::move(outcome);
        return;
    }
    if (auto d = m_detached.find(seq); d != m_detached.end()) { // late report after cancel/timeout
        m_graveyard.push_back(std::move(d->second));
        m_detached.erase(d);
        scheduleReap();
        return;
    }
    auto it = m_running.find(seq);
    if (it == m_running.end())
        return; // a second call to done: ignored
    Running r = takeRunning(it);
    m_graveyard.push_back(std::move(r.handler)); // we may be inside its callback: delete later
    scheduleReap();
    if (r.interrupt != Interrupt::None)
        outcome = interruptedOutcome(r.interrupt, r, std::move(outcome));
    completeRunning(r.taskId, r.taskType, r.startedMs, std::move(outcome));
    pump();
}

void PoolExecutor::interrupt(quint64 seq, Interrupt why)
{
    auto it = m_running.find(seq);
    if (it == m_running.end())
        return;
    it->second.interrupt = why;
    it->second.handler->cancel(); // may report synchronously, then onHandlerDone did everything
    it = m_running.find(seq);
    if (it == m_running.end())
        return;
    Running r = takeRunning(it);
    m_detached.emplace(seq, std::move(r.handler)); // kept until it reports (e.g. its process is reaped)
    completeRunning(r.taskId, r.taskType, r.startedMs, interruptedOutcome(why, r, TaskOutcome{}));
}

PoolExecutor::Running PoolExecutor::takeRunning(std::unordered_map<quint64, Running>::iterator it)
{
    Running r = std::move(it->second);
    if (r.hasDeadline)
        m_deadlines.erase(r.deadline);
    r.hasDeadline = false;
    auto byId = m_runningByTaskId.find(r.taskId);
    if (byId != m_runningByTaskId.end() && *byId == it->first)
        m_runningByTaskId.erase(byId);
    m_running.erase(it);
    return r;
}

void PoolExecutor::cancel(const QString &taskId)
{
    if (auto it = m_runningByTaskId.find(taskId); it != m_runningByTaskId.end()) {
        interrupt(*it, Interrupt::Canceled);
        pump();
        return;
    }
    for (auto q = m_queues.begin(); q != m_queues.end(); ++q) {
        auto &pending = q->pending;
        auto found = std::find_if(pending.begin(), pending.end(),
                                  [&](const TaskAssignment &t) { return t.taskId == taskId; });
        if (found != pending.end()) {
            const TaskAssignment task = std::move(*found);
            pending.erase(found);
            completeUnstarted(task, poolfailures::canceledBeforeStart());
            return;
        }
    }
}

TaskOutcome PoolExecutor::interruptedOutcome(Interrupt why, const Running &r, TaskOutcome fromHandler)
{
    switch (why) {
    case Interrupt::TimedOut: return poolfailures::timedOut(r.timeoutMs, std::move(fromHandler));
    case Interrupt::Shutdown: return poolfailures::stopped(std::move(fromHandler));
    case Interrupt::Canceled:
    case Interrupt::None: break;
    }
    return poolfailures::canceled(std::move(fromHandler));
}

void PoolExecutor::completeRunning(const QString &taskId, const QString &taskType, qint64 startedMs,
                                   TaskOutcome outcome)
{
    outcome.taskId = taskId;
    outcome.taskType = taskType;
    outcome.startedMs = startedMs;
    outcome.finishedMs = m_clock->nowMs();
    m_counters.finishRunning(taskType, outcome.status);
    m_batcher->add(std::move(outcome));
    checkDrained();
}

void PoolExecutor::completeUnstarted(const TaskAssignment &task, TaskOutcome outcome)
{
    outcome.taskId = task.taskId;
    outcome.taskType = task.taskType;
    outcome.startedMs = outcome.finishedMs = m_clock->nowMs();
    m_counters.finishQueued(task.taskType, outcome.status);
    m_batcher->add(std::move(outcome));
}

void PoolExecutor::armDeadlineTimer()
{
    if (m_deadlines.empty()) {
        m_deadlineTimer->stop();
        return;
    }
    const qint64 delay = m_deadlines.begin()->first - m_clock->nowMs();
    m_deadlineTimer->start(int(std::clamp<qint64>(delay, 0, INT_MAX)));
}

void PoolExecutor::onDeadlineTimer()
{
    const qint64 now = m_clock->nowMs();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const quint64 seq = m_deadlines.begin()->second;
        if (m_running.count(seq) == 0) {
            m_deadlines.erase(m_deadlines.begin());
            continue;
        }
        interrupt(seq, Interrupt::TimedOut);
    }
    armDeadlineTimer();
    pump();
}

void PoolExecutor::beginDrain(int timeoutMs, std::function<void()> drained)
{
    m_draining = true;
    m_drained = std::move(drained);
    for (auto q = m_queues.begin(); q != m_queues.end(); ++q) {
        for (const TaskAssignment &task : q->pending)
            completeUnstarted(task, poolfailures::notStarted());
        q->pending.clear();
        q->inReady = false;
    }
    m_ready.clear();
    if (m_running.empty())
        checkDrained();
    else
        m_drainTimer->start(qMax(0, timeoutMs));
}

void PoolExecutor::checkDrained()
{
    if (!m_draining || !m_drained || !m_running.empty())
        return;
    m_drainTimer->stop();
    m_batcher->flush();
    std::function<void()> drained = std::move(m_drained);
    m_drained = nullptr;
    drained();
}

void PoolExecutor::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(
        m_eventContext.get(),
        [this] {
            m_pumpScheduled = false;
            pump();
        },
        Qt::QueuedConnection);
}

void PoolExecutor::scheduleReap()
{
    if (m_reapScheduled)
        return;
    m_reapScheduled = true;
    QMetaObject::invokeMethod(
        m_eventContext.get(),
        [this] {
            m_reapScheduled = false;
            std::vector<std::unique_ptr<TaskHandler>> dead;
            dead.swap(m_graveyard); // destructors must not see a half-cleared vector
        },
        Qt::QueuedConnection);
}

} // namespace orrery
