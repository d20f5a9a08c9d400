#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QString>
#include <memory>

namespace orrery::test {

// An orreryd child process on a free loopback port with its own data directory, and a small
// synchronous HTTP client for it.
class OrrerydProcess
{
public:
    struct Response
    {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
        QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    };

    explicit OrrerydProcess(QString dataDir, QStringList extraArgs = {});
    ~OrrerydProcess();

    static QString binaryPath();

    // Starts the process and waits (up to timeoutMs) until it prints its URL. Returns false with a reason.
    bool start(QString *error, int timeoutMs = 30000);
    void kill();                 // SIGKILL
    int terminate(int timeoutMs); // SIGTERM; returns the exit code (-1 on timeout)
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    QString baseUrl() const { return m_baseUrl; }
    QByteArray token() const { return m_token; }
    QByteArray output() const { return m_output; }

    Response request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                     bool authenticated = true, int timeoutMs = 15000);
    Response get(const QString &path) { return request("GET", path); }
    Response post(const QString &path, const QJsonObject &o) { return request("POST", path, QJsonDocument(o).toJson()); }
    Response postRaw(const QString &path, const QByteArray &body) { return request("POST", path, body); }
    // Polls GET /api/workflow/{id} until its status is terminal or the timeout passes.
    QJsonObject waitForWorkflow(const QString &id, int timeoutMs);

private:
    QString m_dataDir;
    QStringList m_extraArgs;
    std::unique_ptr<QProcess> m_process;
    QNetworkAccessManager m_nam;
    QString m_baseUrl;
    QByteArray m_token;
    QByteArray m_output;
};

} // namespace orrery::test
