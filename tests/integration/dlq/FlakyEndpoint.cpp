#include "FlakyEndpoint.h"

#include <QHash>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

namespace orrery::test {

class FlakyEndpoint::Worker : public QObject
{
public:
    explicit Worker(FlakyEndpoint *owner) : m_owner(owner) {}

    quint16 listen()
    {
        m_server = new QTcpServer(this);
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
            const QByteArray body = buf.mid(headerEnd + 4, length);
            buf.remove(0, headerEnd + 4 + length);
            const QList<QByteArray> line = head.left(head.indexOf("\r\n")).split(' ');
            Request r;
            r.atMs = m_owner->nowMs();
            r.method = line.value(0);
            r.path = line.value(1);
            if (r.path.startsWith("/alerts")) {
                r.status = 200;
                QMutexLocker lock(&m_owner->m_mutex);
                m_owner->m_alerts.append(QJsonDocument::fromJson(body).object());
            } else if (r.path.startsWith("/missing")) {
                r.status = m_owner->m_missingFound ? 200 : 404;
            } else {
                r.status = m_owner->m_healthy ? 200 : 503;
            }
            {
                QMutexLocker lock(&m_owner->m_mutex);
                m_owner->m_requests.append(r);
            }
            const QByteArray payload = r.status == 200 ? QByteArray("{\"ok\":true}") : QByteArray("{\"ok\":false}");
            s->write("HTTP/1.1 " + QByteArray::number(r.status) + (r.status == 200 ? " OK" : " Not Available")
                     + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(payload.size())
                     + "\r\n\r\n" + payload);
        }
    }

    FlakyEndpoint *m_owner;
    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

FlakyEndpoint::FlakyEndpoint()
{
    m_thread.setObjectName(QStringLiteral("flaky-endpoint"));
    m_clock.start();
}

FlakyEndpoint::~FlakyEndpoint()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { delete w; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool FlakyEndpoint::start(QString *error)
{
    m_thread.start();
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_worker, [this] { m_port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
    if (m_port == 0)
        *error = QStringLiteral("the flaky endpoint cannot listen on 127.0.0.1");
    return m_port != 0;
}

QString FlakyEndpoint::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

QList<FlakyEndpoint::Request> FlakyEndpoint::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

QList<QJsonObject> FlakyEndpoint::alerts() const
{
    QMutexLocker lock(&m_mutex);
    return m_alerts;
}

} // namespace orrery::test
