#include "core/Clock.h"
#include "recovery/BreakerRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

using namespace orrery;

namespace {

BreakerConfig withThreshold(int n)
{
    BreakerConfig c;
    c.failureThreshold = n;
    return c;
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestBreakerRegistry : public QObject
{
    Q_OBJECT

private slots:
    void createsOnDemand()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        QVERIFY(reg.find(QStringLiteral("store")) == nullptr);
        CircuitBreaker *a = reg.breaker(QStringLiteral("store"));
        QVERIFY(a);
        QCOMPARE(reg.breaker(QStringLiteral("store")), a);
        QCOMPARE(reg.find(QStringLiteral("store")), a);
        QCOMPARE(a->parent(), &reg);
        reg.breaker(QStringLiteral("http:b"));
        reg.breaker(QStringLiteral("http:a"));
        QCOMPARE(reg.names(), (QStringList{"http:a", "http:b", "store"}));
        QVERIFY(reg.breaker(QString()) == nullptr);
        QCOMPARE(reg.names().size(), 3);
    }

    void mostSpecificConfigWins()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        reg.setDefaultConfig(withThreshold(5));
        reg.setConfig(QStringLiteral("http:*"), withThreshold(3));
        reg.setConfig(QStringLiteral("http:api.*"), withThreshold(2));
        reg.setConfig(QStringLiteral("http:api.example.com"), withThreshold(7));
        QCOMPARE(reg.configFor(QStringLiteral("store")).failureThreshold, 5);
        QCOMPARE(reg.configFor(QStringLiteral("http:other.org")).failureThreshold, 3);
        QCOMPARE(reg.configFor(QStringLiteral("http:api.other.org")).failureThreshold, 2);
        QCOMPARE(reg.configFor(QStringLiteral("http:api.example.com")).failureThreshold, 7);
        QCOMPARE(reg.breaker(QStringLiteral("http:api.x"))->config().failureThreshold, 2);
        // Existing breakers take a new setting at once.
        reg.setConfig(QStringLiteral("http:api.*"), withThreshold(4));
        QCOMPARE(reg.find(QStringLiteral("http:api.x"))->config().failureThreshold, 4);
        reg.setConfig(QStringLiteral("*"), withThreshold(9));
        QCOMPARE(reg.configFor(QStringLiteral("store")).failureThreshold, 9);
        QCOMPARE(reg.configFor(QStringLiteral("http:x")).failureThreshold, 3);
    }

    void configureFromJson()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        CircuitBreaker *existing = reg.breaker(QStringLiteral("task:send_email"));
        auto r = reg.configure(obj(R"({"default":{"failureThreshold":4,"resetTimeoutSeconds":30},
            "breakers":{"task:*":{"halfOpenProbes":2},"store":{"failureThreshold":10,"resetTimeoutSeconds":5}}})"));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        const BreakerConfig task = reg.configFor(QStringLiteral("task:x"));
        QCOMPARE(task.halfOpenProbes, 2);
        QCOMPARE(task.failureThreshold, 4);      // from "default"
        QCOMPARE(task.resetTimeoutMs, 30000);
        QCOMPARE(reg.configFor(QStringLiteral("store")).resetTimeoutMs, 5000);
        QCOMPARE(reg.configFor(QStringLiteral("webhook")).failureThreshold, 4);
        QCOMPARE(existing->config(), task);
        // configJson round-trips.
        BreakerRegistry copy(&clock);
        QVERIFY(copy.configure(reg.configJson()).ok());
        QCOMPARE(copy.configFor(QStringLiteral("task:y")), task);
        QCOMPARE(copy.configFor(QStringLiteral("store")), reg.configFor(QStringLiteral("store")));
    }

    void badConfigChangesNothing()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        reg.setConfig(QStringLiteral("store"), withThreshold(8));
        auto r = reg.configure(obj(R"({"default":{"failureThreshold":-1},
            "breakers":{"http:*":{"halfOpenProbes":0},"a*b":{},"x":5}})"), QStringLiteral("breakers"));
        QVERIFY(!r.ok());
        QStringList paths;
        for (const FieldError &e : r.error().fieldErrors)
            paths << e.path;
        QVERIFY2(paths.contains(QStringLiteral("breakers.default.failureThreshold")), qPrintable(paths.join(' ')));
        QVERIFY(paths.contains(QStringLiteral("breakers.breakers[\"http:*\"].halfOpenProbes")));
        QVERIFY(paths.contains(QStringLiteral("breakers.breakers[\"a*b\"]")));
        QVERIFY(paths.contains(QStringLiteral("breakers.breakers[\"x\"]")));
        QCOMPARE(reg.configFor(QStringLiteral("store")).failureThreshold, 8);
        QVERIFY(!reg.configure(obj(R"({"breakers":[1]})")).ok());
    }

    void forwardsStateChanges()
    {
        ManualClock clock;
        BreakerRegistry reg(&clock);
        reg.setDefaultConfig(withThreshold(1));
        QSignalSpy spy(&reg, &BreakerRegistry::breakerStateChanged);
        reg.breaker(QStringLiteral("http:a"))->recordFailure("down");
        reg.breaker(QStringLiteral("redis"))->forceOpen();
        reg.breaker(QStringLiteral("redis"))->forceOpen();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("http:a"));
        QCOMPARE(spy.at(0).at(2).toString(), QStringLiteral("OPEN"));
        QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("redis"));
        QCOMPARE(spy.at(1).at(2).toString(), QStringLiteral("FORCED_OPEN"));

        reg.breaker(QStringLiteral("store"));
        const QJsonObject snap = reg.toJson();
        QCOMPARE(snap.value(QStringLiteral("count")).toInt(), 3);
        QCOMPARE(snap.value(QStringLiteral("open")).toInt(), 2);
        const QJsonArray list = snap.value(QStringLiteral("breakers")).toArray();
        QCOMPARE(list.size(), 3);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("http:a"));
        QCOMPARE(list.at(2).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));
        // A lazy transition seen through the snapshot is forwarded too.
        clock.advanceMs(60000);
        const QJsonObject later = reg.toJson();
        QCOMPARE(later.value(QStringLiteral("breakers")).toArray().at(0).toObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("HALF_OPEN"));
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.last().at(1).toString(), QStringLiteral("OPEN"));
        QCOMPARE(spy.last().at(2).toString(), QStringLiteral("HALF_OPEN"));
    }
};

QTEST_GUILESS_MAIN(TestBreakerRegistry)
#include "test_breaker_registry.moc"
