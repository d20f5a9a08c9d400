#include "FaultRun.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QThread>
#include <QUrl>

namespace orrery::test {

void FaultRun::Calls::add(int status, double ms, const QString &message)
{
    maxMs = qMax(maxMs, ms);
    if (status == 200) {
        ++ok;
        return;
    }
    status == 503 ? ++refused503 : ++other;
    if (firstRefusal.isEmpty())
        firstRefusal = QStringLiteral("%1 %2").arg(status).arg(message);
}

QString FaultRun::Calls::row() const
{
    return QStringLiteral("%1 ok, %2 refused with 503, %3 other, slowest %4 ms%5")
        .arg(ok).arg(refused503).arg(other).arg(maxMs, 0, 'f', 0)
        .arg(firstRefusal.isEmpty() ? QString() : QStringLiteral("; first refusal: ") + firstRefusal.left(200));
}

void FaultRun::feedStarts(const QString &name, int forMs, int perSecond, Calls &calls, QStringList &accepted)
{
    const int intervalMs = 1000 / qMax(1, perSecond);
    QElapsedTimer phase;
    phase.start();
    while (phase.elapsed() < forMs) {
        const Timed t = timed("POST", QStringLiteral("/api/workflow/") + name,
                              QJsonDocument(QJsonObject{{QStringLiteral("n"), ++m_counter}}).toJson(), 30000);
        calls.add(t.status, t.ms, t.message);
        if (t.status == 200)
            accepted << QString::fromUtf8(t.body).trimmed(); // the body is the workflow id
        QThread::msleep(ulong(qMax(0, intervalMs - int(t.ms))));
    }
}

int FaultRun::workflowsInStore()
{
    return m_server->get(QStringLiteral("/api/workflow/search?size=1")).json().object()
        .value(QStringLiteral("totalHits")).toInt(-1);
}

FaultRun::FaultRun(const QJsonObject &breakers, QStringList extraArgs, QString dataDir)
    : m_dataDir(std::move(dataDir)), m_breakers(breakers), m_args(std::move(extraArgs))
{
    if (m_dataDir.isEmpty()) {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_dataDir = m_tmp->path();
    }
}

bool FaultRun::start(QString *error)
{
    QFile config(m_dataDir + QStringLiteral("/recovery.json"));
    if (!config.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(config.fileName(), config.errorString());
        return false;
    }
    config.write(QJsonDocument(QJsonObject{{QStringLiteral("breakers"), QJsonObject{{QStringLiteral("breakers"), m_breakers}}}})
                     .toJson());
    config.close();
    m_server = std::make_unique<OrrerydProcess>(m_dataDir, QStringList{QStringLiteral("--no-demo")} + m_args);
    return m_server->start(error);
}

quint16 FaultRun::port() const
{
    return quint16(QUrl(m_server->baseUrl()).port());
}

bool FaultRun::defineOneTaskWorkflow(const QString &workflowName, QJsonObject def, const QJsonObject &input, QString *error)
{
    const QString taskName = def.value(QStringLiteral("name")).toString();
    auto r = m_server->postRaw(QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(QJsonArray{def}).toJson());
    if (r.status != 200) {
        *error = QStringLiteral("taskdefs: %1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
        return false;
    }
    const QJsonObject wf{{QStringLiteral("name"), workflowName},
                         {QStringLiteral("version"), 1},
                         {QStringLiteral("schemaVersion"), 2},
                         {QStringLiteral("tasks"), QJsonArray{QJsonObject{{QStringLiteral("name"), taskName},
                                                                           {QStringLiteral("taskReferenceName"), QStringLiteral("call")},
                                                                           {QStringLiteral("type"), QStringLiteral("SIMPLE")},
                                                                           {QStringLiteral("inputParameters"), input}}}}};
    r = m_server->post(QStringLiteral("/api/metadata/workflow"), wf);
    if (r.status != 200) {
        *error = QStringLiteral("workflow: %1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
        return false;
    }
    return true;
}

QString FaultRun::startWorkflow(const QString &name, const QJsonObject &input, int *status, int timeoutMs)
{
    const auto r = m_server->request("POST", QStringLiteral("/api/workflow/") + name, QJsonDocument(input).toJson(), true, timeoutMs);
    if (status)
        *status = r.status;
    return r.status == 200 ? QString::fromUtf8(r.body).trimmed() : QString();
}

QStringList FaultRun::waitForAll(const QStringList &ids, int timeoutMs, int *completed)
{
    QStringList pending = ids;
    *completed = 0;
    QDeadlineTimer deadline(timeoutMs);
    while (!pending.isEmpty()) {
        for (auto it = pending.begin(); it != pending.end();) {
            const QString status = m_server->get(QStringLiteral("/api/workflow/") + *it).json().object()
                                       .value(QStringLiteral("status")).toString();
            if (!status.isEmpty() && status != QLatin1String("RUNNING") && status != QLatin1String("PAUSED")) {
                if (status == QLatin1String("COMPLETED"))
                    ++*completed;
                it = pending.erase(it);
            } else {
                ++it;
            }
        }
        if (pending.isEmpty() || deadline.hasExpired())
            break;
        QThread::msleep(200);
    }
    return pending;
}

QJsonObject FaultRun::breaker(const QString &name)
{
    const QJsonArray all = m_server->get(QStringLiteral("/api/circuitbreaker/status")).json().object()
                               .value(QStringLiteral("breakers")).toArray();
    for (const QJsonValue &b : all)
        if (b.toObject().value(QStringLiteral("name")).toString() == name)
            return b.toObject();
    return {};
}

QString FaultRun::diagnostics()
{
    QString out = QString::fromUtf8(m_server->get(QStringLiteral("/api/circuitbreaker/status")).body.left(6000));
    QFile log(m_dataDir + QStringLiteral("/orreryd.log"));
    if (log.open(QIODevice::ReadOnly))
        out += QStringLiteral("\n--- orreryd.log (end) ---\n") + QString::fromUtf8(log.readAll().right(6000));
    return out;
}

FaultRun::Timed FaultRun::timed(const QByteArray &method, const QString &path, const QByteArray &body, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    const auto r = m_server->request(method, path, body, true, timeoutMs);
    Timed out;
    out.ms = double(t.nsecsElapsed()) / 1e6;
    out.status = r.status;
    out.body = r.body;
    out.message = r.json().object().value(QStringLiteral("message")).toString();
    if (out.message.isEmpty() && r.status != 200)
        out.message = QString::fromUtf8(r.body.left(300));
    return out;
}

} // namespace orrery::test
