#pragma once

#include "ConductorRequest.h"
#include "core/Task.h"
#include "events/ReconnectBackoff.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

class QTimer;

namespace orrery {

class Clock;
class ConductorClient;

// Results on their way to the server (POST /api/tasks; the reply is read as text). A report
// that fails (no answer, 5xx, 429, 401/403, 408, breaker open) is kept and sent again after an
// exponential backoff with bounded jitter, until the server takes it (2xx) or says the task does
// not exist (404). A 409 (the task already ended: Orrery's answer to a duplicate) settles it
// too. Any other 4xx is a result the server will never take: dropped and logged.
// At most kMaxInFlight reports travel at once, oldest first. Lives on the client's thread.
// Terminal results go by POST /api/tasks/update-v2 when ConductorSettings::useUpdateV2 (the
// answer may be the next task of the same type: nextTask); a 404 or 405 from it switches to
// POST /api/tasks for good (as the SDKs do) and the result is sent again there.
class ReportQueue : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxInFlight = 8;

    ReportQueue(ConductorClient *client, const Clock *clock, QObject *parent = nullptr);

    // Queues a result; a later report of the same task replaces one not yet sent.
    void add(const TaskResult &result, const QString &workflowInstanceId);
    int pending() const { return int(m_entries.size()); }
    int inFlight() const { return m_inFlight; }
    quint64 delivered() const { return m_delivered; }
    quint64 dropped() const { return m_dropped; }       // 404 or another 4xx
    quint64 superseded() const { return m_superseded; } // 409: the task had already ended
    quint64 retries() const { return m_retries; }
    bool usesUpdateV2() const { return m_useV2; }
    // Sends what is due now (the timer calls it; tests call it after moving a ManualClock).
    void wake();
    // When the next report is due; -1 when nothing waits.
    qint64 nextDueMs() const;

Q_SIGNALS:
    // The server took the report (delivered) or refused it for good (404 / other 4xx).
    void settled(const QString &taskId, bool delivered, const QString &message);
    void empty();
    // update-v2 handed out the next task of the type (it is IN_PROGRESS for this worker now).
    void nextTask(const QJsonObject &task);

private:
    struct Entry
    {
        QJsonObject body;
        qint64 dueMs = 0;
        int attempts = 0;
        bool inFlight = false;
        bool replaced = false; // a newer body came while this one was in flight
    };

    void send(const QString &taskId);
    void onReply(const QString &taskId, const ConductorReply &reply, bool viaV2);
    void arm();

    ConductorClient *m_client;
    const Clock *m_clock;
    QHash<QString, Entry> m_entries;
    QStringList m_order; // FIFO of task ids
    ReconnectBackoff m_backoff;
    qint64 m_holdUntilMs = 0; // after a failure, nothing is sent before this
    QTimer *m_timer;
    int m_inFlight = 0;
    bool m_inWake = false;
    bool m_useV2 = false;
    quint64 m_delivered = 0;
    quint64 m_dropped = 0;
    quint64 m_superseded = 0;
    quint64 m_retries = 0;
};

} // namespace orrery
