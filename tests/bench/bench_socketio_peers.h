#pragma once

#include "api/Principal.h"
#include "api/realtime/LatencyHistogram.h"
#include "api/realtime/RealtimeService.h"
#include "events/EventBus.h"

#include <QJsonObject>
#include <QProcess>
#include <memory>

namespace orrery {
class HttpServerHost;
}

namespace orrery::bench {

// What one load phase produced on the server side.
struct Emission
{
    qint64 emitted = 0;
    double seconds = 0;
};

// Part of the load: socket.io-client 4.x clients first..first+clients-1 in one node process
// (socketio/load_client.js).
class LoadClient
{
public:
    ~LoadClient();
    bool start(const QString &url, int first, int clients, int rooms, const QString &token, QString *error);
    void reset();
    QJsonObject report(); // {"delivered","gaps","disconnects","hist":[[10us bucket, count]...]}
    QString version() const { return m_version; }

private:
    QJsonObject waitLine(const QString &type, int timeoutMs);
    std::unique_ptr<QProcess> m_process;
    QByteArray m_partial;
    QString m_version;
};

// The whole load spread over several node processes (clients are separate programs in real
// life too); reports merged figures: {"delivered","gaps","disconnects","p50Ms","p95Ms","p99Ms","maxMs"}.
class LoadGroup
{
public:
    bool start(const QString &url, int clients, int rooms, const QString &token, int processes, QString *error);
    void reset();
    QJsonObject report();
    QString version() const;
    int processes() const { return int(m_clients.size()); }

private:
    std::vector<std::unique_ptr<LoadClient>> m_clients;
};

// A server under test: emits `rate` task_completed events per second into rooms r0..r<rooms-1>.
class Target
{
public:
    virtual ~Target() = default;
    virtual QString name() const = 0;
    virtual QString url() const = 0;
    virtual Emission run(int rate, double seconds, int rooms) = 0;
    virtual QJsonObject serverStats() { return {}; }
    // Called before and after a phase: server-side latency over the phase, when measured.
    virtual void beginPhase() {}
    virtual QJsonObject phaseLatency() { return {}; }
};

inline const QByteArray kBenchToken = "bench-token";

// The one token of the benchmark.
class BenchTokens final : public Authenticator
{
public:
    std::optional<Principal> authenticate(const QByteArray &secret) const override
    {
        if (secret == kBenchToken)
            return Principal{QStringLiteral("b"), QStringLiteral("bench"), Role::Viewer, {}};
        return std::nullopt;
    }
};

// Orrery's hub on its own API thread, fed by a publisher thread through the EventBus.
class OrreryTarget final : public Target
{
public:
    OrreryTarget();
    ~OrreryTarget() override;
    bool start(QString *error);
    QString name() const override { return QStringLiteral("orrery (Qt hub)"); }
    QString url() const override;
    Emission run(int rate, double seconds, int rooms) override;
    QJsonObject serverStats() override;
    void beginPhase() override;
    QJsonObject phaseLatency() override;

private:
    LatencyHistogram latencyNow();
    BenchTokens m_tokens;
    LatencyHistogram m_phaseStart;
    EventBus m_bus;
    std::unique_ptr<RealtimeService> m_service;
    std::unique_ptr<HttpServerHost> m_host;
    quint16 m_port = 0;
};

// python-socketio 5.x AsyncServer on aiohttp (socketio/py_server.py).
class PythonTarget final : public Target
{
public:
    ~PythonTarget() override;
    bool start(QString *error);
    QString name() const override { return QStringLiteral("python-socketio"); }
    QString url() const override { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    Emission run(int rate, double seconds, int rooms) override;

private:
    std::unique_ptr<QProcess> m_process;
    QByteArray m_partial;
    quint16 m_port = 0;
};

} // namespace orrery::bench
