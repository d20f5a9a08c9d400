// Routing and answers of the HTTP layer, over real sockets: content types and empty bodies, Conductor's
// error shape, 404/405, literal-beats-variable precedence, percent-decoding, query lists, JSON body
// errors and depth limit, the authentication matrix, in-order asynchronous answers.
#include "PlumbingServer.h"

#include "api/ApiRouter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QThread>

using namespace orrery;
using namespace orrery::test;

class TestHttpRouting : public QObject
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

    void jsonIsCompactWithJsonContentType()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/json");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.body, QByteArray(R"({"a":1,"b":[1,2]})"));
        QCOMPARE(r.header("Content-Length"), QByteArray::number(r.body.size()));
    }

    void textIsBareString()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/text");
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QCOMPARE(r.body, QByteArray("wf-123"));
    }

    void voidIs200EmptyWithoutContentType()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/void");
        QCOMPARE(r.status, 200);
        QVERIFY(!r.hasHeader("Content-Type"));
        QCOMPARE(r.header("Content-Length"), QByteArray("0"));
        QVERIFY(r.body.isEmpty());
    }

    void noContentHasNoBodyNoTypeNoLengthAndKeepsTheConnection()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/nocontent");
        QCOMPARE(r.status, 204);
        QVERIFY(!r.hasHeader("Content-Type"));
        QVERIFY(!r.hasHeader("Content-Length"));
        // Nothing may follow the 204's header block except the next response.
        RawResponse next = c.request("GET", "/api/text");
        QCOMPARE(next.status, 200);
        QCOMPARE(next.body, QByteArray("wf-123"));
    }

    void headHasLengthButNoBody()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("HEAD", "/api/text");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Length"), QByteArray("6"));
        RawResponse next = c.request("GET", "/api/json");
        QCOMPARE(next.body, QByteArray(R"({"a":1,"b":[1,2]})"));
    }

    void connectionCloseIsHonoured()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/text", {}, {{"Connection", "close"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(c.waitForServerClose());
    }

    void unknownPathIs404InConductorShape()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/nothing/here");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject o = jsonObject(r);
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), 404);
        QVERIFY(o.value(QStringLiteral("message")).toString().contains(QStringLiteral("/api/nothing/here")));
        QCOMPARE(o.value(QStringLiteral("instance")).toString(), QStringLiteral("test-instance"));
        QCOMPARE(o.value(QStringLiteral("retryable")), QJsonValue(false));
        QVERIFY(!o.contains(QStringLiteral("validationErrors")));
    }

    void wrongMethodIs405WithAllow()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("DELETE", "/api/text");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("Allow"), QByteArray("GET, HEAD"));
        QCOMPARE(jsonObject(r).value(QStringLiteral("status")).toInt(), 405);
        RawResponse post = c.request("PUT", "/api/tasks/update-v2", "{}");
        QCOMPARE(post.status, 405); // the path exists for POST only (GET /api/tasks/{id} would be GET)
        QVERIFY(post.header("Allow").contains("POST"));
    }

    void literalSegmentsBeatVariablesWhateverTheOrder()
    {
        RawHttpClient c(m_server.port());
        QCOMPARE(c.request("GET", "/api/tasks/poll/batch/t1").body, QByteArray("batch"));
        QCOMPARE(c.request("GET", "/api/tasks/poll/t1").body, QByteArray("single"));
        QCOMPARE(c.request("GET", "/api/tasks/abc").body, QByteArray("task"));
        QCOMPARE(c.request("GET", "/api/tasks/abc/log").body, QByteArray("task-sub"));
        QCOMPARE(c.request("POST", "/api/tasks/update-v2", "{}").body, QByteArray("v2"));
        QCOMPARE(c.request("POST", "/api/tasks/other", "{}").body, QByteArray("post-task"));
        QCOMPARE(c.request("GET", "/api/tasks/queue/sizes").body, QByteArray("sizes"));
        QCOMPARE(c.request("GET", "/api/tasks/update-v2").body, QByteArray("task")); // GET has no literal route
        QCOMPARE(c.request("GET", "/api/tasks/poll/").body, QByteArray("task")); // trailing slash ignored
    }

    void pathVariablesArePercentDecoded()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/echo/a%2Fb/h%C3%A9llo%20w");
        QCOMPARE(r.status, 200);
        QCOMPARE(jsonObject(r).value(QStringLiteral("a")).toString(), QStringLiteral("a/b"));
        QCOMPARE(jsonObject(r).value(QStringLiteral("b")).toString(), QString::fromUtf8("h\xc3\xa9llo w"));
    }

    void queryListsAcceptRepeatedAndCommaSeparated()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/query?taskType=a&taskType=b,c&taskType=d%2Ce&x=a+b%26c");
        QCOMPARE(jsonObject(r).value(QStringLiteral("list")).toArray(), (QJsonArray{"a", "b", "c", "d", "e"}));
        QCOMPARE(jsonObject(r).value(QStringLiteral("x")).toString(), QStringLiteral("a b&c"));
        RawResponse bad = c.request("GET", "/api/int?n=seven");
        QCOMPARE(bad.status, 400);
        QVERIFY(jsonObject(bad).value(QStringLiteral("message")).toString().contains(QStringLiteral("'n'")));
        QCOMPARE(jsonObject(c.request("GET", "/api/int")).value(QStringLiteral("n")).toInt(), 7);
    }

    void malformedJsonIs400WithOffset()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("POST", "/api/body", R"({"a": [1, 2})");
        QCOMPARE(r.status, 400);
        const QString message = jsonObject(r).value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("offset")), qPrintable(message));
        QCOMPARE(jsonObject(r).value(QStringLiteral("status")).toInt(), 400);

        RawResponse empty = c.request("POST", "/api/body", {});
        QCOMPARE(empty.status, 400);
        QVERIFY(jsonObject(empty).value(QStringLiteral("message")).toString().contains(QStringLiteral("empty")));

        RawResponse trailing = c.request("POST", "/api/body", "1 2");
        QCOMPARE(trailing.status, 400);

        RawResponse scalar = c.request("POST", "/api/body", R"("a log line")");
        QCOMPARE(scalar.status, 200);
        QCOMPARE(jsonObject(scalar).value(QStringLiteral("got")).toString(), QStringLiteral("a log line"));
    }

    void jsonNestingIsLimited()
    {
        RawHttpClient c(m_server.port());
        const QByteArray ok = QByteArray(64, '[') + QByteArray(64, ']');
        QCOMPARE(c.request("POST", "/api/body", ok).status, 200);
        const QByteArray deep = QByteArray(65, '[') + QByteArray(65, ']');
        RawResponse r = c.request("POST", "/api/body", deep);
        QCOMPARE(r.status, 400);
        QVERIFY(jsonObject(r).value(QStringLiteral("message")).toString().contains(QStringLiteral("64")));
        // Brackets inside strings do not count.
        const QByteArray inString = "[\"" + QByteArray(200, '[') + "\"]";
        QCOMPARE(c.request("POST", "/api/body", inString).status, 200);
    }

    void authMatrix_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("headerName");
        QTest::addColumn<QByteArray>("headerValue");
        QTest::addColumn<int>("status");
        const QByteArray a = "Authorization";
        const QByteArray x = "X-Authorization";
        QTest::newRow("anon-none") << QByteArray("GET") << QByteArray("/api/anon") << QByteArray() << QByteArray() << 200;
        QTest::newRow("viewer-none") << QByteArray("GET") << QByteArray("/api/viewer") << QByteArray() << QByteArray() << 401;
        QTest::newRow("viewer-bogus") << QByteArray("GET") << QByteArray("/api/viewer") << a << QByteArray("Bearer nope") << 401;
        QTest::newRow("viewer-basic") << QByteArray("GET") << QByteArray("/api/viewer") << a << QByteArray("Basic dmlld2VyLXRva2Vu") << 401;
        QTest::newRow("viewer-viewer") << QByteArray("GET") << QByteArray("/api/viewer") << a << QByteArray("Bearer viewer-token") << 200;
        QTest::newRow("viewer-x-auth") << QByteArray("GET") << QByteArray("/api/viewer") << x << QByteArray("viewer-token") << 200;
        QTest::newRow("viewer-x-bearer") << QByteArray("GET") << QByteArray("/api/viewer") << x << QByteArray("Bearer admin-token") << 200;
        QTest::newRow("operator-viewer") << QByteArray("POST") << QByteArray("/api/operator") << a << QByteArray("Bearer viewer-token") << 403;
        QTest::newRow("operator-operator") << QByteArray("POST") << QByteArray("/api/operator") << a << QByteArray("Bearer operator-token") << 200;
        QTest::newRow("operator-admin") << QByteArray("POST") << QByteArray("/api/operator") << x << QByteArray("admin-token") << 200;
        QTest::newRow("admin-operator") << QByteArray("DELETE") << QByteArray("/api/admin") << a << QByteArray("Bearer operator-token") << 403;
        QTest::newRow("admin-admin") << QByteArray("DELETE") << QByteArray("/api/admin") << a << QByteArray("bearer admin-token") << 200;
        QTest::newRow("admin-none") << QByteArray("DELETE") << QByteArray("/api/admin") << QByteArray() << QByteArray() << 401;
    }

    void authMatrix()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, headerName);
        QFETCH(QByteArray, headerValue);
        QFETCH(int, status);
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!headerName.isEmpty())
            headers.append({headerName, headerValue});
        RawHttpClient c(m_server.port());
        RawResponse r = c.request(method, path, method == "GET" || method == "DELETE" ? QByteArray() : QByteArray("{}"), headers);
        QCOMPARE(r.status, status);
        if (status >= 400) {
            QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
            QCOMPARE(jsonObject(r).value(QStringLiteral("status")).toInt(), status);
            QVERIFY(!jsonObject(r).value(QStringLiteral("message")).toString().isEmpty());
        }
        if (status == 401)
            QVERIFY(r.header("WWW-Authenticate").startsWith("Bearer"));
        if (status == 403)
            QVERIFY(jsonObject(r).value(QStringLiteral("message")).toString().contains(QStringLiteral("role")));
    }

    void principalReachesTheHandler()
    {
        RawHttpClient c(m_server.port());
        QCOMPARE(c.request("GET", "/api/viewer", {}, {{"Authorization", "Bearer operator-token"}}).body, QByteArray("o"));
    }

    void answersKeepRequestOrderOnAConnection()
    {
        RawHttpClient c(m_server.port());
        QVERIFY(c.connectToServer());
        c.send(RawHttpClient::build("GET", "/api/hold"));
        QTRY_COMPARE_WITH_TIMEOUT(m_server.heldCount(), 1, 10000);
        const int fastBefore = m_server.state().fastCalls;
        c.send(RawHttpClient::build("GET", "/api/fast"));
        QTRY_COMPARE_WITH_TIMEOUT(int(m_server.state().fastCalls), fastBefore + 1, 10000);
        // The fast answer exists but must wait behind the held one.
        QVERIFY(!c.socket().waitForReadyRead(200));
        RequestContext held = m_server.takeHeld();
        held.replyText(QStringLiteral("held")); // from this (non-server) thread
        auto first = c.readResponse();
        auto second = c.readResponse();
        QVERIFY(first && second);
        QCOMPARE(first->body, QByteArray("held"));
        QCOMPARE(second->body, QByteArray("fast"));
    }

    void droppedAnswerBecomes503()
    {
        RawHttpClient c(m_server.port());
        RawResponse r = c.request("GET", "/api/dropped");
        QCOMPARE(r.status, 503);
        QCOMPARE(jsonObject(r).value(QStringLiteral("retryable")), QJsonValue(true));
        QCOMPARE(c.request("GET", "/api/text").status, 200); // the connection still works
    }

    void answerAfterClientLeftIsHarmless()
    {
        {
            RawHttpClient c(m_server.port());
            QVERIFY(c.connectToServer());
            c.send(RawHttpClient::build("GET", "/api/hold"));
            QTRY_COMPARE_WITH_TIMEOUT(m_server.heldCount(), 1, 10000);
            c.socket().abort();
        }
        QThread::msleep(100); // let the server notice the disconnect and delete the socket
        RequestContext held = m_server.takeHeld();
        held.replyText(QStringLiteral("too late"));
        RawHttpClient c(m_server.port());
        QCOMPARE(c.request("GET", "/api/text").status, 200);
    }
};

QTEST_GUILESS_MAIN(TestHttpRouting)
#include "test_http_routing.moc"
