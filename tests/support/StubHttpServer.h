#pragma once

#include <QByteArray>
#include <QString>
#include <QThread>

#include <functional>

namespace orrery::test {

// A tiny HTTP/1.1 endpoint on 127.0.0.1, on a thread of its own so it keeps answering while the
// test thread blocks, waits or restarts orreryd. Keep-alive; bodies by Content-Length. Each
// request is given to the handler (on the server's thread), whose Reply is written back, or not
// at all when it says hang (the connection stays open until the client gives up).
class StubHttpServer
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query, as sent
        QByteArray body;
    };
    struct Reply
    {
        int status = 200;
        QByteArray body = QByteArrayLiteral("{\"ok\":true}");
        bool hang = false;
    };
    using Handler = std::function<Reply(const Request &)>;

    StubHttpServer(const QString &name, Handler handler);
    ~StubHttpServer();
    StubHttpServer(const StubHttpServer &) = delete;
    StubHttpServer &operator=(const StubHttpServer &) = delete;

    bool start(QString *error);
    quint16 port() const { return m_port; }
    QString url(const QString &path) const;

private:
    class Worker;

    QString m_name;
    Handler m_handler;
    QThread m_thread;
    Worker *m_worker = nullptr;
    quint16 m_port = 0;
};

} // namespace orrery::test
