#pragma once

#include "core/EngineEvent.h"

#include <QObject>
#include <QUrl>

class QWebSocket;

namespace orrery {

// A minimal Socket.IO v4 client (Engine.IO 4 over the websocket transport only) for the live
// events of an Orrery hub: it joins namespace /admin (every event; admin tokens) or, when that
// is refused, /tasks and subscribes to every project ("*"). Pings are answered. Each event is
// handed on as an EngineEvent; a `gap` event (the server dropped events for us) is reported so
// the caller can resync.
class SocketIoEventStream : public QObject
{
    Q_OBJECT

public:
    SocketIoEventStream(const QUrl &httpBase, const QString &token, QObject *parent = nullptr);
    ~SocketIoEventStream() override;

    void open();
    void close();
    bool isJoined() const { return m_joined; }
    QString nameSpace() const { return m_nsp; }

Q_SIGNALS:
    void joined(const QString &nameSpace);
    void event(const orrery::EngineEvent &event);
    void gap(const QString &reason);
    // The stream is gone (closed, refused, network); `reason` says why.
    void lost(const QString &reason);

private:
    void onText(const QString &text);
    void onSocketIoPacket(const QString &packet);
    void connectNamespace(const QString &nsp);
    QString prefix() const { return m_nsp + QLatin1Char(','); }

    QUrl m_wsUrl;
    QString m_token;
    QWebSocket *m_socket;
    QString m_nsp = QStringLiteral("/admin");
    bool m_joined = false;
    bool m_closing = false;
};

} // namespace orrery
