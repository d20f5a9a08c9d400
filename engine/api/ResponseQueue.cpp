#include "ResponseQueue.h"

#include <QTcpSocket>

namespace orrery {

ResponseQueue::ResponseQueue(QTcpSocket *socket) : QObject(socket), m_socket(socket)
{
    setObjectName(QStringLiteral("orrery-response-queue"));
}

ResponseQueue *ResponseQueue::of(QTcpSocket *socket)
{
    return socket->findChild<ResponseQueue *>(QStringLiteral("orrery-response-queue"),
                                              Qt::FindDirectChildrenOnly);
}

quint64 ResponseQueue::begin()
{
    return m_nextSlot++;
}

void ResponseQueue::finish(quint64 slot, QByteArray bytes, bool closeAfter)
{
    if (m_closing || slot < m_nextToWrite)
        return;
    m_ready[slot] = {std::move(bytes), closeAfter};
    writeReady();
}

void ResponseQueue::writeReady()
{
    while (!m_closing) {
        auto it = m_ready.find(m_nextToWrite);
        if (it == m_ready.end())
            return;
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->write(it->second.first);
        const bool close = it->second.second;
        m_ready.erase(it);
        ++m_nextToWrite;
        if (close) {
            m_closing = true;
            m_ready.clear();
            // Flushes what was written, then closes.
            m_socket->disconnectFromHost();
        }
    }
}

} // namespace orrery
