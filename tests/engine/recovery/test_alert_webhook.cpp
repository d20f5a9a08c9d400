// The DLQ alert webhook against a scripted local HTTP endpoint, in virtual time: retries follow
// the retry policy, the "webhook" breaker stops the calls while it is open (without spending
// attempts), a terminal answer is not retried and a spent budget gives up.
#include "core/Clock.h"
#include "recovery/AlertWebhook.h"
#include "recovery/CircuitBreaker.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace orrery;

namespace {

// Answers each request with the next status of its script (the last one repeats).
class ScriptedEndpoint : public QObject
{
public:
    explicit ScriptedEndpoint(QList<int> statuses) : m_statuses(std::move(statuses))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hook").arg(m_server.serverPort()); }
    int requests() const { return int(m_bodies.size()); }
    QList<QJsonObject> bodies() const { return m_bodies; }
    QList<QByteArray> authorizations() const { return m_auth; }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const int headerEnd = int(buf.indexOf("\r\n\r\n"));
        if (headerEnd < 0)
            return;
        const QByteArray head = buf.left(headerEnd).toLower();
        const int cl = int(head.indexOf("content-length:"));
        const int length = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf("\r\n", cl) - cl - 15).trimmed().toInt();
        if (buf.size() < headerEnd + 4 + length)
            return;
        m_bodies.append(QJsonDocument::fromJson(buf.mid(headerEnd + 4, length)).object());
        const int a = int(head.indexOf("authorization:"));
        m_auth.append(a < 0 ? QByteArray() : buf.mid(a + 14, buf.indexOf("\r\n", a) - a - 14).trimmed());
        const int status = m_statuses.isEmpty() ? 200 : (m_statuses.size() > 1 ? m_statuses.takeFirst() : m_statuses.first());
        s->write(QByteArray("HTTP/1.1 ") + QByteArray::number(status) + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        s->disconnectFromHost();
        m_buffers.remove(s);
    }

    QTcpServer m_server;
    QList<int> m_statuses;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QJsonObject> m_bodies;
    QList<QByteArray> m_auth;
};

WebhookConfig config(const QString &url, int retries)
{
    WebhookConfig c;
    c.url = url;
    c.headers.insert(QStringLiteral("Authorization"), QStringLiteral("Bearer hook-secret"));
    c.retry.retryCount = retries;
    c.retry.logic = RetryLogic::Fixed;
    c.retry.retryDelaySeconds = 1;
    c.retry.jitterPercent = 0;
    c.breaker.failureThreshold = 3;
    c.breaker.resetTimeoutMs = 10000;
    return c;
}

QJsonObject alert(const char *kind) { return QJsonObject{{QStringLiteral("kind"), QString::fromLatin1(kind)}}; }

// Waits for the POST in flight to be answered and handled.
void settle(AlertWebhook &w, ScriptedEndpoint &e, int requests)
{
    QTRY_VERIFY_WITH_TIMEOUT(e.requests() == requests && !w.busy(), 10000);
}

} // namespace

class TestAlertWebhook : public QObject
{
    Q_OBJECT

private slots:
    void retriesAndWaitsForTheBreaker()
    {
        ScriptedEndpoint endpoint({503, 503, 503, 200});
        ManualClock clock;
        AlertWebhook hook(config(endpoint.url(), 5), &clock, 1);
        QSignalSpy delivered(&hook, &AlertWebhook::delivered);
        hook.enqueue(alert("depth"));
        settle(hook, endpoint, 1);
        hook.processDue(); // not due yet: nothing is sent
        QCOMPARE(endpoint.requests(), 1);
        for (int n = 2; n <= 3; ++n) {
            clock.advanceMs(1000);
            hook.processDue();
            settle(hook, endpoint, n);
        }
        QCOMPARE(hook.breaker()->state(), CircuitBreaker::State::Open);
        // Due again after 1 s, but the breaker is open: no call and no attempt spent.
        clock.advanceMs(1000);
        hook.processDue();
        QCOMPARE(endpoint.requests(), 3);
        QCOMPARE(hook.toJson().value(QStringLiteral("nextAttemptInMs")).toInt(), 9000);
        clock.advanceMs(8999);
        hook.processDue();
        QCOMPARE(endpoint.requests(), 3);
        clock.advanceMs(1); // half-open: the probe goes, succeeds and closes the breaker
        hook.processDue();
        settle(hook, endpoint, 4);
        QCOMPARE(delivered.count(), 1);
        QCOMPARE(delivered.first().at(1).toInt(), 4);
        QCOMPARE(hook.breaker()->state(), CircuitBreaker::State::Closed);
        QCOMPARE(hook.breaker()->rejections(), quint64(1));
        QCOMPARE(endpoint.bodies().last().value(QStringLiteral("kind")).toString(), QStringLiteral("depth"));
        QCOMPARE(endpoint.authorizations().last(), QByteArray("Bearer hook-secret"));
        QCOMPARE(hook.queued(), 0);
        QVERIFY(!QJsonDocument(hook.toJson()).toJson().contains("hook-secret"));
    }

    void terminalAnswersAreNotRetried()
    {
        ScriptedEndpoint endpoint({400});
        ManualClock clock;
        AlertWebhook hook(config(endpoint.url(), 5), &clock, 1);
        QSignalSpy gaveUp(&hook, &AlertWebhook::gaveUp);
        hook.enqueue(alert("inflow"));
        settle(hook, endpoint, 1);
        QCOMPARE(gaveUp.count(), 1);
        QVERIFY(gaveUp.first().at(1).toString().contains(QStringLiteral("HTTP 400")));
        clock.advanceMs(60000);
        hook.processDue();
        QCOMPARE(endpoint.requests(), 1);
        QCOMPARE(hook.breaker()->failures(), quint64(0)); // a client error says nothing about the endpoint
        QCOMPARE(hook.breaker()->ignoredFailures(), quint64(1));
    }

    void spentBudgetGivesUpAndTheNextAlertGoes()
    {
        ScriptedEndpoint endpoint({500, 500, 200});
        ManualClock clock;
        AlertWebhook hook(config(endpoint.url(), 1), &clock, 1);
        QSignalSpy gaveUp(&hook, &AlertWebhook::gaveUp);
        QSignalSpy delivered(&hook, &AlertWebhook::delivered);
        hook.enqueue(alert("first"));
        hook.enqueue(alert("second")); // waits behind the first
        settle(hook, endpoint, 1);
        clock.advanceMs(1000);
        hook.processDue();
        QTRY_COMPARE(gaveUp.count(), 1); // 2 attempts = retryCount 1
        QTRY_COMPARE(delivered.count(), 1);
        QCOMPARE(endpoint.requests(), 3);
        QCOMPARE(endpoint.bodies().at(2).value(QStringLiteral("kind")).toString(), QStringLiteral("second"));
    }

    void queueIsBounded()
    {
        ManualClock clock;
        WebhookConfig c = config(QStringLiteral("http://127.0.0.1:9/unreachable"), 5);
        c.maxQueued = 2;
        AlertWebhook hook(c, &clock, 1);
        hook.breaker()->forceOpen(); // nothing leaves: alerts pile up
        for (const char *k : {"a", "b", "c", "d"})
            hook.enqueue(alert(k));
        QCOMPARE(hook.queued(), 2);
        QCOMPARE(hook.toJson().value(QStringLiteral("dropped")).toInt(), 2);
        AlertWebhook off(WebhookConfig(), &clock, 1);
        off.enqueue(alert("x"));
        QCOMPARE(off.queued(), 0);
        QVERIFY(!off.enabled());
    }
};

QTEST_GUILESS_MAIN(TestAlertWebhook)
#include "test_alert_webhook.moc"
