#pragma once

#include "CampaignDefinitions.h"
#include "SideEffectServer.h"
#include "StoreAudit.h"

#include "integration/OrrerydProcess.h"

#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <random>

namespace orrery::test {

// The crash campaign: a real orreryd runs a mix of shell, http and noop workflows (retries, DLQ)
// and two scheduled jobs while it is SIGKILLed K times at seeded random moments and restarted on
// the same store; then the store is audited (StoreAudit) and a table of figures printed.
class CrashCampaign
{
public:
    struct Options
    {
        QString backend = QStringLiteral("sqlite"); // sqlite or postgres
        int workflows = 1500;
        int kills = 10;
        quint64 seed = 0;
        int meanGapMs = 2500;     // mean time between a restart and the next kill
        double startRate = 0;     // workflows/s while orreryd is up; 0 = spread over the kills
        int jobIntervalMs = 2000;
        int localConcurrency = 8;
        int quiesceTimeoutS = 240;
        bool keepDir = false;
    };
    enum Outcome { Passed = 0, Failed = 1, Skipped = 77 };

    explicit CrashCampaign(Options o);
    Outcome run();

private:
    bool startServer(QString *error);
    bool registerDefinitions(QString *error);
    void runFor(int ms, bool measureRecovery);
    bool waitForQuiescence();
    void printReport(const StoreAudit::Report &rep, qint64 totalMs) const;

    Options m_o;
    std::mt19937_64 m_rng;
    QTemporaryDir m_dir;
    QString m_shellLog;
    QString m_dbUrl;
    QStringList m_extraArgs;
    SideEffectServer m_http;
    std::unique_ptr<CampaignDefinitions> m_defs;
    std::unique_ptr<OrrerydProcess> m_server;
    qint64 m_launchEpochMs = 0;
    bool m_recoveryMeasured = true;
    QList<qint64> m_readyMs;    // launch -> serving, per restart
    QList<qint64> m_recoverMs;  // launch -> the first task side effect, per restart that saw one
    int m_kills = 0;
    int m_killsInRecovery = 0;
};

} // namespace orrery::test
