#pragma once

// A tiny HTTP server on 127.0.0.1 standing in for a remote Conductor's /health: it answers every
// request with the status and body set by respond() (or never, with silent()), and records the
// request paths. It lives on the test's thread, so the test must spin the event loop (QTRY_*,
// or a probe running a local event loop on the same thread).

#include <QByteArray>
#include <QHostAddress>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>

namespace orrery::test {

class FakeConductor
{
public:
    FakeConductor()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onRead(socket); });
            }
        });
    }

    void respond(int status, QByteArray body)
    {
        m_status = status;
        m_body = std::move(body);
        m_silent = false;
    }
    void silent() { m_silent = true; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    QStringList paths;

private:
    void onRead(QTcpSocket *socket)
    {
        QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        socket->setProperty("buffer", buffer);
        if (!buffer.contains("\r\n\r\n"))
            return;
        paths.append(QString::fromLatin1(buffer.split(' ').value(1)));
        if (m_silent)
            return;
        socket->write("HTTP/1.1 " + QByteArray::number(m_status) + " X\r\nContent-Type: application/json\r\nContent-Length: "
                      + QByteArray::number(m_body.size()) + "\r\nConnection: close\r\n\r\n" + m_body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    int m_status = 200;
    QByteArray m_body = R"({"healthy":true})";
    bool m_silent = false;
};

} // namespace orrery::test
