#pragma once

#include <QByteArray>
#include <QObject>
#include <map>

class QTcpSocket;

namespace orrery {

// Per-connection response ordering. Every request on a connection reserves a slot in arrival
// order (begin()); answers may finish in any order (long polls finish late) but are written to
// the socket strictly in slot order, as HTTP/1.1 requires. A response that closes the connection
// is the last one written; later slots are dropped. Lives on the socket's thread as its child.
class ResponseQueue : public QObject
{
    Q_OBJECT

public:
    explicit ResponseQueue(QTcpSocket *socket);

    quint64 begin();
    void finish(quint64 slot, QByteArray bytes, bool closeAfter);
    // True when every reserved slot has been written.
    bool idle() const { return m_nextToWrite == m_nextSlot; }
    bool closing() const { return m_closing; }

    // The queue attached to `socket`, if any.
    static ResponseQueue *of(QTcpSocket *socket);

private:
    void writeReady();

    QTcpSocket *m_socket;
    quint64 m_nextSlot = 0;
    quint64 m_nextToWrite = 0;
    std::map<quint64, std::pair<QByteArray, bool>> m_ready;
    bool m_closing = false;
};

} // namespace orrery
