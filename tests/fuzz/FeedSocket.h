#pragma once

#include <QByteArray>
#include <QTcpSocket>

namespace orrery::fuzz {

// A connected QTcpSocket without a network: bytes given to feed() become readable and raise
// readyRead, what is written to it is kept. Lets the fuzz targets drive the HTTP layer's
// per-connection objects (RequestGuard, ResponseQueue) exactly as a real connection does, at
// memory speed, with the segmentation of the incoming stream under the input's control.
class FeedSocket : public QTcpSocket
{
public:
    explicit FeedSocket(QObject *parent = nullptr);

    // Appends `bytes` to what the peer has sent and emits readyRead.
    void feed(const QByteArray &bytes);
    const QByteArray &written() const { return m_out; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    QByteArray m_in;
    QByteArray m_out;
};

} // namespace orrery::fuzz
