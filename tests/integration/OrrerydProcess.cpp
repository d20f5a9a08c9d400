#include "OrrerydProcess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>

#include <csignal>

namespace orrery::test {

OrrerydProcess::OrrerydProcess(QString dataDir, QStringList extraArgs)
    : m_dataDir(std::move(dataDir)), m_extraArgs(std::move(extraArgs))
{
}

OrrerydProcess::~OrrerydProcess() { kill(); }

QString OrrerydProcess::binaryPath()
{
    return qEnvironmentVariable("ORRERY_TEST_BINARY_DIR") + QStringLiteral("/app/orreryd/orreryd");
}

bool OrrerydProcess::start(QString *error, int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(binaryPath());
    m_process->setArguments(QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                        QStringLiteral("--data-dir"), m_dataDir,
                                        QStringLiteral("--log-file"), QDir(m_dataDir).filePath(QStringLiteral("orreryd.log"))}
                            + m_extraArgs);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start();
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(binaryPath(), m_process->errorString());
        return false;
    }
    static const QRegularExpression url(QStringLiteral("serving on (http://[0-9.]+:[0-9]+)"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        m_process->waitForReadyRead(100);
        m_output += m_process->readAllStandardOutput();
        const auto m = url.match(QString::fromUtf8(m_output));
        if (m.hasMatch()) {
            m_baseUrl = m.captured(1);
            QFile tokenFile(QDir(m_dataDir).filePath(QStringLiteral("admin-token")));
            if (!tokenFile.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("no admin token file");
                return false;
            }
            m_token = tokenFile.readAll().trimmed();
            return true;
        }
        if (m_process->state() == QProcess::NotRunning) {
            *error = QStringLiteral("orreryd exited (%1): %2 %3")
                         .arg(m_process->exitCode())
                         .arg(QString::fromUtf8(m_output), QString::fromUtf8(m_process->readAllStandardError()));
            return false;
        }
    }
    *error = QStringLiteral("orreryd did not print its URL within %1 s: %2").arg(timeoutMs / 1000).arg(QString::fromUtf8(m_output));
    return false;
}

void OrrerydProcess::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_process->processId()), SIGKILL);
        m_process->waitForFinished(10000);
    }
}

int OrrerydProcess::terminate(int timeoutMs)
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return m_process ? m_process->exitCode() : -1;
    ::kill(pid_t(m_process->processId()), SIGTERM);
    if (!m_process->waitForFinished(timeoutMs))
        return -1;
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

OrrerydProcess::Response OrrerydProcess::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                                 bool authenticated, int timeoutMs)
{
    QNetworkRequest req(QUrl(m_baseUrl + path));
    if (authenticated)
        req.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    Response r;
    if (!reply->isFinished()) {
        reply->abort();
    } else {
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    }
    reply->deleteLater();
    return r;
}

QJsonObject OrrerydProcess::waitForWorkflow(const QString &id, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QJsonObject wf;
    while (!deadline.hasExpired()) {
        const Response r = get(QStringLiteral("/api/workflow/") + id);
        wf = r.json().object();
        const QString status = wf.value(QStringLiteral("status")).toString();
        if (r.status == 200 && status != QLatin1String("RUNNING") && status != QLatin1String("PAUSED"))
            return wf;
        QThread::msleep(50);
    }
    return wf;
}

} // namespace orrery::test
