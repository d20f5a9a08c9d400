#include "RawHttpClient.h"

#include <QElapsedTimer>
#include <QHostAddress>

namespace orrery::test {

bool RawResponse::hasHeader(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

RawHttpClient::RawHttpClient(quint16 port) : m_port(port) {}

bool RawHttpClient::connectToServer()
{
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    return m_socket.waitForConnected(10000);
}

void RawHttpClient::send(const QByteArray &raw)
{
    m_socket.write(raw);
    m_socket.waitForBytesWritten(10000);
}

bool RawHttpClient::fill(int timeoutMs)
{
    if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(timeoutMs))
        return false;
    m_buffer += m_socket.readAll();
    return true;
}

std::optional<RawResponse> RawHttpClient::readResponse(int timeoutMs, bool headRequest)
{
    QElapsedTimer timer;
    timer.start();
    qsizetype end = -1;
    while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (!fill(qMax<int>(1, timeoutMs - int(timer.elapsed()))))
            return std::nullopt;
    }
    RawResponse r;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    m_buffer.remove(0, end + 4);
    r.statusLine = lines.value(0).trimmed();
    r.status = r.statusLine.split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    if (headRequest || r.status == 204 || r.status == 304 || r.status < 200)
        return r;
    if (r.hasHeader("Content-Length")) {
        const qsizetype length = r.header("Content-Length").toLongLong();
        while (m_buffer.size() < length) {
            if (!fill(qMax<int>(1, timeoutMs - int(timer.elapsed()))))
                return std::nullopt;
        }
        r.body = m_buffer.left(length);
        m_buffer.remove(0, length);
        return r;
    }
    // No length: the body runs until the server closes.
    while (m_socket.state() == QAbstractSocket::ConnectedState && fill(qMax<int>(1, timeoutMs - int(timer.elapsed())))) {
    }
    m_buffer += m_socket.readAll();
    r.body = m_buffer;
    m_buffer.clear();
    return r;
}

QByteArray RawHttpClient::build(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray raw = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool haveLength = false;
    for (const auto &h : headers) {
        raw += h.first + ": " + h.second + "\r\n";
        haveLength = haveLength || h.first.compare("Content-Length", Qt::CaseInsensitive) == 0;
    }
    if (!haveLength && (!body.isEmpty() || method == "POST" || method == "PUT"))
        raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    raw += "\r\n";
    raw += body;
    return raw;
}

RawResponse RawHttpClient::request(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                   const QList<QPair<QByteArray, QByteArray>> &headers)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        connectToServer();
    send(build(method, target, body, headers));
    return readResponse(10000, method == "HEAD").value_or(RawResponse{});
}

bool RawHttpClient::waitForServerClose(int timeoutMs)
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    QElapsedTimer timer;
    timer.start();
    while (m_socket.state() != QAbstractSocket::UnconnectedState && timer.elapsed() < timeoutMs) {
        if (m_socket.waitForDisconnected(100))
            return true;
        m_socket.readAll();
    }
    return m_socket.state() == QAbstractSocket::UnconnectedState;
}

} // namespace orrery::test
