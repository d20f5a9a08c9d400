#include "SoakClients.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTimer>

namespace orrery::bench {

SoakClients::SoakClients(QString scriptPath, QString nodeModules, QObject *parent)
    : QObject(parent), m_script(std::move(scriptPath)), m_nodeModules(std::move(nodeModules))
{
}

SoakClients::~SoakClients()
{
    stop();
}

bool SoakClients::start(const QString &url, int clients, int rooms, const QString &token, const QString &projectPrefix,
                        int processes, QString *error)
{
    if (!QFileInfo::exists(m_nodeModules + QStringLiteral("/socket.io-client"))) {
        *error = QStringLiteral("socket.io-client missing in %1: build the target orrery_rt_node_clients").arg(m_nodeModules);
        return false;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), m_nodeModules);
    int first = 0;
    for (int p = 0; p < processes; ++p) {
        const int n = clients / processes + (p < clients % processes ? 1 : 0);
        auto peer = std::make_unique<Peer>();
        peer->process = std::make_unique<QProcess>();
        peer->process->setProcessEnvironment(env);
        peer->process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        Peer *raw = peer.get();
        connect(raw->process.get(), &QProcess::readyReadStandardOutput, this, [this, raw] { onOutput(*raw); });
        raw->process->start(QStringLiteral("node"), {m_script, url, QString::number(n), QString::number(rooms), token,
                                                     QString::number(first), projectPrefix});
        first += n;
        m_peers.push_back(std::move(peer));
    }
    // Wait for every "ready" (or an "error", or an exit).
    QEventLoop loop;
    QTimer tick;
    connect(&tick, &QTimer::timeout, &loop, &QEventLoop::quit);
    tick.start(50);
    const QDeadlineTimer deadline(180000);
    for (;;) {
        int ready = 0;
        for (auto &peer : m_peers) {
            for (const QJsonObject &o : peer->lines) {
                const QString type = o.value(QLatin1String("type")).toString();
                if (type == QLatin1String("error")) {
                    *error = QStringLiteral("soak client: %1").arg(o.value(QLatin1String("message")).toString());
                    return false;
                }
                if (type == QLatin1String("ready")) {
                    ++ready;
                    m_version = o.value(QLatin1String("version")).toString() + QStringLiteral(" (node ")
                        + o.value(QLatin1String("node")).toString() + QLatin1Char(')');
                }
            }
            if (peer->process->state() == QProcess::NotRunning) {
                *error = QStringLiteral("a soak client process exited (%1)").arg(peer->process->exitCode());
                return false;
            }
        }
        if (ready == int(m_peers.size()))
            break;
        if (deadline.hasExpired()) {
            *error = QStringLiteral("the clients did not all connect within 180 s (%1 of %2 processes ready)").arg(ready).arg(m_peers.size());
            return false;
        }
        loop.exec();
    }
    for (auto &peer : m_peers)
        peer->lines.clear();
    return true;
}

void SoakClients::onOutput(Peer &peer)
{
    peer.partial += peer.process->readAllStandardOutput();
    qsizetype nl;
    while ((nl = peer.partial.indexOf('\n')) >= 0) {
        const QJsonObject o = QJsonDocument::fromJson(peer.partial.left(nl)).object();
        peer.partial.remove(0, nl + 1);
        if (o.value(QLatin1String("type")) == QLatin1String("report"))
            m_answers.push_back(o);
        else
            peer.lines.push_back(o);
    }
    finishReportIfComplete();
}

void SoakClients::requestReport(std::function<void(const Report &)> done)
{
    m_pending = std::move(done);
    m_answers.clear();
    const quint64 generation = ++m_generation;
    int alive = 0;
    for (auto &peer : m_peers) {
        if (peer->process->state() == QProcess::Running) {
            peer->process->write("{\"op\":\"report\"}\n");
            ++alive;
        }
    }
    // A process that died (or hangs) must not stall the bench: report what arrived within 10 s.
    QTimer::singleShot(10000, this, [this, generation] {
        if (!m_pending || generation != m_generation)
            return;
        Report r;
        auto cb = std::move(m_pending);
        m_pending = nullptr;
        r.complete = false;
        r.flagged << QStringLiteral("only %1 of %2 client processes answered").arg(m_answers.size()).arg(m_peers.size());
        cb(r);
    });
    if (alive == 0)
        finishReportIfComplete();
}

void SoakClients::finishReportIfComplete()
{
    if (!m_pending || m_answers.size() < m_peers.size())
        return;
    Report r;
    r.complete = true;
    for (const QJsonObject &o : m_answers) {
        auto n = [&o](const char *k) { return qint64(o.value(QLatin1String(k)).toDouble()); };
        r.delivered += n("delivered");
        r.heartbeats += n("heartbeats");
        r.tasksCompleted += n("tasksCompleted");
        r.workflowsCompleted += n("workflowsCompleted");
        r.gaps += n("gaps");
        r.missed += n("missed");
        r.disconnects += n("disconnects");
        r.reconnects += n("reconnects");
        r.connected += n("connected");
        r.pending += n("pending");
        for (const QJsonValue &b : o.value(QLatin1String("hist")).toArray())
            r.latencyMs[b.toArray().at(0).toInt()] += qint64(b.toArray().at(1).toDouble());
        for (const QJsonValue &f : o.value(QLatin1String("flagged")).toArray()) {
            const QJsonObject c = f.toObject();
            r.flagged << QStringLiteral("client %1: %2 gaps (%3 events missed), %4 disconnects%5")
                             .arg(c.value(QLatin1String("client")).toInt())
                             .arg(c.value(QLatin1String("gaps")).toInt())
                             .arg(qint64(c.value(QLatin1String("missed")).toDouble()))
                             .arg(c.value(QLatin1String("disconnects")).toInt())
                             .arg(c.value(QLatin1String("connected")).toBool() ? QString() : QStringLiteral(", down now"));
        }
    }
    m_answers.clear();
    auto cb = std::move(m_pending);
    m_pending = nullptr;
    cb(r);
}

void SoakClients::stop()
{
    for (auto &peer : m_peers) {
        QProcess *p = peer->process.get();
        if (p->state() == QProcess::NotRunning)
            continue;
        p->disconnect(this);
        p->write("{\"op\":\"exit\"}\n");
        p->closeWriteChannel();
        if (!p->waitForFinished(5000)) {
            p->kill();
            p->waitForFinished(5000);
        }
    }
    m_peers.clear();
}

} // namespace orrery::bench
