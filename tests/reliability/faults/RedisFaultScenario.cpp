#include "RedisFaultScenario.h"

#include "FaultProxy.h"

#include "support/RedisTestServer.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QThread>

namespace orrery::test {

namespace {

QJsonObject redisStats(FaultRun &run)
{
    return run.server().get(QStringLiteral("/api/websocket/stats")).json().object().value(QStringLiteral("redis")).toObject();
}

bool waitForBridge(FaultRun &run, const QString &state, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (redisStats(run).value(QStringLiteral("state")).toString() == state)
            return true;
        QThread::msleep(50);
    }
    return false;
}

} // namespace

RedisFaultScenario::Figures RedisFaultScenario::run(const Options &o)
{
    Figures f;
    RedisTestServer redis;
    if (!redis.start()) {
        f.error = QStringLiteral("SKIP redis-server cannot run here: ") + redis.errorString();
        return f;
    }
    FaultProxy proxy(redis.port());
    if (!proxy.start(&f.error))
        return f;
    FaultRun run(QJsonObject{}, {QStringLiteral("--redis-url"), QStringLiteral("redis://127.0.0.1:%1").arg(proxy.port())});
    if (!run.start(&f.error))
        return f;
    const QJsonObject def{{QStringLiteral("name"), QStringLiteral("noop")}, {QStringLiteral("retryCount"), 3},
                          {QStringLiteral("responseTimeoutSeconds"), 60}};
    if (!run.defineOneTaskWorkflow(QStringLiteral("redis_fault"), def, QJsonObject{{QStringLiteral("n"), QStringLiteral("${workflow.input.n}")}}, &f.error))
        return f;
    if (!waitForBridge(run, QStringLiteral("connected"), 15000)) {
        f.error = QStringLiteral("the Redis bridge never connected: %1")
                      .arg(QString::fromUtf8(QJsonDocument(redisStats(run)).toJson(QJsonDocument::Compact)));
        return f;
    }
    QStringList accepted;
    const QString wf = QStringLiteral("redis_fault");
    run.feedStarts(wf, o.beforeMs, o.startsPerSecond, f.startsBefore, accepted);

    redis.stop();
    proxy.dropAll();
    const qint64 downAt = proxy.nowMs();
    run.feedStarts(wf, o.downMs / 2, o.startsPerSecond, f.startsDuring, accepted);
    const QJsonObject down = redisStats(run);
    f.bridgeStateDown = down.value(QStringLiteral("state")).toString();
    f.bridgeBreakerDown = down.value(QStringLiteral("breaker")).toString();
    run.feedStarts(wf, o.downMs - o.downMs / 2, o.startsPerSecond, f.startsDuring, accepted);
    const qint64 upAt = proxy.nowMs();
    f.downSeconds = double(upAt - downAt) / 1000.0;
    // The first second belongs to the breaker's tripping; count from then on.
    f.attemptsWhileDown = FaultProxy::countBetween(proxy.accepted(), downAt, upAt);
    f.attemptsPerSecond = f.downSeconds > 0 ? f.attemptsWhileDown / f.downSeconds : 0;

    if (!redis.start()) {
        f.error = redis.errorString();
        return f;
    }
    proxy.setUpstreamPort(redis.port());
    QElapsedTimer back;
    back.start();
    if (waitForBridge(run, QStringLiteral("connected"), 30000))
        f.reconnectSeconds = double(back.elapsed()) / 1000.0;
    run.feedStarts(wf, o.afterMs, o.startsPerSecond, f.startsAfter, accepted);
    f.outages = redisStats(run).value(QStringLiteral("outages")).toInt();
    f.accepted = int(accepted.size());
    f.notEnded = int(run.waitForAll(accepted, 60000, &f.completed).size());
    f.processAlive = run.server().get(QStringLiteral("/healthz")).status == 200;
    run.server().terminate(20000);
    return f;
}

} // namespace orrery::test
