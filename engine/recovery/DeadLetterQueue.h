#pragma once

#include "DeadLetterEntry.h"
#include "DlqConfig.h"
#include "DlqFilter.h"
#include "DlqGauge.h"
#include "DlqMonitor.h"
#include "DlqReconciler.h"
#include "DlqTable.h"
#include "ReplayJobs.h"

#include "core/EngineEvent.h"
#include "core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

namespace orrery {

class AlertWebhook;
class Clock;
class Store;

// The dead-letter queue (docs/recovery.md, "Dead-letter queue"): one entry per dead task
// reference with its snapshot, input, every attempt and its replay history, kept in the store's
// database (tables of MigrationsDlq.cpp) through a connection of its own.
//
// Threads: the queue lives on a thread of its own (moveToThread, then call open() there). Every
// method below post() must run on that thread; other threads use post(), which runs a function
// there (and silently drops it once the queue is gone). Time comes from the injected clock; its
// timers call processDue(), which virtual-time tests call themselves.
//
// Replays go through the replayer (Engine::replayTask in the server): a new attempt of the same
// reference in the same workflow. The entry moves DEAD -> REPLAYING -> REPLAYED (or back to
// DEAD if the engine refused) and records every replay. A replayed task that dies again reopens
// its entry (DEAD, deadCount + 1, all attempts kept).
//
// open() reconciles (DlqReconciler): dead tasks in the store without an entry, which a kill
// between the engine's commit and the queue's own write left behind, get one; the sweep repeats
// it from the watermark, and purge and delete run it first (then fence it) so it never brings a
// removed entry back.
class DeadLetterQueue : public QObject
{
    Q_OBJECT

public:
    using ReplayDone = std::function<void(Result<QString>)>; // the new taskId
    using Replayer = std::function<void(const QString &workflowId, const QString &referenceTaskName, ReplayDone done)>;
    using Job = std::function<void(DeadLetterQueue &)>;
    using Poster = std::function<void(Job)>;

    static constexpr int kMaxPageSize = 1000;
    static constexpr int kMaxBulk = 100000;

    // `store` and `clock` must outlive the queue; seed 0 = random (webhook jitter).
    DeadLetterQueue(Store *store, DlqConfig config, const Clock *clock, quint32 seed = 0, QObject *parent = nullptr);
    ~DeadLetterQueue() override;

    // Thread-safe. Runs `fn` on the queue's thread.
    void post(Job fn) { poster()(std::move(fn)); }
    // A thread-safe poster that may outlive the queue (hand it to other threads).
    Poster poster() const;

    // ---- on the queue's thread ----
    Result<void> open(); // opens its connection, checks the tables, loads counters, starts timers
    void close();        // stops timers and the webhook, closes the connection
    void setReplayer(Replayer replayer) { m_replayer = std::move(replayer); }
    const DlqConfig &config() const { return m_config; }
    AlertWebhook *webhook() const { return m_monitor->webhook(); }
    // Thread-safe, any thread, may outlive the queue: depth, total and flows as the queue
    // publishes them (for GET /api/stats).
    std::shared_ptr<const DlqGauge> gauge() const { return m_monitor->gauge(); }

    // A task failed for good: a new entry, or its reopened entry. Returns the entry id (empty
    // when the input is not queued: CANCELED unless acceptCanceled). Idempotent: an entry that
    // already names in.task.taskId is returned unchanged (a dead letter the engine re-emits after
    // a restart, or one the reconciliation recorded first).
    Result<QString> add(const DeadLetterInput &in);
    // Dead tasks of the store without an entry get one (DlqReconciler); logs what it recorded.
    Result<DlqReconciler::Report> reconcile();
    // {"totalHits": n, "results": [summary...]}, newest failure first.
    Result<QJsonObject> list(const DlqFilter &filter, int start, int size);
    Result<std::optional<DeadLetterEntry>> entry(const QString &id);
    Result<std::optional<DeadLetterEntry>> entryFor(const QString &workflowId, const QString &referenceTaskName);
    Result<QJsonObject> stats();
    // Replays one DEAD entry; replies {entry, newTaskId} once the engine committed the new attempt.
    void replay(const QString &id, const QString &by, std::function<void(Result<QJsonObject>)> reply);
    // Replays the DEAD entries matching `filter`, oldest first, at most ratePerSecond per second
    // (0 = at once). Replies at once with the job ({jobId, matched, ...}) or the dry-run count.
    Result<QJsonObject> replayMatching(DlqFilter filter, double ratePerSecond, bool dryRun, const QString &by);
    QJsonObject replayJobs() const;
    // Deletes matching entries (or counts them: dryRun).
    Result<QJsonObject> purge(const DlqFilter &filter, bool dryRun, const QString &by);
    Result<void> remove(const QString &id, const QString &by);
    // TTL and size limits now; returns {"expired": n, "overflow": m}.
    Result<QJsonObject> enforceRetention();
    void processDue();

signals:
    // `dlq_alert` events (payload: kind, message, depth, inflow figures, top task types and reasons).
    void engineEvent(const orrery::EngineEvent &event);

private:
    struct Mailbox
    {
        QMutex mutex;
        DeadLetterQueue *queue = nullptr;
    };

    void issue(const QString &id, const QString &by, const QString &jobId,
               std::function<void(Result<QJsonObject>)> done);
    void replayed(const QString &id, const QString &by, const QString &jobId, const QString &fromTaskId,
                  const Result<QString> &result, const std::function<void(Result<QJsonObject>)> &done);
    void count(const QString &counter, qint64 delta);
    void afterRemoval(int removed, const char *counter);
    void armTimer();
    Result<DlqTable *> table();
    Result<QString> record(const DeadLetterInput &in, bool trim);
    // Before an operator removal: reconcile, so the fence set after it loses nothing.
    Result<void> reconcileBeforeRemoval();

    Store *m_store;
    DlqConfig m_config;
    const Clock *m_clock;
    std::shared_ptr<Mailbox> m_mailbox;
    QString m_connectionName;
    std::unique_ptr<DlqTable> m_table;
    std::unique_ptr<DlqReconciler> m_reconciler;
    Replayer m_replayer;
    DlqMonitor *m_monitor; // child: depth, flows, gauge, alerts and the webhook
    ReplayJobs m_jobs;
    qint64 m_nextSweepMs = 0;
    QTimer m_timer;
};

} // namespace orrery
