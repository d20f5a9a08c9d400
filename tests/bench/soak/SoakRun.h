#pragma once

#include "SoakClients.h"
#include "SoakVerdict.h"

#include <QElapsedTimer>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace orrery::test {
class OrrerydProcess;
}

namespace orrery::bench {

class SoakProbe;
class SoakStarter;

// One soak run of bench_soak: a real orreryd on a fresh SQLite data directory with retention
// configured, an open-loop REST load of noop workflows, Socket.IO clients on the hub, a table
// row every sample and the verdict at the end (docs/reliability-soak.md).
class SoakRun
{
public:
    struct Options
    {
        double minutes = 60;
        double tasksPerSecond = 2000;
        int tasksPerWorkflow = 4;
        int clients = 200;
        int rooms = 100;
        int clientProcesses = 2;
        double sampleSeconds = 60;
        int retentionSeconds = 300;
        int cleanupSeconds = 60;
        int dlqTtlSeconds = 600;
        int dlqMaxEntries = 10000;
        QString dataDir; // empty: a temporary directory, removed at the end
        QString clientScript;
        QString nodeModules;
    };

    explicit SoakRun(Options o);
    ~SoakRun();
    // 0: every check passed; 1: a check failed; 2: the run could not be set up.
    int exec();

private:
    bool setUp(QString *error);
    bool configureRetention(QString *error);
    void scheduleNextSample();
    void sample(bool final);
    void printHeader() const;
    void finish();

    Options m_o;
    std::unique_ptr<test::OrrerydProcess> m_orreryd;
    std::unique_ptr<SoakClients> m_clients;
    std::unique_ptr<SoakStarter> m_starter;
    std::unique_ptr<SoakProbe> m_probe;
    QString m_dataDir;
    std::vector<SoakSample> m_samples;
    qint64 m_lastCpuTicks = 0;
    qint64 m_lastDelivered = 0;
    qint64 m_lastTasks = 0;
    double m_lastElapsed = 0;
    QElapsedTimer m_runClock;
    double m_nextSampleAt = 0;
    qint64 m_lastGaps = 0, m_lastDisconnects = 0;
    std::map<int, qint64> m_startLatencyAll, m_workflowLatencyAll; // after warm-up
    int m_exitCode = 0;
};

} // namespace orrery::bench
