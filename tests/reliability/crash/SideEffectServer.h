#pragma once

#include "support/StubHttpServer.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>

namespace orrery::test {

// The HTTP endpoint the campaign's `http` tasks call, on a thread of its own so it answers while
// the driver waits or restarts orreryd. Each request names its execution in the query string
// (`?w=<workflowId>&r=<ref>&t=<taskId>&c=<correlationId>`) and is counted per taskId:
//   /ok     200
//   /flaky  500 for the first two requests of a (workflow, ref), then 200 (retries happen)
//   /dead   500 always (the task fails for good into the DLQ)
class SideEffectServer
{
public:
    SideEffectServer();
    ~SideEffectServer();
    SideEffectServer(const SideEffectServer &) = delete;
    SideEffectServer &operator=(const SideEffectServer &) = delete;

    bool start(QString *error) { return m_server.start(error); }
    quint16 port() const { return m_server.port(); }

    // taskId -> requests received for it.
    QHash<QString, int> requestsByTask() const;
    // taskId -> "workflowId ref correlationId" of its requests.
    QHash<QString, QString> executionOf() const;
    qint64 totalRequests() const { return m_total.load(); }
    qint64 lastRequestEpochMs() const { return m_lastMs.load(); }

private:
    StubHttpServer::Reply answer(const StubHttpServer::Request &request);
    int record(const QString &path, const QString &wf, const QString &ref, const QString &task, const QString &correlation);

    mutable QMutex m_mutex;
    QHash<QString, int> m_byTask;
    QHash<QString, QString> m_execution;
    QHash<QString, int> m_byRef; // "workflowId ref" -> requests (the flaky path's state)
    std::atomic<qint64> m_total{0};
    std::atomic<qint64> m_lastMs{0};
    StubHttpServer m_server; // last: its thread stops before the state it records into goes
};

} // namespace orrery::test
