#include "StubHttpServer.h"

#include <QHash>
#include <QMetaObject>
#include <QTcpServer>
#include <QTcpSocket>

namespace orrery::test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return QByteArrayLiteral("OK");
    case 404: return QByteArrayLiteral("Not Found");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 503: return QByteArrayLiteral("Service Unavailable");
    default: return QByteArrayLiteral("Status");
    }
}

} // namespace

class StubHttpServer::Worker : public QObject
{
public:
    explicit Worker(const Handler &handler) : m_handler(handler) {}

    quint16 listen()
    {
        m_server = new QTcpServer(this);
        m_server->setMaxPendingConnections(1000);
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server->nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                connect(s, &QObject::destroyed, this, [this, s] { m_buffers.remove(s); });
            }
        });
        return m_server->serverPort();
    }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        for (;;) { // keep-alive: several requests may arrive on one connection
            const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QByteArray head = buf.left(headerEnd);
            const QByteArray lower = head.toLower();
            qsizetype length = 0;
            if (const qsizetype cl = lower.indexOf("content-length:"); cl >= 0)
                length = lower.mid(cl + 15, lower.indexOf("\r\n", cl) - cl - 15).trimmed().toLongLong();
            if (buf.size() < headerEnd + 4 + length)
                return;
            const QList<QByteArray> line = head.left(head.indexOf("\r\n")).split(' ');
            const Request request{line.value(0), line.value(1), buf.mid(headerEnd + 4, length)};
            buf.remove(0, headerEnd + 4 + length);
            const Reply reply = m_handler(request);
            if (reply.hang)
                continue; // read, never answered
            s->write("HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status)
                     + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(reply.body.size())
                     + "\r\n\r\n" + reply.body);
        }
    }

    const Handler &m_handler;
    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

StubHttpServer::StubHttpServer(const QString &name, Handler handler) : m_name(name), m_handler(std::move(handler))
{
    m_thread.setObjectName(name);
}

StubHttpServer::~StubHttpServer()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { delete w; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool StubHttpServer::start(QString *error)
{
    m_thread.start();
    m_worker = new Worker(m_handler);
    m_worker->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_worker, [this] { m_port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
    if (m_port == 0)
        *error = QStringLiteral("the %1 endpoint cannot listen on 127.0.0.1").arg(m_name);
    return m_port != 0;
}

QString StubHttpServer::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

} // namespace orrery::test
