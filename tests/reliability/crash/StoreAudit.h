#pragma once

#include "CampaignDefinitions.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>

namespace orrery::test {

// After the last restart and a clean stop: reads the store directly (SQLite file or PostgreSQL)
// and checks every promise of the crash campaign against the side effects the driver recorded.
class StoreAudit
{
public:
    struct Input
    {
        QString dbUrl;                        // sqlite:/path/orrery.db or postgresql://…
        const CampaignDefinitions *defs = nullptr;
        QString shellLog;                     // one "workflowId ref taskId correlationId" line per shell execution
        QHash<QString, int> httpByTask;       // taskId -> requests received
        QHash<QString, QString> httpExecution; // taskId -> "workflowId ref correlationId"
        QHash<int, QString> accepted;         // start n -> workflowId (answered 200)
        QSet<int> ambiguous;                  // starts cut off by a kill
        std::function<QString(int)> kindOfStart;
    };
    struct Report
    {
        int workflows = 0;        // campaign workflows in the store
        int jobWorkflows = 0;     // workflows started by the two jobs
        int taskRows = 0;         // task attempts of those workflows
        int refsChecked = 0;      // (workflow, ref) pairs checked
        qint64 executions = 0;    // side effects seen (shell lines + http requests)
        int reExecutedSameTask = 0; // extra executions of a taskId (re-delivered at a restart)
        int reExecutedLostTask = 0; // executions of a taskId the store does not know (its creation was not committed)
        int orphanExecutions = 0;   // tasks run for a workflow whose creation was never committed (its start was not acknowledged)
        int lost = 0;
        int doubled = 0;
        int ambiguousStarted = 0; // ambiguous starts that did create a workflow
        int ambiguousAbsent = 0;
        int dlqChecked = 0;
        int dlqUncommittedAttempts = 0; // attempts in DLQ entries that ran but that a kill took back from the store
        int jobFiresChecked = 0;   // job workflows mapped to their (job, scheduled instant)
        int jobRunsUnmapped = 0;   // job workflows whose run record retention already removed
        int jobRunsMissed = 0;     // run records MISSED (coalesced after downtime etc.)
        QStringList problems;
        QStringList reExecutions;  // samples, "kind/ref xN"
    };

    static Report run(const Input &in, QString *error);
};

} // namespace orrery::test
