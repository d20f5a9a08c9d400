// Circuit breakers across a restart (docs/recovery.md, "Breakers across restarts"), on SQLite and
// on PostgreSQL (a throwaway cluster, skipped when none can start), in virtual time: a real API
// server with the recovery module is stopped and a second one opens the same store. An open
// breaker is still open with the rest of its reset timeout (counted from the saved openedAtMs by
// the engine's clock), a forced-open one stays forced, counters and trip history come back
// (GET /api/circuitbreaker/status, breakerTripRate of GET /api/stats), the "store" breaker is not
// kept, trips expire after 24 h and their rows are capped.
#include "../api/ApiFixture.h"
#include "../api/OpsHelpers.h"

#include "api/dlq/DlqModule.h"
#include "recovery/BreakerPersistence.h"
#include "recovery/BreakerRegistry.h"
#include "store/SqlBackend.h"
#include "support/PgTestServer.h"
#include "workflow/EngineCore.h"

#include <QSemaphore>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

constexpr qint64 kT0 = 1'760'000'000'000;
constexpr qint64 kDayMs = 24LL * 3600 * 1000;

// One run of the server on `url`: fixture + recovery module, in the clock's virtual time.
class Run
{
public:
    Run(const QString &url, ManualClock *clock)
    {
        m_api.setEngineClock(clock);
        m_api.setStoreUrl(url);
        m_api.startModuleBeforeListen(&m_module);
        ApiServerOptions options;
        options.http.clock = clock;
        m_failure = m_api.start(options);
    }
    ~Run()
    {
        if (m_api.server())
            m_api.server()->stop();
        m_module.stop();
    }
    QString failure() const { return m_failure; }
    ApiFixture &api() { return m_api; }

    void onBreakers(const std::function<void(BreakerRegistry &)> &fn)
    {
        QSemaphore done;
        m_api.engine()->onEngineThread([&](EngineCore &core) {
            fn(*BreakerRegistry::attachedTo(&core, &core.clock()));
            done.release();
        });
        done.acquire();
    }
    QJsonObject breaker(const QString &name) const { return OpsHelpers{m_api}.breaker(name); }
    QJsonObject tripRate24h() const
    {
        return obj(m_api.call("GET", "/api/stats", m_api.viewer))
            .value(QStringLiteral("figures")).toObject().value(QStringLiteral("breakerTripRate")).toObject()
            .value(QStringLiteral("24h")).toObject().value(QStringLiteral("detail")).toObject();
    }
    qint64 tripRows()
    {
        const QString name = QStringLiteral("test-trip-rows");
        qint64 n = -1;
        {
            Result<QSqlDatabase> db = m_api.store()->openModuleConnection(name);
            if (db) {
                BreakerTable table(db.value(), m_api.store()->backend());
                n = table.tripCount().value();
            }
        }
        SqlBackend::closeConnection(name);
        return n;
    }

private:
    ApiFixture m_api;
    DlqModule m_module{RecoveryConfig{}};
    QString m_failure;
};

void trip(BreakerRegistry &registry, const QString &name)
{
    CircuitBreaker *b = registry.breaker(name);
    for (int i = 0; i < b->config().failureThreshold; ++i)
        b->recordFailure(true, QStringLiteral("HTTP 503 from %1").arg(name));
}

} // namespace

class TestBreakerPersistence : public QObject
{
    Q_OBJECT

private:
    static void backends()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }
    // The store URL of the row (a file in `dir`, or a new database of `pg`); empty = skipped.
    static QString urlFor(const QString &backend, QTemporaryDir &dir, PgTestServer &pg)
    {
        if (backend == QLatin1String("sqlite"))
            return dir.filePath(QStringLiteral("orrery.db"));
        return pg.createDatabase();
    }

private slots:
    void stateAndTripsSurviveARestart_data() { backends(); }
    void stateAndTripsSurviveARestart()
    {
        QFETCH(QString, backend);
        QTemporaryDir dir;
        PgTestServer pg;
        if (backend == QLatin1String("postgresql"))
            ORRERY_REQUIRE_PG(pg);
        const QString url = urlFor(backend, dir, pg);
        QVERIFY2(!url.isEmpty(), qPrintable(pg.errorString()));
        ManualClock clock(kT0);
        qint64 resetMs = 0;
        int threshold = 0;
        {
            Run run(url, &clock);
            QVERIFY2(run.failure().isEmpty(), qPrintable(run.failure()));
            run.onBreakers([&](BreakerRegistry &r) {
                trip(r, QStringLiteral("http:down.example"));      // OPEN at kT0
                trip(r, QStringLiteral("http:flap.example"));      // tripped, then closed again
                r.breaker(QStringLiteral("http:flap.example"))->forceClose();
                trip(r, QStringLiteral("http:reset.example"));     // tripped, then reset to 0
                trip(r, QStringLiteral("store"));                  // the writer's monitor: not kept
                resetMs = r.breaker(QStringLiteral("http:down.example"))->config().resetTimeoutMs;
                threshold = r.breaker(QStringLiteral("http:down.example"))->config().failureThreshold;
            });
            QCOMPARE(run.api().call("POST", "/api/circuitbreaker/http:reset.example/reset", run.api().operatorAuth).status, 200);
            QCOMPARE(run.api().call("POST", "/api/circuitbreaker/task:maintenance/open", run.api().admin).status, 200);
            QCOMPARE(run.tripRate24h().value(QStringLiteral("trips")).toInt(), 4);
            QCOMPARE(run.breaker(QStringLiteral("store")).value(QStringLiteral("state")).toString(), QStringLiteral("OPEN"));
        }

        clock.advanceMs(10'000);
        {
            Run run(url, &clock);
            QVERIFY2(run.failure().isEmpty(), qPrintable(run.failure()));
            const QJsonObject down = run.breaker(QStringLiteral("http:down.example"));
            QCOMPARE(down.value(QStringLiteral("state")).toString(), QStringLiteral("OPEN"));
            QCOMPARE(qint64(down.value(QStringLiteral("openedAtMs")).toDouble()), kT0);
            QCOMPARE(qint64(down.value(QStringLiteral("msUntilHalfOpen")).toDouble()), resetMs - 10'000);
            QCOMPARE(down.value(QStringLiteral("trips")).toInt(), 1);
            QCOMPARE(down.value(QStringLiteral("failures")).toInt(), threshold);
            QCOMPARE(down.value(QStringLiteral("lastFailure")).toObject().value(QStringLiteral("message")).toString(),
                     QStringLiteral("HTTP 503 from http:down.example"));
            QCOMPARE(run.breaker(QStringLiteral("task:maintenance")).value(QStringLiteral("state")).toString(),
                     QStringLiteral("FORCED_OPEN"));
            const QJsonObject flap = run.breaker(QStringLiteral("http:flap.example"));
            QCOMPARE(flap.value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));
            QCOMPARE(flap.value(QStringLiteral("trips")).toInt(), 1);
            QCOMPARE(run.breaker(QStringLiteral("http:reset.example")).value(QStringLiteral("trips")).toInt(), 0);
            QCOMPARE(run.breaker(QStringLiteral("store")).value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));

            // The trip history: every trip of the first run, the reset and the store included.
            const QJsonObject rate = run.tripRate24h();
            QCOMPARE(rate.value(QStringLiteral("trips")).toInt(), 4);
            QCOMPARE(rate.value(QStringLiteral("byBreaker")).toObject().value(QStringLiteral("http:down.example")).toInt(), 1);
            QCOMPARE(run.tripRows(), 4);

            // The rest of the reset timeout runs on the same clock.
            clock.advanceMs(resetMs - 10'000 - 1);
            QCOMPARE(run.breaker(QStringLiteral("http:down.example")).value(QStringLiteral("state")).toString(), QStringLiteral("OPEN"));
            clock.advanceMs(1);
            QCOMPARE(run.breaker(QStringLiteral("http:down.example")).value(QStringLiteral("state")).toString(),
                     QStringLiteral("HALF_OPEN"));
            // A new trip (the probe fails) is kept too.
            run.onBreakers([](BreakerRegistry &r) {
                CircuitBreaker *b = r.breaker(QStringLiteral("http:down.example"));
                QVERIFY(b->tryAcquire());
                b->recordFailure(true, QStringLiteral("still down"));
            });
            QCOMPARE(run.breaker(QStringLiteral("http:down.example")).value(QStringLiteral("trips")).toInt(), 2);
        }

        clock.advanceMs(1000);
        {
            Run run(url, &clock);
            QVERIFY2(run.failure().isEmpty(), qPrintable(run.failure()));
            const QJsonObject down = run.breaker(QStringLiteral("http:down.example"));
            QCOMPARE(down.value(QStringLiteral("state")).toString(), QStringLiteral("OPEN"));
            QCOMPARE(down.value(QStringLiteral("trips")).toInt(), 2);
            QCOMPARE(qint64(down.value(QStringLiteral("msUntilHalfOpen")).toDouble()), resetMs - 1000);
            QCOMPARE(run.tripRate24h().value(QStringLiteral("trips")).toInt(), 5);
        }

        // A day later the trips have expired: gone from the figure and from the table.
        clock.advanceMs(kDayMs);
        {
            Run run(url, &clock);
            QVERIFY2(run.failure().isEmpty(), qPrintable(run.failure()));
            QCOMPARE(run.tripRate24h().value(QStringLiteral("trips")).toInt(), 0);
            QCOMPARE(run.tripRows(), 0);
            // The state itself does not expire: an open breaker that was due is half-open now.
            QCOMPARE(run.breaker(QStringLiteral("http:down.example")).value(QStringLiteral("state")).toString(),
                     QStringLiteral("HALF_OPEN"));
            QCOMPARE(run.breaker(QStringLiteral("task:maintenance")).value(QStringLiteral("state")).toString(),
                     QStringLiteral("FORCED_OPEN"));
        }
    }

    void tripRowsAreCapped()
    {
        QTemporaryDir dir;
        ManualClock clock(kT0);
        auto store = Store::open(StoreConfig{dir.filePath(QStringLiteral("cap.db"))});
        QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().message));
        constexpr int kCap = 50;
        {
            BreakerPersistence p(store.value().get(), &clock, kDayMs, kCap);
            QVERIFY(p.open().ok());
            for (int i = 0; i < 3 * BreakerPersistence::kPruneEvery + 10; ++i) {
                clock.advanceMs(1);
                p.addTrip(QStringLiteral("http:b%1").arg(i), clock.nowMs());
            }
            QCOMPARE(p.writeErrors(), quint64(0));
        }
        BreakerPersistence again(store.value().get(), &clock, kDayMs, kCap);
        auto loaded = again.open();
        QVERIFY(loaded.ok());
        // The newest `kCap`, oldest first.
        QCOMPARE(int(loaded->trips.size()), kCap);
        QCOMPARE(loaded->trips.front().breaker, QStringLiteral("http:b%1").arg(3 * BreakerPersistence::kPruneEvery + 10 - kCap));
        QCOMPARE(loaded->trips.back().atMs, clock.nowMs());
        again.close();
        store.value()->close();
    }

    void aBadSavedStateIsAClearError()
    {
        Result<BreakerSnapshot> bad = BreakerSnapshot::fromJson(QJsonObject{{QStringLiteral("name"), QStringLiteral("http:x")},
                                                                            {QStringLiteral("state"), QStringLiteral("AJAR")}});
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.contains(QStringLiteral("AJAR")) && bad.error().message.contains(QStringLiteral("http:x")),
                 qPrintable(bad.error().message));
        Result<BreakerSnapshot> negative = BreakerSnapshot::fromJson(
            QJsonObject{{QStringLiteral("name"), QStringLiteral("http:x")}, {QStringLiteral("state"), QStringLiteral("OPEN")},
                        {QStringLiteral("trips"), -1}});
        QVERIFY(!negative.ok());
        QCOMPARE(negative.error().fieldErrors.first().path, QStringLiteral("trips"));
        BreakerSnapshot s;
        s.name = QStringLiteral("http:y");
        s.state = QStringLiteral("FORCED_OPEN");
        s.openedAtMs = kT0;
        s.counters.trips = 7;
        s.counters.lastFailureMs = kT0 - 5;
        s.counters.lastFailureMessage = QStringLiteral("timeout");
        Result<BreakerSnapshot> back = BreakerSnapshot::fromJson(s.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->state, s.state);
        QCOMPARE(back->openedAtMs, kT0);
        QCOMPARE(back->counters.trips, quint64(7));
        QCOMPARE(back->counters.lastFailureMessage, QStringLiteral("timeout"));
    }
};

QTEST_MAIN(TestBreakerPersistence)
#include "test_breaker_persistence.moc"
