#pragma once

#include "EngineClient.h"

#include <QHash>
#include <QTimer>
#include <QUrl>

namespace orrery {

class Clock;
class EventBatcher;
class SocketIoEventStream;

// Attaches to an orreryd over REST with a bearer token. Connecting checks /api/version; a
// failure is retried with exponential backoff (1 s doubling to 30 s). Live changes come from the
// server's Socket.IO hub (namespace /admin, or /tasks with every project), batched at ~15 Hz;
// while the hub is not joined (not yet, refused, lost) the REST API is polled every second for
// rows updated since the last poll, and the hub is retried with its own backoff. After any gap
// (a reconnect, a `gap` event from the hub, a switch between hub and polling) the rows are resynced.
class RemoteEngineClient : public EngineClient
{
    Q_OBJECT

public:
    // `clock` (not owned) stamps batches and the poll window; required.
    RemoteEngineClient(const QUrl &url, const QString &token, Clock *clock, QObject *parent = nullptr);

    void open() override;
    void close() override;
    QString description() const override;
    QString liveSource() const override;

    void setPollIntervalMs(int ms) { m_pollTimer.setInterval(ms); }
    int currentBackoffMs() const { return m_backoffMs; }
    // Whether live events come from the Socket.IO hub (false: REST polling).
    bool streaming() const;

private:
    void tryConnect();
    void scheduleReconnect(const QString &why);
    void poll();
    void finishPoll(DeltaBatch batch);
    void openStream();
    void onStreamLost(const QString &reason);

    QUrl m_url;
    QString m_token;
    Clock *m_clock;
    QTimer m_pollTimer;
    QTimer m_retryTimer;
    QTimer m_streamRetryTimer;
    int m_streamBackoffMs = 1000;
    SocketIoEventStream *m_stream = nullptr;
    EventBatcher *m_batcher;
    int m_backoffMs = 1000;
    bool m_polling = false;
    bool m_open = false;
    qint64 m_since = 0;                  // server time (ms) covered by the last poll
    QHash<QString, QString> m_taskStatus; // last status seen per task (for completion counts)
};

} // namespace orrery
