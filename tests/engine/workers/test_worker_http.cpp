// The built-in "http" task type against a real HTTP server on 127.0.0.1 (run by this test).

#include "PoolHarness.h"
#include "TestHttpServer.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using namespace orrery;
using orrery::test::PoolHarness;
using orrery::test::TestHttpServer;

class TestWorkerHttp : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PoolHarness> h;
    std::unique_ptr<TestHttpServer> server;

    QJsonObject request(const QString &path, QJsonObject extra = {}) const
    {
        extra.insert("url", server->url(path));
        return extra;
    }

private slots:
    void initTestCase()
    {
        server = std::make_unique<TestHttpServer>();
        QVERIFY(server->listen());
        h = std::make_unique<PoolHarness>();
        QVERIFY(h->start());
    }
    void cleanupTestCase()
    {
        h.reset();
        server.reset();
    }

    void get200ParsesJson()
    {
        const TaskOutcome o = h->run("http", request("/ok", {{"headers", QJsonObject{{"X-Test", "abc"}}}}));
        QVERIFY2(o.status == TaskOutcome::Completed, qPrintable(o.reason));
        QCOMPARE(o.output.value("statusCode").toInt(), 200);
        QCOMPARE(o.output.value("reasonPhrase").toString(), QStringLiteral("OK"));
        const QJsonObject body = o.output.value("body").toObject();
        QCOMPARE(body.value("ok").toBool(), true);
        QCOMPARE(body.value("method").toString(), QStringLiteral("GET"));
        QCOMPARE(body.value("xTest").toString(), QStringLiteral("abc"));
        const QJsonObject headers = o.output.value("headers").toObject();
        QCOMPARE(headers.value("content-type").toString(), QStringLiteral("application/json; charset=utf-8"));
        QCOMPARE(headers.value("x-server").toString(), QStringLiteral("orrery-test"));
        QCOMPARE(o.output.value("bodyTruncated").toBool(), false);
        QVERIFY(o.output.value("durationMs").toDouble() >= 0);
        QVERIFY(o.failure.isEmpty());
    }

    void postSerialisesAJsonBody()
    {
        const int before = int(server->requests.size());
        const TaskOutcome o = h->run("http", request("/ok", {{"method", "post"}, {"body", QJsonObject{{"a", 1}}}}));
        QVERIFY2(o.status == TaskOutcome::Completed, qPrintable(o.reason));
        QCOMPARE(server->requests.size(), before + 1);
        const auto &seen = server->requests.last();
        QCOMPARE(seen.method, QByteArray("POST"));
        QCOMPARE(seen.body, QByteArray(R"({"a":1})"));
        QCOMPARE(seen.headers.value("content-type"), QByteArray("application/json"));
    }

    void stringBodyKeepsTheCallersContentType()
    {
        const TaskOutcome o = h->run("http", request("/echo", {{"method", "PUT"},
                                                               {"body", "plain words"},
                                                               {"headers", QJsonObject{{"Content-Type", "text/x-test"}}}}));
        QVERIFY2(o.status == TaskOutcome::Completed, qPrintable(o.reason));
        QCOMPARE(o.output.value("body").toString(), QStringLiteral("plain words")); // text/plain: a string
        QCOMPARE(server->requests.last().method, QByteArray("PUT"));
        QCOMPARE(server->requests.last().headers.value("content-type"), QByteArray("text/x-test"));
    }

    void customMethod()
    {
        const TaskOutcome o = h->run("http", request("/echo", {{"method", "PATCH"}, {"body", "p"}}));
        QVERIFY2(o.status == TaskOutcome::Completed, qPrintable(o.reason));
        QCOMPARE(server->requests.last().method, QByteArray("PATCH"));
        QCOMPARE(o.output.value("body").toString(), QStringLiteral("p"));
    }

    void status404Fails()
    {
        const TaskOutcome o = h->run("http", request("/missing"));
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("http"));
        QCOMPARE(o.failure.httpStatus, 404);
        QCOMPARE(o.failure.errorCode, QStringLiteral("http_404"));
        QCOMPARE(o.output.value("statusCode").toInt(), 404);
        QCOMPARE(o.output.value("body").toString(), QStringLiteral("not here"));
        QVERIFY2(o.reason.contains(QStringLiteral("404")), qPrintable(o.reason));
    }

    void status500FailsWithParsedBody()
    {
        const TaskOutcome o = h->run("http", request("/fail"));
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("http"));
        QCOMPARE(o.failure.httpStatus, 500);
        QCOMPARE(o.output.value("body").toObject().value("error").toString(), QStringLiteral("boom"));
        QVERIFY2(o.reason.contains(QStringLiteral("500 Internal Server Error")), qPrintable(o.reason));
    }

    void connectionRefused()
    {
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            port = closed.serverPort();
        } // closed again: nothing listens on the port now
        const TaskOutcome o = h->run("http", {{"url", QStringLiteral("http://127.0.0.1:%1/").arg(port)}});
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("network"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("connection_refused"));
        QCOMPARE(o.failure.httpStatus, 0);
    }

    void readTimeout()
    {
        const TaskOutcome o = h->run("http", request("/hang", {{"readTimeoutMs", 300}}));
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("timeout"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("read_timeout"));
        QVERIFY2(o.reason.contains(QStringLiteral("300 ms")), qPrintable(o.reason));
        QCOMPARE(server->requests.last().path, QByteArray("/hang")); // the request did reach the server
    }

    void poolTimeoutAbortsTheRequest()
    {
        const TaskOutcome o = h->run("http", request("/hang"), /*timeoutMs*/ 200);
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("timeout"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("timed_out"));
        QVERIFY2(o.reason.contains(QStringLiteral("200 ms")), qPrintable(o.reason));
    }

    void bodyIsTruncatedAtTheLimit()
    {
        const TaskOutcome o = h->run("http", request("/big", {{"maxBodyBytes", 100}}));
        QVERIFY2(o.status == TaskOutcome::Completed, qPrintable(o.reason));
        QCOMPARE(o.output.value("body").toString(), QString(100, QLatin1Char('x')));
        QCOMPARE(o.output.value("bodyTruncated").toBool(), true);
    }

    void badInput_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("field");
        QTest::newRow("missing url") << QJsonObject{} << "input.url";
        QTest::newRow("url type") << QJsonObject{{"url", 42}} << "input.url";
        QTest::newRow("relative url") << QJsonObject{{"url", "/just/a/path"}} << "input.url";
        QTest::newRow("ftp url") << QJsonObject{{"url", "ftp://127.0.0.1/x"}} << "input.url";
        QTest::newRow("garbage url") << QJsonObject{{"url", "http://exa mple.com:99999/"}} << "input.url";
        QTest::newRow("method") << QJsonObject{{"url", "http://127.0.0.1/"}, {"method", "G E T"}} << "input.method";
        QTest::newRow("header value")
            << QJsonObject{{"url", "http://127.0.0.1/"}, {"headers", QJsonObject{{"X-A", 2}}}} << "input.headers.X-A";
        QTest::newRow("connect timeout")
            << QJsonObject{{"url", "http://127.0.0.1/"}, {"connectTimeoutMs", "fast"}} << "input.connectTimeoutMs";
        QTest::newRow("read timeout") << QJsonObject{{"url", "http://127.0.0.1/"}, {"readTimeoutMs", 0}} << "input.readTimeoutMs";
        QTest::newRow("max body") << QJsonObject{{"url", "http://127.0.0.1/"}, {"maxBodyBytes", -5}} << "input.maxBodyBytes";
    }

    void badInput()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, field);
        const TaskOutcome o = h->run("http", input);
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QCOMPARE(o.failure.kind, QStringLiteral("input"));
        QVERIFY2(o.reason.startsWith(field), qPrintable(o.reason));
    }
};

QTEST_GUILESS_MAIN(TestWorkerHttp)
#include "test_worker_http.moc"
