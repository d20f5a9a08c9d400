#include "core/Clock.h"
#include "core/TaskDef.h"
#include "recovery/BreakerRegistry.h"
#include "recovery/CircuitBreaker.h"
#include "recovery/TaskGuard.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

using namespace orrery;
using State = CircuitBreaker::State;

namespace {

QJsonObject httpInput(const char *url) { return QJsonObject{{QStringLiteral("url"), QString::fromLatin1(url)}}; }

TaskDef def(const char *json)
{
    auto d = TaskDef::fromJson(QJsonDocument::fromJson(json).object());
    if (!d.ok())
        qFatal("bad test TaskDef: %s", qPrintable(d.error().message));
    return d.value();
}

} // namespace

class TestTaskGuard : public QObject
{
    Q_OBJECT

private slots:
    void breakerNames()
    {
        QCOMPARE(TaskGuard::httpBreakerName(QStringLiteral("https://API.example.com/x?y=1")), QStringLiteral("http:api.example.com"));
        QCOMPARE(TaskGuard::httpBreakerName(QStringLiteral("http://127.0.0.1:8081/a")), QStringLiteral("http:127.0.0.1:8081"));
        QCOMPARE(TaskGuard::httpBreakerName(QStringLiteral("not a url")), QString());
        const TaskDef withBreaker = def(R"({"name":"charge","breaker":{"failureThreshold":2}})");
        const TaskDef plain = def(R"({"name":"charge"})");
        QCOMPARE(TaskGuard::breakerNames(QStringLiteral("http"), httpInput("http://h:1/"), nullptr), QStringList{"http:h:1"});
        QCOMPARE(TaskGuard::breakerNames(QStringLiteral("charge"), {}, &withBreaker), QStringList{"task:charge"});
        QCOMPARE(TaskGuard::breakerNames(QStringLiteral("charge"), {}, &plain), QStringList());
        QCOMPARE(TaskGuard::breakerNames(QStringLiteral("shell"), httpInput("http://h/"), nullptr), QStringList());
    }

    void unguardedTasksAlwaysRun()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        TaskGuard guard(&reg);
        QVERIFY(guard.admit(QStringLiteral("t1"), QStringLiteral("noop"), {}, nullptr).allowed);
        QVERIFY(!guard.isGuarded(QStringLiteral("t1")));
        QVERIFY(reg.names().isEmpty());
    }

    void openBreakerRefusesUntilHalfOpenThenOnlyProbes()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        BreakerConfig c;
        c.failureThreshold = 3;
        c.resetTimeoutMs = 10000;
        reg.setConfig(QStringLiteral("http:*"), c);
        TaskGuard guard(&reg);
        const QJsonObject in = httpInput("http://svc:9/x");
        for (int i = 0; i < 3; ++i) {
            const QString id = QStringLiteral("a%1").arg(i);
            QVERIFY(guard.admit(id, QStringLiteral("http"), in, nullptr).allowed);
            QVERIFY(guard.isGuarded(id));
            guard.recordFailure(id, true, QStringLiteral("HTTP 503"));
            QVERIFY(!guard.isGuarded(id));
        }
        QCOMPARE(reg.find(QStringLiteral("http:svc:9"))->state(), State::Open);

        clock.advanceMs(4000);
        auto refused = guard.admit(QStringLiteral("b"), QStringLiteral("http"), in, nullptr);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.breaker, QStringLiteral("http:svc:9"));
        QCOMPARE(refused.state, QStringLiteral("OPEN"));
        QCOMPARE(refused.retryAfterMs, 6000);
        QVERIFY(!guard.isGuarded(QStringLiteral("b")));

        clock.advanceMs(6000); // half-open: one probe
        QVERIFY(guard.admit(QStringLiteral("probe"), QStringLiteral("http"), in, nullptr).allowed);
        auto second = guard.admit(QStringLiteral("c"), QStringLiteral("http"), in, nullptr);
        QVERIFY(!second.allowed);
        QCOMPARE(second.state, QStringLiteral("HALF_OPEN"));
        QCOMPARE(second.retryAfterMs, 10000); // until the probe would be forgotten
        guard.recordSuccess(QStringLiteral("probe"));
        QCOMPARE(reg.find(QStringLiteral("http:svc:9"))->state(), State::Closed);
        QVERIFY(guard.admit(QStringLiteral("c"), QStringLiteral("http"), in, nullptr).allowed);
        QCOMPARE(reg.find(QStringLiteral("http:svc:9"))->rejections(), quint64(2));
    }

    void terminalFailuresDoNotTrip()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        BreakerConfig c;
        c.failureThreshold = 2;
        reg.setDefaultConfig(c);
        TaskGuard guard(&reg);
        for (int i = 0; i < 5; ++i) {
            const QString id = QString::number(i);
            QVERIFY(guard.admit(id, QStringLiteral("http"), httpInput("http://h/"), nullptr).allowed);
            guard.recordFailure(id, false, QStringLiteral("HTTP 404"));
        }
        CircuitBreaker *b = reg.find(QStringLiteral("http:h"));
        QCOMPARE(b->state(), State::Closed);
        QCOMPARE(b->ignoredFailures(), quint64(5));
    }

    void refusalGivesBackTheOtherGrants()
    {
        // An http task whose TaskDef has a breaker: both must agree. When the task breaker
        // refuses, the probe slot taken on the half-open host breaker is handed back.
        ManualClock clock;
        BreakerRegistry reg(&clock);
        BreakerConfig c;
        c.failureThreshold = 1;
        c.resetTimeoutMs = 1000;
        reg.setDefaultConfig(c);
        const TaskDef d = def(R"({"name":"http","breaker":{"failureThreshold":1,"resetTimeoutSeconds":60}})");
        TaskGuard guard(&reg);
        const QJsonObject in = httpInput("http://h/");
        QVERIFY(guard.admit(QStringLiteral("x"), QStringLiteral("http"), in, &d).allowed);
        guard.recordFailure(QStringLiteral("x"), true, QStringLiteral("HTTP 500"));
        CircuitBreaker *host = reg.find(QStringLiteral("http:h"));
        CircuitBreaker *type = reg.find(QStringLiteral("task:http"));
        QCOMPARE(host->state(), State::Open);
        QCOMPARE(type->state(), State::Open);
        QCOMPARE(type->config().resetTimeoutMs, 60000); // the definition's settings
        clock.advanceMs(1000); // the host breaker is half-open, the type breaker still open
        auto r = guard.admit(QStringLiteral("y"), QStringLiteral("http"), in, &d);
        QVERIFY(!r.allowed);
        QCOMPARE(r.breaker, QStringLiteral("task:http"));
        QCOMPARE(r.retryAfterMs, 59000);
        QCOMPARE(host->state(), State::HalfOpen);
        QCOMPARE(host->halfOpenProbesInFlight(), 0);
    }

    void definitionBreakerWinsAndFollowsChanges()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        TaskGuard guard(&reg);
        TaskDef d = def(R"({"name":"mail","breaker":{"failureThreshold":2}})");
        QVERIFY(guard.admit(QStringLiteral("1"), QStringLiteral("mail"), {}, &d).allowed);
        QCOMPARE(reg.configFor(QStringLiteral("task:mail")).failureThreshold, 2);
        // A reconfiguration of the registry drops exact entries: the definition is applied again.
        QVERIFY(reg.configure(QJsonDocument::fromJson(R"({"default":{"failureThreshold":9}})").object()).ok());
        QCOMPARE(reg.configFor(QStringLiteral("task:mail")).failureThreshold, 9);
        QVERIFY(guard.admit(QStringLiteral("2"), QStringLiteral("mail"), {}, &d).allowed);
        QCOMPARE(reg.configFor(QStringLiteral("task:mail")).failureThreshold, 2);
        QCOMPARE(reg.configFor(QStringLiteral("task:mail")).resetTimeoutMs, 60000);
        d = def(R"({"name":"mail","breaker":{"failureThreshold":4,"resetTimeoutSeconds":5}})");
        QVERIFY(guard.admit(QStringLiteral("3"), QStringLiteral("mail"), {}, &d).allowed);
        QCOMPARE(reg.configFor(QStringLiteral("task:mail")).failureThreshold, 4);
        QCOMPARE(reg.configFor(QStringLiteral("task:mail")).resetTimeoutMs, 5000);
        // An invalid breaker object falls back to the inherited settings.
        d = def(R"({"name":"mail","breaker":{"failureThreshold":-1}})");
        QVERIFY(guard.admit(QStringLiteral("4"), QStringLiteral("mail"), {}, &d).allowed);
        QCOMPARE(reg.configFor(QStringLiteral("task:mail")).failureThreshold, 9);
    }

    void forgetReleasesProbeSlots()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        BreakerConfig c;
        c.failureThreshold = 1;
        c.resetTimeoutMs = 1000;
        reg.setDefaultConfig(c);
        TaskGuard guard(&reg);
        const QJsonObject in = httpInput("http://h/");
        QVERIFY(guard.admit(QStringLiteral("a"), QStringLiteral("http"), in, nullptr).allowed);
        guard.recordFailure(QStringLiteral("a"), true, QStringLiteral("refused"));
        clock.advanceMs(1000);
        QVERIFY(guard.admit(QStringLiteral("probe"), QStringLiteral("http"), in, nullptr).allowed);
        QVERIFY(!guard.admit(QStringLiteral("other"), QStringLiteral("http"), in, nullptr).allowed);
        guard.forget(QStringLiteral("probe")); // the pool stopped before running it
        QVERIFY(guard.admit(QStringLiteral("other"), QStringLiteral("http"), in, nullptr).allowed);
        // Admitting the same task again drops its stale grant first: still one probe in flight.
        QVERIFY(guard.admit(QStringLiteral("other"), QStringLiteral("http"), in, nullptr).allowed);
        QCOMPARE(reg.find(QStringLiteral("http:h"))->halfOpenProbesInFlight(), 1);
    }

    void classifiesWithTheDefinitionsLists()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        TaskGuard guard(&reg);
        const FailureFacts notFound = FailureFacts::http(404);
        const FailureFacts unavailable = FailureFacts::http(503);
        QVERIFY(guard.classify(nullptr, notFound).isTerminal());
        QVERIFY(!guard.classify(nullptr, unavailable).isTerminal());
        TaskDef d = def(R"({"name":"fetch","transientErrors":["http:404"],"terminalErrors":[503]})");
        QVERIFY(!guard.classify(&d, notFound).isTerminal());
        QCOMPARE(guard.classify(&d, notFound).rule, QStringLiteral("transientErrors: http:404"));
        QVERIFY(guard.classify(&d, unavailable).isTerminal());
        // A changed definition is parsed again.
        d = def(R"({"name":"fetch","terminalErrors":["connection_refused"]})");
        QVERIFY(!guard.classify(&d, unavailable).isTerminal());
        QVERIFY(guard.classify(&d, FailureFacts::network(QStringLiteral("connection_refused"))).isTerminal());
        // Built-in rules know the local workers' own codes.
        QVERIFY(!guard.classify(nullptr, FailureFacts::network(QStringLiteral("read_timeout"))).isTerminal());
        QVERIFY(guard.classify(nullptr, FailureFacts::network(QStringLiteral("tls_error"))).isTerminal());
    }
};

QTEST_GUILESS_MAIN(TestTaskGuard)
#include "test_task_guard.moc"
