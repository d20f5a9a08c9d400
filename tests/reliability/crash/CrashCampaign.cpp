#include "CrashCampaign.h"

#include "WorkflowStarter.h"
#include "support/PgTestServer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>

namespace orrery::test {

namespace {

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

qint64 percentile(QList<qint64> v, double p)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size() - 1) + 0.5)));
}

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

CrashCampaign::CrashCampaign(Options o) : m_o(std::move(o)), m_rng(m_o.seed)
{
    m_dir.setAutoRemove(!m_o.keepDir);
    m_shellLog = m_dir.filePath(QStringLiteral("shell-executions.log"));
}

bool CrashCampaign::startServer(QString *error)
{
    m_launchEpochMs = QDateTime::currentMSecsSinceEpoch();
    m_server = std::make_unique<OrrerydProcess>(m_dir.filePath(QStringLiteral("data")), m_extraArgs);
    if (!m_server->start(error))
        return false;
    m_readyMs.append(QDateTime::currentMSecsSinceEpoch() - m_launchEpochMs);
    return true;
}

bool CrashCampaign::registerDefinitions(QString *error)
{
    auto r = m_server->postRaw(QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(m_defs->taskDefs()).toJson());
    if (r.status != 200) {
        *error = QStringLiteral("task definitions refused (%1): %2").arg(r.status).arg(QString::fromUtf8(r.body));
        return false;
    }
    for (const QJsonObject &def : m_defs->workflowDefs()) {
        r = m_server->post(QStringLiteral("/api/metadata/workflow"), def);
        if (r.status != 200) {
            *error = QStringLiteral("workflow %1 refused (%2): %3").arg(def.value(QStringLiteral("name")).toString()).arg(r.status).arg(QString::fromUtf8(r.body));
            return false;
        }
    }
    for (const QJsonObject &job : m_defs->jobs(m_o.jobIntervalMs)) {
        r = m_server->post(QStringLiteral("/api/scheduler/jobs"), job);
        if (r.status != 200) {
            *error = QStringLiteral("job %1 refused (%2): %3").arg(job.value(QStringLiteral("id")).toString()).arg(r.status).arg(QString::fromUtf8(r.body));
            return false;
        }
    }
    return true;
}

// Lets the event loop run (the starter sends, orreryd works) for `ms`; with measureRecovery, notes
// when the first side effect after the last launch arrives (an http request or a shell line).
void CrashCampaign::runFor(int ms, bool measureRecovery)
{
    const qint64 httpBefore = m_http.totalRequests();
    const qint64 shellBefore = QFileInfo(m_shellLog).size();
    QElapsedTimer t;
    t.start();
    bool seen = !measureRecovery || m_recoveryMeasured;
    while (t.elapsed() < ms) {
        spin(std::min<int>(10, int(ms - t.elapsed()) + 1));
        if (!seen && (m_http.totalRequests() > httpBefore || QFileInfo(m_shellLog).size() > shellBefore)) {
            m_recoverMs.append(QDateTime::currentMSecsSinceEpoch() - m_launchEpochMs);
            seen = m_recoveryMeasured = true;
        }
    }
}

bool CrashCampaign::waitForQuiescence()
{
    QUrl probe(QStringLiteral("/api/workflow/search"));
    probe.setQuery(QUrlQuery{{QStringLiteral("query"), QStringLiteral("status IN (RUNNING, PAUSED)")},
                             {QStringLiteral("size"), QStringLiteral("5")}});
    const QString path = probe.toString(QUrl::FullyEncoded);
    QElapsedTimer t;
    t.start();
    int quietRounds = 0;
    qint64 lastEffects = -1;
    while (t.elapsed() < qint64(m_o.quiesceTimeoutS) * 1000) {
        const auto r = m_server->get(path);
        const qint64 effects = m_http.totalRequests() + QFileInfo(m_shellLog).size();
        const bool idle = r.status == 200 && r.json().object().value(QStringLiteral("totalHits")).toInt(-1) == 0 && effects == lastEffects;
        lastEffects = effects;
        quietRounds = idle ? quietRounds + 1 : 0;
        if (quietRounds >= 3)
            return true;
        spin(500);
    }
    const auto r = m_server->get(path);
    say(QStringLiteral("not quiescent after %1 s: %2").arg(m_o.quiesceTimeoutS).arg(QString::fromUtf8(r.body.left(2000))));
    return false;
}

CrashCampaign::Outcome CrashCampaign::run()
{
    QElapsedTimer total;
    total.start();
    say(QStringLiteral("crash campaign: backend %1, %2 workflows, %3 kills, seed %4 (rerun: --seed %4)")
            .arg(m_o.backend).arg(m_o.workflows).arg(m_o.kills).arg(m_o.seed));
    if (!m_dir.isValid()) {
        say(QStringLiteral("FAIL: no temporary directory"));
        return Failed;
    }
    if (m_o.keepDir)
        say(QStringLiteral("data kept in %1").arg(m_dir.path()));
    QString error;
    if (!m_http.start(&error)) {
        say(QStringLiteral("FAIL: ") + error);
        return Failed;
    }
    m_defs = std::make_unique<CampaignDefinitions>(m_http.port(), m_shellLog);

    std::unique_ptr<PgTestServer> pg;
    const QString dataDir = m_dir.filePath(QStringLiteral("data"));
    QDir().mkpath(dataDir);
    if (m_o.backend == QLatin1String("postgres")) {
        pg = std::make_unique<PgTestServer>();
        const auto status = pg->start();
        if (status == PgTestServer::Status::Unavailable) {
            say(QStringLiteral("SKIP: PostgreSQL not available: ") + pg->errorString());
            return Skipped;
        }
        if (status == PgTestServer::Status::Broken || (m_dbUrl = pg->createDatabase()).isEmpty()) {
            say(QStringLiteral("FAIL: PostgreSQL: ") + pg->errorString());
            return Failed;
        }
    } else {
        m_dbUrl = QStringLiteral("sqlite:") + QDir(dataDir).filePath(QStringLiteral("orrery.db"));
    }
    m_extraArgs = {QStringLiteral("--db"), m_dbUrl, QStringLiteral("--no-demo"), QStringLiteral("--log-level"), QStringLiteral("warning"),
                   QStringLiteral("--local-concurrency"), QString::number(m_o.localConcurrency), QStringLiteral("--rate-limit"), QStringLiteral("0")};
    // Breakers of the flaky endpoint reopen quickly, so that a trip delays http tasks by a second, not a minute.
    QFile recovery(QDir(dataDir).filePath(QStringLiteral("recovery.json")));
    if (!recovery.open(QIODevice::WriteOnly)
        || recovery.write(R"({"breakers":{"default":{"failureThreshold":5,"resetTimeoutSeconds":1}}})") < 0) {
        say(QStringLiteral("FAIL: cannot write recovery.json"));
        return Failed;
    }
    recovery.close();

    if (!startServer(&error) || !registerDefinitions(&error)) {
        say(QStringLiteral("FAIL: ") + error);
        return Failed;
    }
    m_readyMs.clear(); // the first start is not a restart

    const double rate = m_o.startRate > 0 ? m_o.startRate
                                          : std::max(1.0, double(m_o.workflows) * 1000.0 / (double(m_o.kills + 1) * m_o.meanGapMs * 0.8));
    const CampaignDefinitions *defs = m_defs.get();
    WorkflowStarter starter(m_o.workflows, rate, [defs](int n) { return defs->kindForStart(n); }, nullptr);
    say(QStringLiteral("starting workflows at %1/s while orreryd is up").arg(rate, 0, 'f', 1));

    std::uniform_int_distribution<int> gap(300, std::max(301, 2 * m_o.meanGapMs - 300));
    std::uniform_int_distribution<int> soon(0, 150);
    std::uniform_int_distribution<int> coin(0, 99);
    for (int k = 1; k <= m_o.kills; ++k) {
        starter.attach(m_server->baseUrl(), m_server->token());
        // One kill in seven lands in the first 150 ms after the restart (during recovery).
        const bool early = k > 1 && coin(m_rng) < 15;
        const int wait = early ? soon(m_rng) : gap(m_rng);
        runFor(wait, true);
        starter.detach();
        m_server->kill();
        ++m_kills;
        m_killsInRecovery += early;
        if (k % 5 == 0 || k == m_o.kills)
            say(QStringLiteral("kill %1/%2 after %3 ms up; %4 starts issued, %5 accepted, http requests %6")
                    .arg(k).arg(m_o.kills).arg(wait).arg(starter.issued()).arg(starter.accepted().size()).arg(m_http.totalRequests()));
        m_recoveryMeasured = false;
        if (!startServer(&error)) {
            say(QStringLiteral("FAIL: restart %1: %2").arg(k).arg(error));
            return Failed;
        }
    }

    // The last run: finish the starts, stop the jobs, let everything end.
    starter.attach(m_server->baseUrl(), m_server->token());
    QElapsedTimer startsDone;
    startsDone.start();
    while (!starter.finished() && startsDone.elapsed() < 600'000)
        runFor(100, true);
    starter.detach();
    runFor(std::max(0, 3 * m_o.jobIntervalMs), true); // jobs keep firing for a while after the last restart
    for (const QString &job : CampaignDefinitions::jobIds()) {
        const auto r = m_server->post(QStringLiteral("/api/scheduler/jobs/%1/pause").arg(job), QJsonObject{});
        if (r.status != 200)
            say(QStringLiteral("pausing job %1: HTTP %2 %3").arg(job).arg(r.status).arg(QString::fromUtf8(r.body)));
    }
    const bool quiet = waitForQuiescence();
    const int exitCode = m_server->terminate(60000);

    StoreAudit::Input in;
    in.dbUrl = m_dbUrl;
    in.defs = m_defs.get();
    in.shellLog = m_shellLog;
    in.httpByTask = m_http.requestsByTask();
    in.httpExecution = m_http.executionOf();
    in.accepted = starter.accepted();
    in.ambiguous = starter.ambiguous();
    in.kindOfStart = [defs](int n) { return defs->kindForStart(n); };
    StoreAudit::Report rep = StoreAudit::run(in, &error);
    if (!error.isEmpty()) {
        say(QStringLiteral("FAIL: audit: ") + error);
        return Failed;
    }
    for (const QString &refusal : starter.refusals())
        rep.problems.append(refusal);
    if (!quiet)
        rep.problems.append(QStringLiteral("the workflows did not all end within %1 s of the last restart").arg(m_o.quiesceTimeoutS));
    if (exitCode != 0)
        rep.problems.append(QStringLiteral("orreryd did not stop cleanly at the end (exit %1)").arg(exitCode));
    if (starter.accepted().isEmpty() || rep.dlqChecked == 0 || rep.jobFiresChecked == 0 || rep.executions == 0)
        rep.problems.append(QStringLiteral("the campaign exercised too little (accepted %1, DLQ %2, job fires %3, executions %4)")
                                .arg(starter.accepted().size()).arg(rep.dlqChecked).arg(rep.jobFiresChecked).arg(rep.executions));
    printReport(rep, total.elapsed());
    return rep.problems.isEmpty() ? Passed : Failed;
}

void CrashCampaign::printReport(const StoreAudit::Report &rep, qint64 totalMs) const
{
    const auto row = [](const char *name, const QString &value) { say(QStringLiteral("| %1 | %2 |").arg(QString::fromLatin1(name), -48).arg(value, 12)); };
    const auto num = [](qint64 v) { return QString::number(v); };
    say(QStringLiteral("\n| %1 | %2 |").arg(QStringLiteral("crash campaign (%1, seed %2)").arg(m_o.backend).arg(m_o.seed), -48).arg(QString(), 12));
    say(QStringLiteral("|%1|%2|").arg(QString(50, u'-'), QString(14, u'-')));
    row("kills (SIGKILL), of them in the first 150 ms", QStringLiteral("%1 (%2)").arg(m_kills).arg(m_killsInRecovery));
    row("workflows started and checked", num(rep.workflows));
    row("  ambiguous starts (cut by a kill): in/absent", QStringLiteral("%1/%2").arg(rep.ambiguousStarted).arg(rep.ambiguousAbsent));
    row("workflows started by the jobs", num(rep.jobWorkflows));
    row("task refs checked", num(rep.refsChecked));
    row("task attempts in the store", num(rep.taskRows));
    row("executions seen (shell lines + http requests)", num(rep.executions));
    row("re-executions, same taskId (leased local)", num(rep.reExecutedSameTask));
    row("re-executions, uncommitted taskId", num(rep.reExecutedLostTask));
    row("executions for a never-committed workflow", num(rep.orphanExecutions));
    row("lost", num(rep.lost));
    row("doubled", num(rep.doubled));
    row("DLQ entries checked (full attempt history)", num(rep.dlqChecked));
    row("  DLQ attempts that ran but the store lost", num(rep.dlqUncommittedAttempts));
    row("job fires checked (job, instant) once", num(rep.jobFiresChecked));
    row("  job workflows whose run record was pruned", num(rep.jobRunsUnmapped));
    row("  job run records MISSED (downtime)", num(rep.jobRunsMissed));
    row("restart to serving, p50 / max (ms)", QStringLiteral("%1 / %2").arg(percentile(m_readyMs, 0.5)).arg(percentile(m_readyMs, 1.0)));
    row("restart to first task run, p50 / max (ms)", QStringLiteral("%1 / %2").arg(percentile(m_recoverMs, 0.5)).arg(percentile(m_recoverMs, 1.0)));
    row("  restarts measured (a task ran before the kill)", QStringLiteral("%1 of %2").arg(m_recoverMs.size()).arg(m_readyMs.size()));
    row("campaign wall time (s)", QString::number(double(totalMs) / 1000.0, 'f', 1));
    if (!rep.reExecutions.isEmpty())
        say(QStringLiteral("re-executions by workflow/ref: ") + rep.reExecutions.join(QStringLiteral(", ")));
    if (rep.problems.isEmpty()) {
        say(QStringLiteral("PASS"));
        return;
    }
    say(QStringLiteral("FAIL: %1 problem(s); the first ones:").arg(rep.problems.size()));
    for (qsizetype i = 0; i < std::min<qsizetype>(40, rep.problems.size()); ++i)
        say(QStringLiteral("  ") + rep.problems.at(i));
}

} // namespace orrery::test
