#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <optional>

namespace orrery::test {

struct RawResponse
{
    int status = 0;
    QByteArray statusLine;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    bool hasHeader(const QByteArray &name) const;
    QByteArray header(const QByteArray &name) const; // case-insensitive, first
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

// A deliberately dumb HTTP/1.1 client over a blocking QTcpSocket, so tests see exactly what is
// on the wire (every header, empty bodies, interim 100 responses). The server under test runs on
// its own thread, so blocking here is fine.
class RawHttpClient
{
public:
    explicit RawHttpClient(quint16 port);

    bool connectToServer();
    void send(const QByteArray &raw);
    // Reads one response. `headRequest`: the response has no body whatever Content-Length says.
    std::optional<RawResponse> readResponse(int timeoutMs = 10000, bool headRequest = false);
    // Builds and sends a request, then reads the response.
    RawResponse request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    static QByteArray build(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                            const QList<QPair<QByteArray, QByteArray>> &headers = {});
    bool waitForServerClose(int timeoutMs = 10000);
    QTcpSocket &socket() { return m_socket; }

private:
    bool fill(int timeoutMs);

    quint16 m_port;
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace orrery::test
