// The health probe's checks against real things: the store (SQLite; a store whose database went
// away), disk thresholds from the input, Redis (a real redis-server; a closed port; a bad
// database index and a password it does not have) and a remote Conductor (a local HTTP server:
// healthy, an /api base URL, HTTP 503, healthy=false, not JSON, no answer, nobody listening).
// Unconfigured checks are "skipped", never "ok".

#include "FakeConductor.h"

#include "runtime/HealthProbe.h"
#include "store/Store.h"
#include "support/FreePort.h"
#include "support/RedisTestServer.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

HealthProbeOptions options(const QJsonObject &input = {})
{
    auto o = HealthProbeOptions::fromInput(input);
    return o ? *o : HealthProbeOptions{};
}

} // namespace

class TestHealthProbe : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;

    HealthProbe probe(const QString &redis = {}, const QString &conductor = {}) const
    {
        return HealthProbe(HealthProbeConfig{m_store.get(), m_dir.path(), redis, conductor});
    }

private slots:
    void initTestCase()
    {
        auto store = Store::open(StoreConfig{QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("orrery.db"))});
        QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().message));
        m_store = std::move(store).value();
    }

    void cleanupTestCase()
    {
        if (m_store)
            m_store->close();
    }

    void storeAnswersAQueryWithItsLatency()
    {
        const HealthCheckResult r = probe().checkStore();
        QCOMPARE(r.status, QStringLiteral("ok"));
        QVERIFY(r.latencyMs >= 0);
        QCOMPARE(r.details.value(QStringLiteral("backend")).toString(), QStringLiteral("sqlite"));
        QVERIFY(r.details.value(QStringLiteral("schemaVersion")).toInt() >= 1);
        const QJsonObject json = r.toJson();
        QVERIFY(json.contains(QStringLiteral("latencyMs")));
        QVERIFY(json.value(QStringLiteral("message")).toString().contains(QStringLiteral("sqlite answered")));
    }

    void aStoreWhoseDatabaseWentAwayFails()
    {
        QTemporaryDir gone;
        const QString dir = gone.filePath(QStringLiteral("db"));
        QVERIFY(QDir().mkpath(dir));
        auto store = Store::open(StoreConfig{QStringLiteral("sqlite:") + dir + QStringLiteral("/orrery.db")});
        QVERIFY(store.ok());
        HealthProbe p(HealthProbeConfig{store->get(), gone.path(), {}, {}});
        QCOMPARE(p.checkStore().status, QStringLiteral("ok"));
        // The database file and its directory are gone (retried: the store's checkpoint thread may
        // open the WAL's files while they are removed).
        QTRY_VERIFY(QDir(dir).removeRecursively());
        const HealthCheckResult r = p.checkStore();
        QCOMPARE(r.status, QStringLiteral("failed"));
        QVERIFY2(!r.message.isEmpty(), "the failure says why");
        (*store)->close();
        QCOMPARE(HealthProbe(HealthProbeConfig{nullptr, gone.path(), {}, {}}).checkStore().status, QStringLiteral("skipped"));
    }

    void diskThresholdsComeFromTheInput()
    {
        const HealthProbe p = probe();
        const HealthCheckResult normal = p.checkDisk(options());
        QCOMPARE(normal.status, QStringLiteral("ok")); // this machine has more than 5 % and 1 GiB free
        QVERIFY(normal.details.value(QStringLiteral("freeBytes")).toDouble() > 0);
        QVERIFY(normal.details.value(QStringLiteral("totalBytes")).toDouble() >= normal.details.value(QStringLiteral("freeBytes")).toDouble());
        QCOMPARE(normal.details.value(QStringLiteral("minFreePercent")).toDouble(), 5.0);

        const HealthCheckResult percent = p.checkDisk(options({{QStringLiteral("minFreePercent"), 100}}));
        QCOMPARE(percent.status, QStringLiteral("failed"));
        QVERIFY2(percent.message.contains(QStringLiteral("below the 100 % threshold")), qPrintable(percent.message));

        const HealthCheckResult bytes = p.checkDisk(options({{QStringLiteral("minFreePercent"), 0}, {QStringLiteral("minFreeBytes"), 1e17}}));
        QCOMPARE(bytes.status, QStringLiteral("failed"));
        QVERIFY2(bytes.message.contains(QStringLiteral("GiB threshold")), qPrintable(bytes.message));

        // Thresholds as strings (a workflow input resolved from text) and 0 = off.
        QCOMPARE(p.checkDisk(options({{QStringLiteral("minFreePercent"), QStringLiteral("0")}, {QStringLiteral("minFreeBytes"), 0}})).status,
                 QStringLiteral("ok"));
        const HealthCheckResult missing =
            HealthProbe(HealthProbeConfig{nullptr, m_dir.filePath(QStringLiteral("missing/dir")), {}, {}}).checkDisk(options());
        QCOMPARE(missing.status, QStringLiteral("failed")); // the data directory vanished
        QVERIFY2(missing.message.startsWith(QStringLiteral("cannot read the file system of")), qPrintable(missing.message));
    }

    void badInputNamesTheField()
    {
        auto percent = HealthProbeOptions::fromInput({{QStringLiteral("minFreePercent"), 150}});
        QVERIFY(!percent.ok());
        QVERIFY2(percent.error().message.startsWith(QStringLiteral("input.minFreePercent")), qPrintable(percent.error().message));
        auto timeout = HealthProbeOptions::fromInput({{QStringLiteral("timeoutMs"), QStringLiteral("soon")}});
        QVERIFY(!timeout.ok());
        QVERIFY(timeout.error().message.startsWith(QStringLiteral("input.timeoutMs")));
        auto flag = HealthProbeOptions::fromInput({{QStringLiteral("failOnUnhealthy"), QStringLiteral("yes")}});
        QVERIFY(!flag.ok());
        QVERIFY(flag.error().message.startsWith(QStringLiteral("input.failOnUnhealthy")));
        auto fine = HealthProbeOptions::fromInput({{QStringLiteral("minFreeBytes"), QJsonValue::Null},
                                                   {QStringLiteral("failOnUnhealthy"), false},
                                                   {QStringLiteral("checks"), QJsonObject{}}}); // unknown keys are ignored
        QVERIFY(fine.ok());
        QCOMPARE(fine->minFreeBytes, qint64(1) << 30);
        QVERIFY(!fine->failOnUnhealthy);
    }

    void redisIsPingedWhenConfigured()
    {
        QCOMPARE(probe().checkRedis(options()).status, QStringLiteral("skipped"));

        RedisTestServer redis;
        if (!redis.start())
            QSKIP(qPrintable(QStringLiteral("redis-server not available: ") + redis.errorString()));
        const HealthCheckResult ok = probe(redis.url()).checkRedis(options());
        QCOMPARE(ok.status, QStringLiteral("ok"));
        QVERIFY(ok.latencyMs >= 0);
        QVERIFY2(ok.message.contains(QStringLiteral("PONG")), qPrintable(ok.message));
        QCOMPARE(probe(redis.url() + QStringLiteral("/3")).checkRedis(options()).status, QStringLiteral("ok"));

        const HealthCheckResult badDb = probe(redis.url() + QStringLiteral("/99999")).checkRedis(options());
        QCOMPARE(badDb.status, QStringLiteral("failed"));
        QVERIFY2(badDb.message.contains(QStringLiteral("SELECT")), qPrintable(badDb.message));

        const HealthCheckResult badAuth = probe(QStringLiteral("redis://:s3cret@127.0.0.1:%1").arg(redis.port())).checkRedis(options());
        QCOMPARE(badAuth.status, QStringLiteral("failed"));
        QVERIFY2(badAuth.message.contains(QStringLiteral("AUTH")), qPrintable(badAuth.message));
        QVERIFY2(!badAuth.message.contains(QStringLiteral("s3cret")), "the password is never shown");

        const quint16 closed = redis.port();
        redis.stop();
        const HealthCheckResult down = probe(QStringLiteral("redis://127.0.0.1:%1").arg(closed)).checkRedis(options());
        QCOMPARE(down.status, QStringLiteral("failed"));
        QVERIFY2(down.message.startsWith(QStringLiteral("cannot connect to redis://127.0.0.1:%1").arg(closed)), qPrintable(down.message));

        QCOMPARE(probe(QStringLiteral("http://x")).checkRedis(options()).status, QStringLiteral("failed")); // a bad URL is a failure
    }

    void conductorHealthIsAskedWhenConfigured()
    {
        QCOMPARE(probe().checkConductor(options()).status, QStringLiteral("skipped"));

        FakeConductor conductor;
        const HealthCheckResult ok = probe({}, conductor.url()).checkConductor(options());
        QCOMPARE(ok.status, QStringLiteral("ok"));
        QCOMPARE(conductor.paths, QStringList{QStringLiteral("/health")});
        QCOMPARE(ok.details.value(QStringLiteral("httpStatus")).toInt(), 200);
        QVERIFY(ok.latencyMs >= 0);
        QCOMPARE(probe({}, conductor.url() + QStringLiteral("/api/")).checkConductor(options()).status, QStringLiteral("ok"));
        QCOMPARE(conductor.paths.last(), QStringLiteral("/api/health"));

        conductor.respond(503, R"({"healthy":false})");
        HealthCheckResult r = probe({}, conductor.url()).checkConductor(options());
        QCOMPARE(r.status, QStringLiteral("failed"));
        QVERIFY2(r.message.contains(QStringLiteral("HTTP 503")), qPrintable(r.message));

        conductor.respond(200, R"({"healthy":false,"healthResults":[]})");
        r = probe({}, conductor.url()).checkConductor(options());
        QCOMPARE(r.status, QStringLiteral("failed"));
        QVERIFY2(r.message.contains(QStringLiteral("\"healthy\": false")), qPrintable(r.message));

        conductor.respond(200, "<html>login</html>");
        r = probe({}, conductor.url()).checkConductor(options());
        QCOMPARE(r.status, QStringLiteral("failed"));
        QVERIFY2(r.message.contains(QStringLiteral("without a boolean \"healthy\"")), qPrintable(r.message));

        conductor.silent();
        r = probe({}, conductor.url()).checkConductor(options({{QStringLiteral("timeoutMs"), 300}}));
        QCOMPARE(r.status, QStringLiteral("failed"));
        QVERIFY2(r.message.contains(QStringLiteral("no answer within 300 ms")), qPrintable(r.message));

        r = probe({}, QStringLiteral("http://127.0.0.1:%1").arg(FreePort::find())).checkConductor(options());
        QCOMPARE(r.status, QStringLiteral("failed"));
        QVERIFY2(r.message.startsWith(QStringLiteral("GET http://127.0.0.1:")), qPrintable(r.message));
    }

    void theReportListsEveryCheckAndSkippedIsNotOk()
    {
        QJsonObject report = probe().run(options());
        QVERIFY(report.value(QStringLiteral("healthy")).toBool());
        QCOMPARE(report.value(QStringLiteral("status")).toString(), QStringLiteral("healthy"));
        const QJsonObject checks = report.value(QStringLiteral("checks")).toObject();
        QCOMPARE(checks.keys(), (QStringList{QStringLiteral("conductor"), QStringLiteral("disk"), QStringLiteral("redis"), QStringLiteral("store")}));
        QCOMPARE(checks.value(QStringLiteral("store")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(checks.value(QStringLiteral("disk")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(checks.value(QStringLiteral("redis")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("skipped"));
        QCOMPARE(checks.value(QStringLiteral("conductor")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("skipped"));
        QVERIFY(!checks.value(QStringLiteral("redis")).toObject().contains(QStringLiteral("latencyMs")));

        report = probe(QStringLiteral("redis://127.0.0.1:%1").arg(FreePort::find())).run(options());
        QVERIFY(!report.value(QStringLiteral("healthy")).toBool());
        QCOMPARE(report.value(QStringLiteral("status")).toString(), QStringLiteral("unhealthy"));
        QVERIFY2(report.value(QStringLiteral("summary")).toString().startsWith(QStringLiteral("redis: cannot connect")),
                 qPrintable(report.value(QStringLiteral("summary")).toString()));
    }
};

QTEST_GUILESS_MAIN(TestHealthProbe)
#include "test_health_probe.moc"
