#include "SideEffectServer.h"

#include <QDateTime>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

namespace orrery::test {

class SideEffectServer::Worker : public QObject
{
public:
    explicit Worker(SideEffectServer *owner) : m_owner(owner) {}

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
            buf.remove(0, headerEnd + 4 + length);
            const QList<QByteArray> line = head.left(head.indexOf("\r\n")).split(' ');
            const QUrl url(QString::fromUtf8(line.value(1)));
            const QUrlQuery q(url);
            const int status = m_owner->record(url.path(), q.queryItemValue(QStringLiteral("w")),
                                               q.queryItemValue(QStringLiteral("r")), q.queryItemValue(QStringLiteral("t")),
                                               q.queryItemValue(QStringLiteral("c")));
            const QByteArray payload = status == 200 ? QByteArray("{\"ok\":true}") : QByteArray("{\"ok\":false}");
            s->write("HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Internal Server Error")
                     + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(payload.size())
                     + "\r\n\r\n" + payload);
        }
    }

    SideEffectServer *m_owner;
    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

SideEffectServer::SideEffectServer() { m_thread.setObjectName(QStringLiteral("side-effects")); }

SideEffectServer::~SideEffectServer()
{
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { delete w; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool SideEffectServer::start(QString *error)
{
    m_thread.start();
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_worker, [this] { m_port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
    if (m_port == 0)
        *error = QStringLiteral("the side-effect server cannot listen on 127.0.0.1");
    return m_port != 0;
}

int SideEffectServer::record(const QString &path, const QString &wf, const QString &ref, const QString &task,
                             const QString &correlation)
{
    m_total.fetch_add(1);
    m_lastMs.store(QDateTime::currentMSecsSinceEpoch());
    QMutexLocker lock(&m_mutex);
    const QString key = wf + QLatin1Char(' ') + ref;
    ++m_byTask[task];
    m_execution.insert(task, key + QLatin1Char(' ') + correlation);
    const int nth = ++m_byRef[key];
    if (path == QLatin1String("/ok"))
        return 200;
    if (path == QLatin1String("/flaky"))
        return nth <= 2 ? 500 : 200;
    if (path == QLatin1String("/dead"))
        return 500;
    return 404;
}

QHash<QString, int> SideEffectServer::requestsByTask() const
{
    QMutexLocker lock(&m_mutex);
    return m_byTask;
}

QHash<QString, QString> SideEffectServer::executionOf() const
{
    QMutexLocker lock(&m_mutex);
    return m_execution;
}

} // namespace orrery::test
