// The API server thread and its request-size guard, over real sockets: 413 / 411 / 431 / 400 answered
// from the headers alone (the body is never sent), split headers, keep-alive framing, 100-continue,
// and slow clients (408 for headers or a body that do not arrive in time, idle connections closed).
#include "PlumbingServer.h"

#include "api/ApiRouter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QThread>

using namespace orrery;
using namespace orrery::test;

class TestRequestGuard : public QObject
{
    Q_OBJECT

private:
    PlumbingServer m_server;

private slots:
    void initTestCase()
    {
        auto port = m_server.start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        QVERIFY(*port != 0);
    }

    void serverRunsOnItsOwnThread()
    {
        RawHttpClient c(m_server.port());
        QCOMPARE(c.request("GET", "/api/anon").status, 200);
        QVERIFY(m_server.state().handlerThread != nullptr);
        QVERIFY(m_server.state().handlerThread != QThread::currentThread());
        QCOMPARE(m_server.state().handlerThread.load(), m_server.host().serverThread());
    }

    void startTwiceIsRefusedAndRestartWorks()
    {
        HttpServerHost host(HttpSettings{}, m_server.tokens(), [](ApiRouter &r) {
            r.add("GET", QStringLiteral("/x"), Access::Anonymous, [](const RequestContext &ctx) { ctx.replyText(QStringLiteral("x")); });
        });
        auto first = host.start(QHostAddress::LocalHost, 0);
        QVERIFY(first.ok());
        QVERIFY(!host.start(QHostAddress::LocalHost, 0).ok());
        // The port is taken: a second host cannot bind it.
        HttpServerHost other(HttpSettings{}, m_server.tokens(), {});
        auto clash = other.start(QHostAddress::LocalHost, *first);
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().httpStatus(), 503);
        QVERIFY(clash.error().message.contains(QString::number(*first)));
        host.stop();
        auto again = host.start(QHostAddress::LocalHost, 0);
        QVERIFY(again.ok());
        RawHttpClient c(*again);
        QCOMPARE(c.request("GET", "/x").body, QByteArray("x"));
    }

    void oversizedBodyGets413WithoutReadingIt()
    {
        const int before = m_server.state().handlerCalls;
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send("POST /api/body HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 413);
        QCOMPARE(r->header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r->header("Connection"), QByteArray("close"));
        QCOMPARE(jsonObject(*r).value(QStringLiteral("status")).toInt(), 413);
        QVERIFY(jsonObject(*r).value(QStringLiteral("message")).toString().contains(QStringLiteral("1024")));
        QCOMPARE(jsonObject(*r).value(QStringLiteral("instance")).toString(), QStringLiteral("test-instance"));
        QCOMPARE(jsonObject(*r).value(QStringLiteral("retryable")), QJsonValue(false));
        QVERIFY(c.waitForServerClose());
        QCOMPARE(int(m_server.state().handlerCalls), before);
    }

    void oversizedBodyWithHeadersSplitAcrossReads()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        const QByteArray head = "POST /api/body HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(3000, 'p') +
            "\r\nContent-Len";
        c.send(head);
        QThread::msleep(50); // let the server read the first part on its own
        c.send("gth: 5000\r\n");
        QThread::msleep(50);
        c.send("\r\n");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 413);
    }

    void chunkedBodyIsDecodedAndPipelinedRequestsFollow()
    {
        // undici (the Conductor JS SDK) streams request bodies chunked.
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send("POST /api/body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "4\r\n{\"a\"\r\n");
        QThread::msleep(30); // the rest arrives in another read
        c.send("4;ext=1\r\n: 1}\r\n0\r\n\r\n"
               "GET /api/anon HTTP/1.1\r\nHost: x\r\n\r\n");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QVERIFY2(r->status == 200, r->body.constData());
        QCOMPARE(jsonObject(*r).value(QStringLiteral("got")).toObject().value(QStringLiteral("a")).toInt(), 1);
        auto second = c.readResponse();
        QVERIFY(second.has_value());
        QVERIFY2(second->status == 200, second->body.constData());
    }

    void oversizedChunkedBodyGets413WithoutReadingIt()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send("POST /api/body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "400\r\n" + QByteArray(1024, 'x') + "\r\n1\r\n");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 413);
    }

    void unknownTransferEncodingGets411()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send("POST /api/body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 411);
        QCOMPARE(jsonObject(*r).value(QStringLiteral("status")).toInt(), 411);
    }

    void hugeHeadersGet431()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send("GET /api/anon HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'b') + "\r\n\r\n");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 431);
        QVERIFY(c.waitForServerClose());
    }

    void endlessHeadersGet431BeforeTheyEnd()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send("GET /api/anon HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(17000, 'b')); // no terminator
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 431);
    }

    void malformedRequestLineGets400()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send("THIS IS NOT HTTP\r\n\r\n");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 400);
        QCOMPARE(jsonObject(*r).value(QStringLiteral("status")).toInt(), 400);
        QVERIFY(c.waitForServerClose());
    }

    void bodyAtTheLimitPassesAndGuardFollowsKeepAlive()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        // 1024 bytes exactly: a JSON string of 1022 characters.
        const QByteArray body = '"' + QByteArray(1022, 'x') + '"';
        QCOMPARE(body.size(), 1024);
        RawResponse ok = c.request("POST", "/api/body", body);
        QCOMPARE(ok.status, 200);
        QCOMPARE(jsonObject(ok).value(QStringLiteral("size")).toInt(), 1024);
        // Same connection: the guard has tracked the body and checks the next request's headers.
        RawResponse again = c.request("POST", "/api/body", "[1,2]");
        QCOMPARE(again.status, 200);
        c.send("POST /api/body HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n");
        auto tooBig = c.readResponse();
        QVERIFY(tooBig.has_value());
        QCOMPARE(tooBig->status, 413);
    }

    void expectContinueGets100ThenTheAnswer()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send("POST /api/body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 7\r\n\r\n");
        auto interim = c.readResponse();
        QVERIFY(interim.has_value());
        QCOMPARE(interim->status, 100);
        c.send("{\"a\":1}");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QVERIFY2(r->status == 200, r->body.constData());
        QCOMPARE(jsonObject(*r).value(QStringLiteral("got")).toObject().value(QStringLiteral("a")).toInt(), 1);
    }

    void slowClientsAreCutOff()
    {
        HttpSettings settings;
        settings.headerTimeoutMs = 300;
        settings.idleTimeoutMs = 800;
        HttpServerHost host(settings, m_server.tokens(), [](ApiRouter &r) {
            r.add("GET", QStringLiteral("/x"), Access::Anonymous, [](const RequestContext &ctx) { ctx.replyText(QStringLiteral("x")); });
            r.add("POST", QStringLiteral("/y"), Access::Anonymous, [](const RequestContext &ctx) { ctx.replyText(QStringLiteral("y")); });
        });
        auto port = host.start(QHostAddress::LocalHost, 0);
        QVERIFY(port.ok());

        // Headers that never end (slowloris): 408, then the connection is closed.
        RawHttpClient slow(*port);
        QVERIFY(slow.connectToServer());
        slow.send("GET /x HTTP/1.1\r\nHost: x\r\nX-Slow: a");
        auto r = slow.readResponse(5000);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 408);
        QCOMPARE(r->header("Connection"), QByteArray("close"));
        QVERIFY(slow.waitForServerClose(5000));

        // A body that stalls: 408 as well.
        RawHttpClient stalled(*port);
        QVERIFY(stalled.connectToServer());
        stalled.send("POST /y HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"a\"");
        r = stalled.readResponse(5000);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 408);
        QVERIFY(stalled.waitForServerClose(5000));

        // A request that arrives in two parts well within the limit is served, and the idle
        // keep-alive connection is then closed without another answer.
        RawHttpClient fine(*port);
        QVERIFY(fine.connectToServer());
        fine.send("GET /x HTTP/1.1\r\n");
        QThread::msleep(50);
        fine.send("Host: x\r\n\r\n");
        r = fine.readResponse(5000);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        QVERIFY(fine.waitForServerClose(5000));

        // A connection that never sends anything is closed as idle too.
        RawHttpClient silent(*port);
        QVERIFY(silent.connectToServer());
        QVERIFY(silent.waitForServerClose(5000));
        host.stop();
    }
};

QTEST_GUILESS_MAIN(TestRequestGuard)
#include "test_request_guard.moc"
