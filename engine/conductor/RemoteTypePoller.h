#pragma once

#include "RemoteTask.h"
#include "events/ReconnectBackoff.h"

#include <QList>
#include <QObject>
#include <functional>

class QTimer;

namespace orrery {

class Clock;
class ConductorClient;

// The poll loop of one task type: GET /api/tasks/poll/batch/{type}?workerid&count=<free
// slots>&timeout=<= 5000&domain, one poll in flight at a time. 204 and 200 [] are both "no work";
// the next long poll follows at once (at least kMinPollIntervalMs after the previous one started,
// for servers that do not hold the poll). Failures back off exponentially with bounded jitter
// (200 ms .. 30 s, +-20%); while the server's breaker is open the loop waits for it.
// With no free slot it sleeps until wake(). Lives on the client's thread.
class RemoteTypePoller : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMinPollIntervalMs = 100;

    // `freeSlots` says how many tasks of this type the worker takes now.
    RemoteTypePoller(QString taskType, ConductorClient *client, const Clock *clock, std::function<int()> freeSlots,
                     QObject *parent = nullptr);

    QString taskType() const { return m_type; }
    void start();
    void stop(); // no new polls; one in flight still delivers its tasks
    bool isPolling() const { return m_inFlight; }
    // Polls now if due, not in flight and a slot is free (a task finished, or the timer fired).
    void wake();

    quint64 polls() const { return m_polls; }
    quint64 failures() const { return m_failures; }
    quint64 tasksReceived() const { return m_tasks; }
    // Delay before the next poll after the last failure (for tests); 0 after a success.
    qint64 nextDueMs() const { return m_dueMs; }
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void tasksPolled(const QList<orrery::RemoteTask> &tasks);
    void pollSent(); // a poll reached the server (emitted with its answer)
    void pollFinished(); // after every answer (also an empty or failed one)

private:
    void onReply(int status, const QByteArray &body, bool refused, qint64 retryAfterMs, const QString &error);
    void handleReply(int status, const QByteArray &body, bool refused, qint64 retryAfterMs, const QString &error);
    void scheduleIn(qint64 ms);

    QString m_type;
    ConductorClient *m_client;
    const Clock *m_clock;
    std::function<int()> m_freeSlots;
    ReconnectBackoff m_backoff;
    QTimer *m_timer;
    bool m_running = false;
    bool m_inFlight = false;
    qint64 m_dueMs = 0;
    qint64 m_startedMs = 0;
    quint64 m_polls = 0;
    quint64 m_failures = 0;
    quint64 m_tasks = 0;
    QString m_lastError;
};

} // namespace orrery
