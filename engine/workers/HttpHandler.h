#pragma once

#include "workers/HandlerContext.h"
#include "workers/TaskHandler.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QPointer>
#include <memory>

class QTimer;

namespace orrery {

// Built-in "http": one request through the pool's QNetworkAccessManager. Input: method, url,
// headers, body, connectTimeoutMs, readTimeoutMs, maxBodyBytes, followRedirects.
// See docs/task-types.md.
class HttpHandler final : public TaskHandler
{
public:
    static constexpr int kDefaultConnectTimeoutMs = 3000;
    static constexpr int kDefaultReadTimeoutMs = 10000;
    static constexpr qint64 kDefaultMaxBodyBytes = 1024 * 1024;

    explicit HttpHandler(const HandlerContext &context);
    ~HttpHandler() override;

    void start(const TaskAssignment &task, Done done) override;
    void cancel() override;

private:
    enum class Phase { Connecting, Reading };

    void onReadyRead();
    void onFinished();
    void onTimeout();
    void enterReading();
    void finish(TaskOutcome outcome);
    QJsonObject responseOutput(int status) const;
    void abortReply();

    HandlerContext m_context;
    Done m_done;
    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<QTimer> m_timer;
    QByteArray m_body;
    QString m_method;
    QString m_url;
    qint64 m_maxBodyBytes = kDefaultMaxBodyBytes;
    qint64 m_startedMs = 0;
    int m_connectTimeoutMs = kDefaultConnectTimeoutMs;
    int m_readTimeoutMs = kDefaultReadTimeoutMs;
    Phase m_phase = Phase::Connecting;
    bool m_bodyTruncated = false;
    bool m_timedOut = false;
    bool m_finished = false;
};

} // namespace orrery
