// The router's request policies, in virtual time: per-token rate limit (429 + Retry-After),
// throttling of addresses that fail authentication, CORS allow-list and preflights, project
// scopes, TLS with a self-signed certificate made by openssl, and the HTTP metrics it records.

#include "PolicyServer.h"

#include "api/AuthThrottle.h"
#include "api/RateLimiter.h"

#include <QProcess>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestRequestPolicies : public QObject
{
    Q_OBJECT

private slots:
    void rateLimiterRefillsInVirtualTime()
    {
        RateLimiter limiter(10, 5); // 10/s, bursts of 5
        for (int i = 0; i < 5; ++i)
            QCOMPARE(limiter.take(QStringLiteral("a"), 1000), qint64(0));
        QCOMPARE(limiter.take(QStringLiteral("a"), 1000), qint64(100)); // one more in 100 ms
        QCOMPARE(limiter.take(QStringLiteral("b"), 1000), qint64(0));   // buckets are per key
        QCOMPARE(limiter.take(QStringLiteral("a"), 1099), qint64(1));
        QCOMPARE(limiter.take(QStringLiteral("a"), 1100), qint64(0));
        QCOMPARE(limiter.take(QStringLiteral("a"), 1100), qint64(100));
        QCOMPARE(RateLimiter(0, 0).take(QStringLiteral("a"), 0), qint64(0)); // off
    }

    void authThrottleLocksOutAfterRepeatedFailures()
    {
        AuthThrottle t(3, 1000, 5000);
        t.failed(QStringLiteral("1.2.3.4"), 0);
        t.failed(QStringLiteral("1.2.3.4"), 800);
        QCOMPARE(t.blockedFor(QStringLiteral("1.2.3.4"), 900), qint64(0));
        t.failed(QStringLiteral("1.2.3.4"), 1600); // the first fell out of the window
        QCOMPARE(t.blockedFor(QStringLiteral("1.2.3.4"), 1600), qint64(0));
        t.failed(QStringLiteral("1.2.3.4"), 1700);
        QCOMPARE(t.blockedFor(QStringLiteral("1.2.3.4"), 1700), qint64(5000));
        QCOMPARE(t.blockedFor(QStringLiteral("5.6.7.8"), 1700), qint64(0));
        QCOMPARE(t.blockedFor(QStringLiteral("1.2.3.4"), 6700), qint64(0));
        t.failed(QStringLiteral("9.9.9.9"), 0);
        t.failed(QStringLiteral("9.9.9.9"), 1);
        t.succeeded(QStringLiteral("9.9.9.9"));
        t.failed(QStringLiteral("9.9.9.9"), 2);
        QCOMPARE(t.blockedFor(QStringLiteral("9.9.9.9"), 2), qint64(0)); // success cleared the count
    }

    void tokensOverTheirRateGet429()
    {
        HttpSettings s;
        s.rateLimitPerSecond = 2;
        s.rateLimitBurst = 2;
        PolicyServer server(s);
        QVERIFY(server.start().isEmpty());
        QCOMPARE(server.get("/p/open", "v1").status, 200);
        QCOMPARE(server.get("/p/open", "v1").status, 200);
        RawResponse limited = server.get("/p/open", "v1");
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.header("Retry-After"), QByteArray("1"));
        QVERIFY(limited.json().object().value(QStringLiteral("message")).toString().contains(QStringLiteral("rate limit of 2")));
        QCOMPARE(server.get("/p/open", "v2").status, 200); // another token has its own bucket
        QCOMPARE(server.get("/p/anon").status, 200);       // anonymous routes are not per-token limited
        server.clock.advanceMs(500);
        QCOMPARE(server.get("/p/open", "v1").status, 200);
        QCOMPARE(server.get("/p/open", "v1").status, 429);
    }

    void repeatedFailedAuthenticationIsThrottled()
    {
        HttpSettings s;
        s.authFailureLimit = 3;
        s.authFailureWindowMs = 10'000;
        s.authLockoutMs = 60'000;
        PolicyServer server(s);
        QVERIFY(server.start().isEmpty());
        for (int i = 0; i < 5; ++i) // no token at all is not a failed authentication
            QCOMPARE(server.get("/p/open").status, 401);
        QCOMPARE(server.get("/p/open", "guess1").status, 401);
        QCOMPARE(server.request("POST", "/p/exchange", {}, "guess2").status, 401); // counts too
        QCOMPARE(server.get("/p/open", "v1").status, 200);                          // success clears
        QCOMPARE(server.get("/p/open", "guess3").status, 401);
        QCOMPARE(server.get("/p/open", "guess4").status, 401);
        QCOMPARE(server.get("/p/open", "guess5").status, 401);
        RawResponse blocked = server.get("/p/open", "v1"); // even a valid token, from that address
        QCOMPARE(blocked.status, 429);
        QCOMPARE(blocked.header("Retry-After"), QByteArray("60"));
        QVERIFY(blocked.json().object().value(QStringLiteral("message")).toString().contains(QStringLiteral("127.0.0.1")));
        QCOMPARE(server.request("POST", "/p/exchange", {}, "good").status, 429);
        QCOMPARE(server.get("/p/anon").status, 200); // health-like routes stay open
        server.clock.advanceMs(30'000);
        QCOMPARE(server.get("/p/open", "v1").header("Retry-After"), QByteArray("30"));
        server.clock.advanceMs(30'000);
        QCOMPARE(server.get("/p/open", "v1").status, 200);
    }

    void scopedTokensOnlyWhereAllowed()
    {
        PolicyServer server{HttpSettings{}};
        QVERIFY(server.start().isEmpty());
        QCOMPARE(server.get("/p/open", "scoped").status, 200);
        RawResponse refused = server.get("/p/global", "scoped");
        QCOMPARE(refused.status, 403);
        QVERIFY(refused.json().object().value(QStringLiteral("message")).toString().contains(QStringLiteral("limited to projects [alpha]")));
        QCOMPARE(server.get("/p/global", "v1").status, 200);
    }

    void corsAllowListAndPreflight()
    {
        HttpSettings s;
        s.corsOrigins = {QStringLiteral("https://dash.example.com/")};
        PolicyServer server(s);
        QVERIFY(server.start().isEmpty());
        RawResponse ok = server.get("/p/open", "v1", {{"Origin", "https://dash.example.com"}});
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.header("Access-Control-Allow-Origin"), QByteArray("https://dash.example.com"));
        QCOMPARE(ok.header("Vary"), QByteArray("Origin"));
        // Errors carry the header too, so the dashboard can read them.
        QCOMPARE(server.get("/p/open", {}, {{"Origin", "https://dash.example.com"}}).header("Access-Control-Allow-Origin"),
                 QByteArray("https://dash.example.com"));
        QVERIFY(!server.get("/p/open", "v1", {{"Origin", "https://evil.example"}}).hasHeader("Access-Control-Allow-Origin"));

        RawResponse pre = server.request("OPTIONS", "/p/open", {{"Origin", "https://dash.example.com"},
                                                                {"Access-Control-Request-Method", "GET"},
                                                                {"Access-Control-Request-Headers", "authorization"}});
        QCOMPARE(pre.status, 204);
        QCOMPARE(pre.header("Access-Control-Allow-Origin"), QByteArray("https://dash.example.com"));
        QVERIFY(pre.header("Access-Control-Allow-Methods").contains("GET"));
        QVERIFY(pre.header("Access-Control-Allow-Headers").contains("Authorization"));
        RawResponse evil = server.request("OPTIONS", "/p/open", {{"Origin", "https://evil.example"},
                                                                 {"Access-Control-Request-Method", "GET"}});
        QCOMPARE(evil.status, 403);
        QVERIFY(evil.json().object().value(QStringLiteral("message")).toString().contains(QStringLiteral("--cors-origin")));
        QCOMPARE(server.request("OPTIONS", "/p/nothing", {{"Origin", "https://dash.example.com"}}).status, 404);
    }

    void noCorsHeadersByDefault()
    {
        PolicyServer server{HttpSettings{}};
        QVERIFY(server.start().isEmpty());
        QVERIFY(!server.get("/p/open", "v1", {{"Origin", "https://dash.example.com"}}).hasHeader("Access-Control-Allow-Origin"));
        QCOMPARE(server.request("OPTIONS", "/p/open", {{"Origin", "https://dash.example.com"},
                                                       {"Access-Control-Request-Method", "GET"}}).status, 403);
    }

    void routerRecordsHttpMetrics()
    {
        PolicyServer server{HttpSettings{}};
        QVERIFY(server.start().isEmpty());
        QCOMPARE(server.get("/p/open", "v1").status, 200);
        QCOMPARE(server.get("/p/open", "v1").status, 200);
        QCOMPARE(server.get("/p/open").status, 401);
        QCOMPARE(server.get("/nowhere/at/all").status, 404);
        auto requests = server.metrics.counter(QStringLiteral("orrery_http_requests_total"), {},
                                               {QStringLiteral("method"), QStringLiteral("route"), QStringLiteral("status")});
        QVERIFY(requests);
        QCOMPARE(requests->value({QStringLiteral("GET"), QStringLiteral("/p/open"), QStringLiteral("200")}), 2.0);
        QCOMPARE(requests->value({QStringLiteral("GET"), QStringLiteral("/p/open"), QStringLiteral("401")}), 1.0);
        QCOMPARE(requests->value({QStringLiteral("GET"), QStringLiteral("unmatched"), QStringLiteral("404")}), 1.0);
        auto latency = server.metrics.histogram(QStringLiteral("orrery_http_request_duration_seconds"), {},
                                                {QStringLiteral("method"), QStringLiteral("route")}, MetricsRegistry::latencyBuckets());
        QCOMPARE(latency->count({QStringLiteral("GET"), QStringLiteral("/p/open")}), quint64(3));
    }

    void tlsWithASelfSignedCertificate()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"), QStringLiteral("-keyout"), key,
                       QStringLiteral("-out"), cert});
        if (!openssl.waitForStarted())
            QSKIP("openssl is not installed");
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);

        HttpSettings s;
        s.tlsCertFile = cert;
        s.tlsKeyFile = key;
        PolicyServer server(s);
        QVERIFY(server.start().isEmpty());

        QSslSocket client;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(QSslCertificate::fromPath(cert));
        client.setSslConfiguration(config);
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY2(client.waitForEncrypted(10000), qPrintable(client.errorString()));
        client.write("GET /p/open HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer v1\r\n\r\n");
        QByteArray answer;
        while (!answer.contains("\r\n\r\nopen") && client.waitForReadyRead(10000))
            answer += client.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 200 OK"), answer.constData());

        // Plain HTTP to the TLS port gets no HTTP answer.
        RawHttpClient plain(server.port());
        QVERIFY(plain.connectToServer());
        plain.send("GET /p/anon HTTP/1.1\r\nHost: x\r\n\r\n");
        auto r = plain.readResponse(3000);
        QVERIFY(!r.has_value());
    }

    void tlsFilesAreCheckedAtStart()
    {
        QTemporaryDir dir;
        HttpSettings s;
        s.tlsCertFile = dir.filePath(QStringLiteral("missing.pem"));
        s.tlsKeyFile = dir.filePath(QStringLiteral("missing.key"));
        PolicyServer server(s);
        const QString error = server.start();
        QVERIFY(error.contains(QStringLiteral("missing.pem")) || error.contains(QStringLiteral("TLS backend")));
        HttpSettings half;
        half.tlsCertFile = dir.filePath(QStringLiteral("c.pem"));
        PolicyServer halfServer(half);
        QVERIFY(!halfServer.start().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRequestPolicies)
#include "test_request_policies.moc"
