// ConductorClient in virtual time: the server's circuit breaker gates every request (while the
// server is down only the half-open probes reach it), and the token exchange / refresh rules.
#include "FakeTransport.h"

#include "conductor/ConductorClient.h"
#include "core/Clock.h"
#include "recovery/CircuitBreaker.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace orrery;
using orrery::test::FakeTransport;

class TestConductorClient : public QObject
{
    Q_OBJECT

    static ConductorSettings settings(bool keys = false)
    {
        ConductorSettings s;
        s.url = QStringLiteral("http://127.0.0.1:9");
        s.breakerFailureThreshold = 3;
        s.breakerResetMs = 5000;
        if (keys) {
            s.keyId = QStringLiteral("key-1");
            s.keySecret = QStringLiteral("s3cr3t-value");
        }
        return s;
    }
    static ConductorRequest get(const QString &path = QStringLiteral("/api/tasks/poll/batch/noop"))
    {
        ConductorRequest r;
        r.path = path;
        return r;
    }

private slots:
    void breakerNameIsPerServer()
    {
        ConductorSettings s = settings();
        QCOMPARE(s.breakerName(), QStringLiteral("conductor:127.0.0.1:9"));
        s.url = QStringLiteral("https://conductor.example.com");
        QCOMPARE(s.breakerName(), QStringLiteral("conductor:conductor.example.com:443"));
        QCOMPARE(ConductorSettings::normalizeUrl(QStringLiteral("http://h:8080/api/"), QStringLiteral("x")).value(),
                 QStringLiteral("http://h:8080"));
        QVERIFY(!ConductorSettings::normalizeUrl(QStringLiteral("http://u:pw@h:8080"), QStringLiteral("x")).ok());
        QVERIFY(!ConductorSettings::normalizeUrl(QStringLiteral("ftp://h"), QStringLiteral("x")).ok());
    }

    // A caller that asks every 100 ms for 60 virtual seconds while the server is down: after the
    // breaker trips, the server sees one request (the probe) per reset timeout, nothing else.
    void requestsWhileDownAreTheProbes()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &) { return FakeTransport::reply(0); };
        ConductorClient client(settings(), &transport, &clock);
        int refused = 0;
        for (int step = 0; step < 600; ++step) {
            client.call(get(), [&](ConductorReply r) { refused += r.refusedByBreaker ? 1 : 0; });
            transport.flush();
            clock.advanceMs(100);
        }
        const auto c = client.counters();
        QCOMPARE(client.breaker()->state(), CircuitBreaker::State::Open);
        // 3 failures trip it; then one probe each 5 s of the remaining ~59.7 s.
        QCOMPARE(int(c.requests), transport.sent.size());
        QCOMPARE(int(c.requests - c.probes), 3);
        QVERIFY2(c.probes >= 11 && c.probes <= 12, qPrintable(QString::number(c.probes)));
        QCOMPARE(int(c.refused), 600 - transport.sent.size());
        QCOMPARE(refused, int(c.refused));

        // The server is back: the next probe closes the breaker and calls flow again.
        transport.responder = [](const ConductorRequest &) { return FakeTransport::reply(200, "[]"); };
        clock.advanceMs(5000);
        bool ok = false;
        client.call(get(), [&](ConductorReply r) { ok = r.ok(); });
        transport.flush();
        QVERIFY(ok);
        QCOMPARE(client.breaker()->state(), CircuitBreaker::State::Closed);
    }

    void clientErrorsDoNotTrip()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &) { return FakeTransport::reply(404, R"({"status":404})"); };
        ConductorClient client(settings(), &transport, &clock);
        for (int i = 0; i < 10; ++i) {
            client.call(get(), [](ConductorReply) {});
            transport.flush();
        }
        QCOMPARE(client.breaker()->state(), CircuitBreaker::State::Closed);
        QCOMPARE(transport.sent.size(), 10);
    }

    void noKeysNoToken()
    {
        ManualClock clock;
        FakeTransport transport;
        ConductorClient client(settings(false), &transport, &clock);
        client.call(get(), [](ConductorReply) {});
        transport.flush();
        QCOMPARE(transport.count(QStringLiteral("/api/token")), 0);
        QVERIFY(orrery::test::headerOf(transport.sent.at(0), "X-Authorization").isEmpty());
    }

    void tokenExchangeThenHeader()
    {
        ManualClock clock;
        FakeTransport transport;
        QByteArray tokenBody;
        transport.responder = [&](const ConductorRequest &r) {
            if (r.path == QLatin1String("/api/token")) {
                tokenBody = r.body;
                return FakeTransport::reply(200, R"({"token":"tok-A"})");
            }
            return FakeTransport::reply(204);
        };
        ConductorClient client(settings(true), &transport, &clock);
        client.call(get(), [](ConductorReply) {});
        client.call(get(), [](ConductorReply) {});
        transport.flush();
        QCOMPARE(transport.count(QStringLiteral("/api/token")), 1); // one exchange for both calls
        const QJsonObject body = QJsonDocument::fromJson(tokenBody).object();
        QCOMPARE(body.value(QStringLiteral("keyId")).toString(), QStringLiteral("key-1"));
        QCOMPARE(body.value(QStringLiteral("keySecret")).toString(), QStringLiteral("s3cr3t-value"));
        QCOMPARE(transport.sent.size(), 3);
        QCOMPARE(orrery::test::headerOf(transport.sent.at(1), "X-Authorization"), QByteArray("tok-A"));
        QVERIFY(!orrery::test::headerOf(transport.sent.at(1), "X-Authorization").startsWith("Bearer"));

        // Every 45 minutes a new token.
        clock.advanceMs(ConductorAuth::kRefreshMs);
        client.call(get(), [](ConductorReply) {});
        transport.flush();
        QCOMPARE(transport.count(QStringLiteral("/api/token")), 2);
    }

    void refreshOn401AndRetryOnce()
    {
        ManualClock clock;
        FakeTransport transport;
        int tokens = 0;
        transport.responder = [&](const ConductorRequest &r) {
            if (r.path == QLatin1String("/api/token"))
                return FakeTransport::reply(200, QStringLiteral(R"({"token":"tok-%1"})").arg(++tokens).toUtf8());
            if (orrery::test::headerOf(r, "X-Authorization") == "tok-1")
                return FakeTransport::reply(401, R"({"status":401,"message":"expired"})");
            return FakeTransport::reply(200, "[]");
        };
        ConductorClient client(settings(true), &transport, &clock);
        int status = 0;
        client.call(get(), [&](ConductorReply r) { status = r.status; });
        transport.flush();
        QCOMPARE(status, 200);
        QCOMPARE(tokens, 2);
        QCOMPARE(int(client.counters().authRetries), 1);
        QCOMPARE(orrery::test::headerOf(transport.sent.last(), "X-Authorization"), QByteArray("tok-2"));
    }

    void refreshOn403OnlyForTokenErrors()
    {
        ManualClock clock;
        FakeTransport transport;
        int tokens = 0;
        QByteArray forbidden = R"({"error":"INVALID_TOKEN"})";
        transport.responder = [&](const ConductorRequest &r) {
            if (r.path == QLatin1String("/api/token"))
                return FakeTransport::reply(200, QStringLiteral(R"({"token":"tok-%1"})").arg(++tokens).toUtf8());
            return FakeTransport::reply(403, forbidden);
        };
        ConductorClient client(settings(true), &transport, &clock);
        int status = 0;
        client.call(get(), [&](ConductorReply r) { status = r.status; });
        transport.flush();
        QCOMPARE(status, 403);   // the retry was rejected too: final, no loop
        QCOMPARE(tokens, 2);
        forbidden = R"({"status":403,"message":"not allowed"})";
        client.call(get(), [&](ConductorReply r) { status = r.status; });
        transport.flush();
        QCOMPARE(tokens, 2);     // a plain 403 is no token problem
        QCOMPARE(int(client.counters().authRetries), 1);
    }

    void tokenNotFoundMeansOss()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &r) {
            return r.path == QLatin1String("/api/token") ? FakeTransport::reply(404) : FakeTransport::reply(204);
        };
        ConductorClient client(settings(true), &transport, &clock);
        for (int i = 0; i < 3; ++i) {
            client.call(get(), [](ConductorReply) {});
            transport.flush();
        }
        QCOMPARE(transport.count(QStringLiteral("/api/token")), 1);
        QVERIFY(client.isOss());
        QVERIFY(orrery::test::headerOf(transport.sent.last(), "X-Authorization").isEmpty());
        QCOMPARE(client.statusJson().value(QStringLiteral("auth")).toString(), QStringLiteral("oss"));
    }

    void secretNeverInErrorsOrStatus()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &) {
            return FakeTransport::reply(401, R"({"status":401,"message":"bad key"})");
        };
        ConductorClient client(settings(true), &transport, &clock);
        QString described;
        client.call(get(), [&](ConductorReply r) { described = r.describe() + r.error; });
        transport.flush();
        QVERIFY(!described.isEmpty());
        QVERIFY(!described.contains(QLatin1String("s3cr3t-value")));
        QVERIFY(!QJsonDocument(client.statusJson()).toJson().contains("s3cr3t-value"));
    }
};

QTEST_GUILESS_MAIN(TestConductorClient)
#include "test_conductor_client.moc"
