#pragma once

#include "OrrerydProcess.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace orrery::test {

// What every dependency-fault scenario shares: an orreryd with a recovery.json of breakers, a
// one-task workflow definition, starting workflows and waiting for all of them to end, reading
// a breaker, and timing one API call.
class FaultRun
{
public:
    struct Timed
    {
        int status = 0;
        double ms = 0;
        QString message; // the error body's message
        QByteArray body;
    };

    // Tally of workflow starts in one phase of a scenario.
    struct Calls
    {
        int ok = 0, refused503 = 0, other = 0;
        double maxMs = 0;
        QString firstRefusal; // status and message of the first refusal
        void add(int status, double ms, const QString &message);
        QString row() const;
    };

    // `breakers`: recovery.json's "breakers" object; `dataDir` empty = a temporary directory.
    FaultRun(const QJsonObject &breakers, QStringList extraArgs, QString dataDir = {});
    bool start(QString *error);
    OrrerydProcess &server() { return *m_server; }
    quint16 port() const;
    QString dataDir() const { return m_dataDir; }

    // Registers task `taskName` (retries as in `def`) and workflow `workflowName` running it once
    // with `input` as its inputParameters.
    bool defineOneTaskWorkflow(const QString &workflowName, QJsonObject def, const QJsonObject &input, QString *error);
    // POST /api/workflow/<name> with `input`: the id, or empty (then *status says why).
    QString startWorkflow(const QString &name, const QJsonObject &input, int *status = nullptr, int timeoutMs = 15000);
    // Polls until every workflow is terminal or the timeout passes; returns the ones still running
    // and counts the COMPLETED ones in *completed.
    QStringList waitForAll(const QStringList &ids, int timeoutMs, int *completed);
    // GET /api/circuitbreaker/status: the breaker called `name` (empty object if not listed).
    QJsonObject breaker(const QString &name);
    // Starts workflow `name` (input {"n": <counter>}) `perSecond` times a second for `forMs`,
    // tallying the answers in `calls` and collecting the accepted ids.
    void feedStarts(const QString &name, int forMs, int perSecond, Calls &calls, QStringList &accepted);
    // GET /api/workflow/search: how many executions the store holds.
    int workflowsInStore();
    // The breakers and the last lines of orreryd's log, for a failure message.
    QString diagnostics();
    Timed timed(const QByteArray &method, const QString &path, const QByteArray &body = {}, int timeoutMs = 30000);

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    QJsonObject m_breakers;
    QStringList m_args;
    std::unique_ptr<OrrerydProcess> m_server;
    int m_counter = 0;
};

} // namespace orrery::test
