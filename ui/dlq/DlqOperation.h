#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

class QTimer;

namespace orrery {

class EngineClient;

// One replay or purge from the DLQ view: first a dry run (the server counts what would be
// touched), then the real thing, with progress and a per-item report.
//
// - A selection of entries (ids) is done one request per entry (POST /api/dlq/{id}/replay or
//   DELETE /api/dlq/{id}), one after the other and at most `ratePerSecond` per second, so
//   cancel() stops the rest (they are reported NOT_SENT) and every id gets its own result.
// - Everything matching a filter (or all) is one request (POST /api/dlq/replay as a server-side
//   job, whose progress is polled from GET /api/dlq/stats; POST /api/dlq/purge). cancel() only
//   stops waiting: the server finishes the job, and the report says so.
class DlqOperation : public QObject
{
    Q_OBJECT

public:
    enum class Action { Replay, Purge };
    struct Selection
    {
        QStringList ids;    // non-empty: these entries
        QJsonObject filter; // else: the DLQ filter (taskType, reason, status, text as JSON lists/strings)
    };

    DlqOperation(EngineClient *client, Action action, Selection selection, double ratePerSecond, QObject *parent = nullptr);
    ~DlqOperation() override;

    Action action() const { return m_action; }
    bool isBulkFilter() const { return m_selection.ids.isEmpty(); }
    void setPollIntervalMs(int ms) { m_pollMs = ms; }

    void dryRun();  // → counted(matched) or failed(message)
    void run();     // → progress(...)*, itemDone(...)*, finished(...) or failed(message)
    void cancel();  // → finished(...) with what is known
    bool isRunning() const { return m_running; }

    // The requests run() sends, as curl lines (token as $ORRERY_TOKEN).
    QString curl() const;
    QJsonObject dryRunBody() const;
    QJsonObject bulkBody() const;

    // Per-item rows: {"id", "taskType"?, "status": REPLAYED|PURGED|FAILED|NOT_SENT, "detail"}.
    const QList<QJsonObject> &results() const { return m_results; }

Q_SIGNALS:
    void counted(int matched);
    // `total` 0 = unknown yet.
    void progress(int done, int total);
    // One entry finished (a per-id request): its result row, and the entry summary the server
    // returned with a replay (empty for a purge or a failure).
    void itemDone(const QJsonObject &result, const QJsonObject &entry);
    // The end: `summary` is a sentence for the report; results() holds the rows.
    void finished(const QString &summary);
    void failed(const QString &message);

private:
    void sendNext();
    void pollJob();
    void finish(const QString &summary);

    QPointer<EngineClient> m_client;
    Action m_action;
    Selection m_selection;
    double m_rate;
    int m_pollMs = 500;
    int m_next = 0;
    int m_succeeded = 0;
    int m_failedCount = 0;
    bool m_running = false;
    bool m_cancelled = false;
    QString m_jobId;
    int m_jobTotal = 0;
    QTimer *m_timer;
    QList<QJsonObject> m_results;
};

} // namespace orrery
