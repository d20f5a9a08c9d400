#pragma once

// A minimal HTTP/1.1 server on 127.0.0.1 for the http task tests, on the test thread.
// Routes: /ok (200 JSON echo of the request), /echo (200 text/plain, echoes the body),
// /missing (404 text), /fail (500 JSON), /big (200, 10000 bytes), /hang (reads, never answers).

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>

namespace orrery::test {

struct SeenRequest
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

class TestHttpServer
{
public:
    TestHttpServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(&m_server);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onReadyRead(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }

    QList<SeenRequest> requests;

private:
    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer.append(socket->readAll());
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        SeenRequest request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        request.body = buffer.mid(headerEnd + 4, length);
        m_buffers.remove(socket);
        requests.append(request);
        respond(socket, request);
    }

    static void write(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &type,
                      const QByteArray &body)
    {
        socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + type
                      + "\r\nContent-Length: " + QByteArray::number(body.size())
                      + "\r\nX-Server: orrery-test\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    static void respond(QTcpSocket *socket, const SeenRequest &r)
    {
        if (r.path == "/ok") {
            const QJsonObject echo{{"ok", true},
                                   {"method", QString::fromLatin1(r.method)},
                                   {"xTest", QString::fromUtf8(r.headers.value("x-test"))},
                                   {"body", QString::fromUtf8(r.body)}};
            write(socket, 200, "OK", "application/json; charset=utf-8", QJsonDocument(echo).toJson(QJsonDocument::Compact));
        } else if (r.path == "/echo") {
            write(socket, 200, "OK", "text/plain", r.body);
        } else if (r.path == "/missing") {
            write(socket, 404, "Not Found", "text/plain", "not here");
        } else if (r.path == "/fail") {
            write(socket, 500, "Internal Server Error", "application/json", R"({"error":"boom"})");
        } else if (r.path == "/big") {
            write(socket, 200, "OK", "text/plain", QByteArray(10000, 'x'));
        } else if (r.path == "/hang") {
            // never answers
        } else {
            write(socket, 404, "Not Found", "text/plain", "no route");
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace orrery::test
