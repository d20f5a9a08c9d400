#include "bench_socketio_peers.h"

#include "api/ApiRouter.h"
#include "api/HttpServerHost.h"
#include "api/realtime/SocketIoHub.h"
#include "events/MicroClock.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QThread>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

namespace orrery::bench {

namespace {

QJsonObject readLine(QProcess &p, QByteArray &partial, const QString &type, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        qsizetype nl;
        while ((nl = partial.indexOf('\n')) >= 0) {
            const QJsonObject o = QJsonDocument::fromJson(partial.left(nl)).object();
            partial.remove(0, nl + 1);
            if (o.value(QLatin1String("type")).toString() == type)
                return o;
            if (o.value(QLatin1String("type")) == QLatin1String("error")) {
                qWarning().noquote() << "peer error:" << o.value(QLatin1String("message")).toString();
                return {};
            }
        }
        if (p.state() == QProcess::NotRunning)
            return {};
        p.waitForReadyRead(int(std::clamp<qint64>(deadline.remainingTime(), 1, 100)));
        partial += p.readAllStandardOutput();
    }
    return {};
}

void stopProcess(QProcess *p)
{
    if (!p || p->state() == QProcess::NotRunning)
        return;
    p->write("{\"op\":\"exit\"}\n");
    p->closeWriteChannel();
    if (!p->waitForFinished(5000)) {
        p->kill();
        p->waitForFinished(5000);
    }
}

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

} // namespace

// ---------------------------------------------------------------- LoadClient

LoadClient::~LoadClient()
{
    stopProcess(m_process.get());
}

bool LoadClient::start(const QString &url, int first, int clients, int rooms, const QString &token, QString *error)
{
    const QString modules = QStringLiteral(ORRERY_BENCH_NODE_MODULES);
    if (!QFileInfo::exists(modules + QStringLiteral("/socket.io-client"))) {
        *error = QStringLiteral("socket.io-client missing in %1: build target orrery_rt_node_clients").arg(modules);
        return false;
    }
    m_process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), modules);
    m_process->setProcessEnvironment(env);
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QStringLiteral("node"),
                     {QStringLiteral(ORRERY_BENCH_SCRIPTS) + QStringLiteral("/load_client.js"), url, QStringLiteral("/tasks"),
                      QString::number(clients), QString::number(rooms), token, QString::number(first)});
    const QJsonObject ready = waitLine(QStringLiteral("ready"), 120000);
    if (ready.isEmpty()) {
        *error = QStringLiteral("the load client did not connect its clients");
        return false;
    }
    m_version = ready.value(QLatin1String("version")).toString() + QStringLiteral(" (node ")
        + ready.value(QLatin1String("node")).toString() + QLatin1Char(')');
    return ready.value(QLatin1String("clients")).toInt() == clients;
}

QJsonObject LoadClient::waitLine(const QString &type, int timeoutMs)
{
    return readLine(*m_process, m_partial, type, timeoutMs);
}

void LoadClient::reset()
{
    m_process->write("{\"op\":\"reset\"}\n");
    waitLine(QStringLiteral("reset"), 10000);
}

QJsonObject LoadClient::report()
{
    m_process->write("{\"op\":\"report\"}\n");
    return waitLine(QStringLiteral("report"), 60000);
}

// ---------------------------------------------------------------- LoadGroup

bool LoadGroup::start(const QString &url, int clients, int rooms, const QString &token, int processes, QString *error)
{
    int first = 0;
    for (int p = 0; p < processes; ++p) {
        const int n = clients / processes + (p < clients % processes ? 1 : 0);
        auto c = std::make_unique<LoadClient>();
        if (!c->start(url, first, n, rooms, token, error))
            return false;
        first += n;
        m_clients.push_back(std::move(c));
    }
    return true;
}

void LoadGroup::reset()
{
    for (auto &c : m_clients)
        c->reset();
}

QString LoadGroup::version() const
{
    return m_clients.empty() ? QString() : m_clients.front()->version();
}

QJsonObject LoadGroup::report()
{
    std::map<qint64, qint64> hist; // 10 us buckets
    double delivered = 0, gaps = 0, disconnects = 0;
    for (auto &c : m_clients) {
        const QJsonObject r = c->report();
        if (r.isEmpty())
            return {};
        delivered += r.value(QLatin1String("delivered")).toDouble();
        gaps += r.value(QLatin1String("gaps")).toDouble();
        disconnects += r.value(QLatin1String("disconnects")).toDouble();
        for (const QJsonValue &v : r.value(QLatin1String("hist")).toArray())
            hist[qint64(v.toArray().at(0).toDouble())] += qint64(v.toArray().at(1).toDouble());
    }
    auto percentileMs = [&](double p) {
        const qint64 rank = std::max<qint64>(1, qint64(std::ceil(p * delivered)));
        qint64 seen = 0;
        for (const auto &[bucket, n] : hist) {
            seen += n;
            if (seen >= rank)
                return (bucket + 1) * 10 / 1000.0; // the bucket's upper bound
        }
        return 0.0;
    };
    return QJsonObject{{QStringLiteral("delivered"), delivered},
                       {QStringLiteral("gaps"), gaps},
                       {QStringLiteral("disconnects"), disconnects},
                       {QStringLiteral("p50Ms"), percentileMs(0.50)},
                       {QStringLiteral("p95Ms"), percentileMs(0.95)},
                       {QStringLiteral("p99Ms"), percentileMs(0.99)},
                       {QStringLiteral("maxMs"), hist.empty() ? 0.0 : (hist.rbegin()->first + 1) * 10 / 1000.0}};
}

// ---------------------------------------------------------------- Orrery

OrreryTarget::OrreryTarget() = default;

OrreryTarget::~OrreryTarget()
{
    if (m_host)
        m_host->stop();
}

bool OrreryTarget::start(QString *error)
{
    HubSettings settings;
    settings.maxConnections = 5000;
    m_service = std::make_unique<RealtimeService>(settings, &m_tokens, &m_bus);
    RealtimeService *service = m_service.get();
    m_host = std::make_unique<HttpServerHost>(HttpSettings{}, &m_tokens, [service](ApiRouter &r) { service->registerRoutes(r); });
    auto port = m_host->start(QHostAddress::LocalHost, 0);
    if (!port.ok()) {
        *error = port.error().message;
        return false;
    }
    m_port = port.value();
    return true;
}

QString OrreryTarget::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

Emission OrreryTarget::run(int rate, double seconds, int rooms)
{
    // A publisher thread, paced on an absolute schedule (no drift), as the engine would raise
    // events: each one a typical task payload, stamped with its creation time.
    Emission e;
    std::thread publisher([&] {
        using clock = std::chrono::steady_clock;
        const auto start = clock::now();
        const qint64 total = qint64(rate * seconds);
        const MicroClock &micro = m_bus.microClock();
        while (e.emitted < total) {
            const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
            const qint64 due = std::min<qint64>(total, qint64(elapsed * rate) + 1);
            for (; e.emitted < due; ++e.emitted) {
                const qint64 n = e.emitted;
                const qint64 now = micro.nowUs();
                const QJsonObject payload{{QStringLiteral("taskId"), QStringLiteral("00000000-0000-0000-0000-%1").arg(n, 12, 10, QLatin1Char('0'))},
                                          {QStringLiteral("workflowId"), QStringLiteral("00000000-0000-0000-0000-00000000beef")},
                                          {QStringLiteral("workflowType"), QStringLiteral("bench_flow")},
                                          {QStringLiteral("taskType"), QStringLiteral("bench_task")},
                                          {QStringLiteral("referenceTaskName"), QStringLiteral("step_1")},
                                          {QStringLiteral("status"), QStringLiteral("COMPLETED")},
                                          {QStringLiteral("retryCount"), 0},
                                          {QStringLiteral("workerId"), QStringLiteral("bench-worker-1")},
                                          {QStringLiteral("seq"), double(n)},
                                          {QStringLiteral("t_us"), double(now)}};
                m_bus.publish(Event::create(EventType::TaskCompleted, QStringLiteral("r%1").arg(n % rooms), now / 1000,
                                            payload, now));
            }
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        e.seconds = std::chrono::duration<double>(clock::now() - start).count();
    });
    publisher.join();
    return e;
}

QJsonObject OrreryTarget::serverStats()
{
    QJsonObject stats;
    SocketIoHub *hub = m_service->hub();
    QMetaObject::invokeMethod(hub, [&] { stats = hub->stats(std::nullopt); }, Qt::BlockingQueuedConnection);
    return stats;
}

LatencyHistogram OrreryTarget::latencyNow()
{
    LatencyHistogram h;
    SocketIoHub *hub = m_service->hub();
    QMetaObject::invokeMethod(hub, [&] { h = hub->hubStats().latencySinceStart(); }, Qt::BlockingQueuedConnection);
    return h;
}

void OrreryTarget::beginPhase()
{
    m_phaseStart = latencyNow();
}

QJsonObject OrreryTarget::phaseLatency()
{
    const LatencyHistogram d = latencyNow().since(m_phaseStart);
    return QJsonObject{{QStringLiteral("samples"), double(d.count())},
                       {QStringLiteral("p50"), d.percentileUs(0.50) / 1000.0},
                       {QStringLiteral("p95"), d.percentileUs(0.95) / 1000.0},
                       {QStringLiteral("p99"), d.percentileUs(0.99) / 1000.0}};
}

// ---------------------------------------------------------------- python-socketio

PythonTarget::~PythonTarget()
{
    stopProcess(m_process.get());
}

bool PythonTarget::start(QString *error)
{
    m_port = freePort();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(ORRERY_BENCH_SCRIPTS) + QStringLiteral("/py_server.py"), QString::number(m_port),
                      QString::fromLatin1(kBenchToken)});
    if (readLine(*m_process, m_partial, QStringLiteral("listening"), 30000).isEmpty()) {
        *error = QStringLiteral("python-socketio server did not start (needs python3-socketio, python3-aiohttp)");
        return false;
    }
    return true;
}

Emission PythonTarget::run(int rate, double seconds, int rooms)
{
    const QJsonObject cmd{{QStringLiteral("op"), QStringLiteral("run")},
                          {QStringLiteral("rate"), rate},
                          {QStringLiteral("seconds"), seconds},
                          {QStringLiteral("rooms"), rooms}};
    m_process->write(QJsonDocument(cmd).toJson(QJsonDocument::Compact) + '\n');
    const QJsonObject done = readLine(*m_process, m_partial, QStringLiteral("done"), int(seconds * 1000) + 600000);
    return Emission{qint64(done.value(QLatin1String("emitted")).toDouble()), done.value(QLatin1String("seconds")).toDouble()};
}

} // namespace orrery::bench
