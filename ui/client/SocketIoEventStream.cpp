#include "SocketIoEventStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <QWebSocket>

namespace orrery {

SocketIoEventStream::SocketIoEventStream(const QUrl &httpBase, const QString &token, QObject *parent)
    : QObject(parent)
    , m_token(token)
    , m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
{
    m_wsUrl = httpBase;
    m_wsUrl.setScheme(httpBase.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString path = m_wsUrl.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    m_wsUrl.setPath(path + QStringLiteral("/socket.io/"));
    m_wsUrl.setQuery(QStringLiteral("EIO=4&transport=websocket"));
    connect(m_socket, &QWebSocket::textMessageReceived, this, &SocketIoEventStream::onText);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        const bool wasJoined = m_joined;
        m_joined = false;
        if (!m_closing)
            Q_EMIT lost(wasJoined ? tr("The live event stream closed (%1).").arg(m_socket->closeReason())
                                  : tr("The live event stream could not be opened: %1").arg(m_socket->errorString()));
    });
}

SocketIoEventStream::~SocketIoEventStream()
{
    m_closing = true;
    m_socket->abort();
}

void SocketIoEventStream::open()
{
    m_closing = false;
    m_joined = false;
    m_nsp = QStringLiteral("/admin");
    m_socket->open(QNetworkRequest(m_wsUrl));
}

void SocketIoEventStream::close()
{
    m_closing = true;
    if (m_joined)
        m_socket->sendTextMessage(QStringLiteral("41") + prefix());
    m_joined = false;
    m_socket->close();
}

void SocketIoEventStream::connectNamespace(const QString &nsp)
{
    m_nsp = nsp;
    const QJsonObject auth{{QStringLiteral("token"), m_token}};
    m_socket->sendTextMessage(QStringLiteral("40") + prefix() + QString::fromUtf8(QJsonDocument(auth).toJson(QJsonDocument::Compact)));
}

void SocketIoEventStream::onText(const QString &text)
{
    if (text.isEmpty())
        return;
    switch (text.at(0).toLatin1()) {
    case '0': // Engine.IO OPEN: join the namespace
        connectNamespace(QStringLiteral("/admin"));
        break;
    case '2': // PING
        m_socket->sendTextMessage(QStringLiteral("3") + text.mid(1));
        break;
    case '4': // MESSAGE: a Socket.IO packet
        onSocketIoPacket(text.mid(1));
        break;
    case '1': // CLOSE
        m_socket->close();
        break;
    default:
        break;
    }
}

void SocketIoEventStream::onSocketIoPacket(const QString &packet)
{
    if (packet.isEmpty())
        return;
    const QChar type = packet.at(0);
    QString rest = packet.mid(1);
    if (!rest.startsWith(prefix()))
        return; // another namespace (never joined)
    rest = rest.mid(prefix().size());
    if (type == QLatin1Char('0')) {
        m_joined = true;
        if (m_nsp == QLatin1String("/tasks"))
            m_socket->sendTextMessage(QStringLiteral("42") + prefix()
                                      + QStringLiteral("[\"subscribe_to_project\",{\"project_id\":\"*\"}]"));
        Q_EMIT joined(m_nsp);
        return;
    }
    if (type == QLatin1Char('4')) { // CONNECT_ERROR
        const QString reason = QJsonDocument::fromJson(rest.toUtf8()).object().value(QStringLiteral("message")).toString();
        if (m_nsp == QLatin1String("/admin")) {
            connectNamespace(QStringLiteral("/tasks")); // not an admin token: the project rooms
            return;
        }
        m_closing = true;
        m_socket->close();
        Q_EMIT lost(tr("The live event stream refused the token: %1").arg(reason));
        return;
    }
    if (type == QLatin1Char('1')) {
        m_joined = false;
        Q_EMIT lost(tr("The server closed the live event stream."));
        return;
    }
    if (type != QLatin1Char('2'))
        return;
    // EVENT: optional ack id digits, then ["name", payload]
    int i = 0;
    while (i < rest.size() && rest.at(i).isDigit())
        ++i;
    const QJsonArray args = QJsonDocument::fromJson(rest.mid(i).toUtf8()).array();
    const QString name = args.at(0).toString();
    if (name.isEmpty())
        return;
    QJsonObject payload = args.at(1).toObject();
    if (name == QLatin1String("gap")) {
        Q_EMIT gap(payload.value(QStringLiteral("reason")).toString());
        return;
    }
    EngineEvent e;
    e.name = name;
    e.projectId = payload.take(QStringLiteral("projectId")).toString();
    e.timeMs = qint64(payload.take(QStringLiteral("time")).toDouble());
    e.payload = payload;
    Q_EMIT event(e);
}

} // namespace orrery
