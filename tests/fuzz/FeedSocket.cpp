#include "FeedSocket.h"

#include <cstring>

namespace orrery::fuzz {

FeedSocket::FeedSocket(QObject *parent) : QTcpSocket(parent)
{
    setSocketState(QAbstractSocket::ConnectedState);
    setOpenMode(QIODevice::ReadWrite);
}

void FeedSocket::feed(const QByteArray &bytes)
{
    m_in.append(bytes);
    emit readyRead();
}

qint64 FeedSocket::bytesAvailable() const
{
    return QIODevice::bytesAvailable() + m_in.size();
}

qint64 FeedSocket::readData(char *data, qint64 maxSize)
{
    const qint64 n = qMin<qint64>(maxSize, m_in.size());
    if (n > 0) {
        std::memcpy(data, m_in.constData(), size_t(n));
        m_in.remove(0, n);
    }
    return n;
}

qint64 FeedSocket::writeData(const char *data, qint64 size)
{
    m_out.append(data, size);
    return size;
}

} // namespace orrery::fuzz
