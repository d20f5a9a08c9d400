#pragma once

#include <QJsonObject>
#include <QObject>
#include <QProcess>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace orrery::bench {

// The Socket.IO side of bench_soak: `clients` socket.io-client 4.x clients spread over a few node
// processes (soak/soak_client.js), subscribed to `rooms` projects of /tasks. requestReport() asks
// every process for its counters and calls back, on this thread, with them merged.
class SoakClients : public QObject
{
public:
    struct Report
    {
        bool complete = false; // every process answered
        qint64 delivered = 0, heartbeats = 0, tasksCompleted = 0, workflowsCompleted = 0;
        qint64 gaps = 0, missed = 0, disconnects = 0, reconnects = 0, connected = 0, pending = 0;
        std::map<int, qint64> latencyMs; // workflow_started -> workflow_completed (engine times), since the last report
        QStringList flagged;             // clients that got a gap, disconnected or are down
    };

    SoakClients(QString scriptPath, QString nodeModules, QObject *parent);
    ~SoakClients() override;

    // Blocks (with an event loop) until every client is connected and subscribed.
    bool start(const QString &url, int clients, int rooms, const QString &token, const QString &projectPrefix,
               int processes, QString *error);
    void requestReport(std::function<void(const Report &)> done);
    QString version() const { return m_version; }
    void stop();

private:
    struct Peer
    {
        std::unique_ptr<QProcess> process;
        QByteArray partial;
        std::vector<QJsonObject> lines;
    };
    void onOutput(Peer &peer);
    void finishReportIfComplete();

    QString m_script;
    QString m_nodeModules;
    std::vector<std::unique_ptr<Peer>> m_peers;
    std::function<void(const Report &)> m_pending;
    std::vector<QJsonObject> m_answers;
    quint64 m_generation = 0;
    QString m_version;
};

} // namespace orrery::bench
