#include "FaultyEndpoint.h"

#include <QHash>
#include <QMetaObject>
#include <QTcpServer>
#include <QTcpSocket>

namespace orrery::test {

class FaultyEndpoint::Worker : public QObject
{
public:
    explicit Worker(FaultyEndpoint *owner) : m_owner(owner) {}

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
        for (;;) {
            const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QByteArray lower = buf.left(headerEnd).toLower();
            qsizetype length = 0;
            if (const qsizetype cl = lower.indexOf("content-length:"); cl >= 0)
                length = lower.mid(cl + 15, lower.indexOf("\r\n", cl) - cl - 15).trimmed().toLongLong();
            if (buf.size() < headerEnd + 4 + length)
                return;
            buf.remove(0, headerEnd + 4 + length);
            m_owner->record();
            switch (m_owner->mode()) {
            case Mode::Hanging:
                break; // read, never answered
            case Mode::Failing:
                s->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n"
                         "{\"error\":\"maintenance\"}\n");
                break;
            case Mode::Healthy:
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"ok\":true}\n");
                break;
            }
        }
    }

    FaultyEndpoint *m_owner;
    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

FaultyEndpoint::FaultyEndpoint()
{
    m_thread.setObjectName(QStringLiteral("faulty-endpoint"));
}

FaultyEndpoint::~FaultyEndpoint()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { delete w; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool FaultyEndpoint::start(QString *error)
{
    m_clock.start();
    m_thread.start();
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_worker, [this] { m_port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
    if (m_port == 0)
        *error = QStringLiteral("the endpoint cannot listen");
    return m_port != 0;
}

QString FaultyEndpoint::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

void FaultyEndpoint::record()
{
    QMutexLocker lock(&m_mutex);
    m_requests.append(m_clock.elapsed());
}

QList<qint64> FaultyEndpoint::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FaultyEndpoint::countBetween(qint64 fromMs, qint64 toMs) const
{
    QMutexLocker lock(&m_mutex);
    return int(std::count_if(m_requests.cbegin(), m_requests.cend(), [=](qint64 t) { return t >= fromMs && t < toMs; }));
}

} // namespace orrery::test
