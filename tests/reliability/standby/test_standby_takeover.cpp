// Two orreryd on one PostgreSQL store (real processes, a throwaway PostgreSQL server):
// - exactly one is active; a standby started with --standby-forward off answers writes and
//   worker polls with 503 naming the active's advertised URL (body "activeUrl" and the
//   X-Orrery-Active-Url header);
// - the active is SIGKILLed mid-run (ORRERY_STANDBY_KILLS times, default 2, alternating) while
//   workflows are in flight and this test, acting as a remote worker, holds leased tasks; the
//   standby takes over, the held leases are reported to it and accepted, the killed instance
//   restarted comes back as the standby, and at the end every workflow is COMPLETED with each of
//   its references completed once: tasks lost 0, doubled 0. Takeover time (from the kill to the
//   first successful poll or update on the new active) is printed per kill, with p50 and max.
// - a second orreryd on one SQLite store is refused.
#include "HaClient.h"
#include "OrrerydProcess.h"
#include "support/PgTestServer.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>

using namespace orrery::test;

namespace {

const QStringList kRemoteRefs{QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3")};

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QJsonObject flowDefinition()
{
    auto remote = [](const QString &ref) {
        return QJsonObject{{QStringLiteral("name"), QStringLiteral("ha_remote")},
                           {QStringLiteral("taskReferenceName"), ref},
                           {QStringLiteral("type"), QStringLiteral("SIMPLE")},
                           {QStringLiteral("inputParameters"), QJsonObject{{QStringLiteral("wf"), QStringLiteral("${workflow.workflowId}")}}}};
    };
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("ha_flow")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("schemaVersion"), 2},
                       {QStringLiteral("tasks"),
                        QJsonArray{remote(QStringLiteral("r1")),
                                   QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")},
                                               {QStringLiteral("taskReferenceName"), QStringLiteral("n1")}},
                                   remote(QStringLiteral("r2")), remote(QStringLiteral("r3"))}}};
}

} // namespace

class TestStandbyTakeover : public QObject
{
    Q_OBJECT

    PgTestServer m_pg;
    QString m_db;
    std::unique_ptr<QTemporaryDir> m_dirs[2];
    std::unique_ptr<OrrerydProcess> m_proc[2];
    std::unique_ptr<HaClient> m_http;
    QString m_url[2];

    bool startInstance(int i, const QStringList &extra = {})
    {
        if (i == 1 && !QFile::exists(QDir(m_dirs[1]->path()).filePath(QStringLiteral("admin-token")))) {
            // The token table is shared through the store: give the second instance the first one's file.
            if (!QFile::copy(QDir(m_dirs[0]->path()).filePath(QStringLiteral("admin-token")),
                             QDir(m_dirs[1]->path()).filePath(QStringLiteral("admin-token"))))
                return false;
        }
        m_proc[i] = std::make_unique<OrrerydProcess>(
            m_dirs[i]->path(), QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--no-demo"),
                                          QStringLiteral("--local-concurrency"), QStringLiteral("2")} + extra);
        QString error;
        if (!m_proc[i]->start(&error)) {
            qWarning("instance %d: %s", i, qPrintable(error));
            return false;
        }
        m_url[i] = m_proc[i]->baseUrl();
        if (!m_http)
            m_http = std::make_unique<HaClient>(m_proc[i]->token());
        return true;
    }

    QJsonObject lease(int i) { return m_http->get(m_url[i] + QStringLiteral("/api/engine/lease")).json().object(); }
    QString role(int i) { return lease(i).value(QStringLiteral("role")).toString(); }

    // The instance whose lease answer says active (-1 = none or both: a failure).
    int activeIndex()
    {
        int active = -1;
        for (int i = 0; i < 2; ++i) {
            if (m_proc[i] && role(i) == QLatin1String("active")) {
                if (active >= 0)
                    return -2;
                active = i;
            }
        }
        return active;
    }

    bool waitForRole(int i, const QString &wanted, int timeoutMs)
    {
        for (QDeadlineTimer d(timeoutMs); !d.hasExpired(); QThread::msleep(50))
            if (role(i) == wanted)
                return true;
        return false;
    }

private slots:
    void initTestCase()
    {
        ORRERY_REQUIRE_PG(m_pg);
    }

    void init()
    {
        m_db = m_pg.createDatabase();
        QVERIFY2(!m_db.isEmpty(), qPrintable(m_pg.errorString()));
        for (auto &dir : m_dirs) {
            dir = std::make_unique<QTemporaryDir>();
            QVERIFY(dir->isValid());
        }
    }

    void cleanup()
    {
        for (auto &p : m_proc)
            p.reset(); // SIGKILL whatever is left
        m_http.reset();
        for (auto &dir : m_dirs)
            dir.reset();
    }

    void standbyAnswersWritesWithTheActiveAddress()
    {
        QVERIFY(startInstance(0));
        QVERIFY(startInstance(1, {QStringLiteral("--standby-forward"), QStringLiteral("off")})); // 503 instead of forwarding
        QCOMPARE(activeIndex(), 0); // the first one took the lease; exactly one is active
        const QJsonObject standby = lease(1);
        QCOMPARE(standby.value(QStringLiteral("role")).toString(), QStringLiteral("standby"));
        QCOMPARE(standby.value(QStringLiteral("active")).toObject().value(QStringLiteral("url")).toString(), m_url[0]);
        QCOMPARE(lease(0).value(QStringLiteral("active")).toObject().value(QStringLiteral("url")).toString(), m_url[0]);

        // Writes, worker polls, task updates and live-engine reads on a standby that does not
        // forward: 503 with the active's address (test_standby_serving covers forwarding).
        const QList<QPair<QByteArray, QString>> refused{
            {"POST", QStringLiteral("/api/workflow/ha_flow")},
            {"GET", QStringLiteral("/api/tasks/poll/ha_remote?workerid=w")},
            {"POST", QStringLiteral("/api/tasks")},
            {"POST", QStringLiteral("/api/metadata/taskdefs")},
            {"PUT", QStringLiteral("/api/workflow/some-id/pause")},
            {"GET", QStringLiteral("/api/tasks/queue/sizes")},
        };
        for (const auto &[method, path] : refused) {
            const HaClient::Answer a = m_http->request(method, m_url[1] + path, method == "GET" ? QByteArray() : QByteArray("{}"));
            QVERIFY2(a.status == 503, qPrintable(QStringLiteral("%1 %2: %3 %4").arg(QString::fromLatin1(method), path).arg(a.status).arg(QString::fromUtf8(a.body))));
            QCOMPARE(a.activeUrl, m_url[0]);
            QCOMPARE(a.retryAfter, QByteArray("1"));
            const QJsonObject body = a.json().object();
            QCOMPARE(body.value(QStringLiteral("activeUrl")).toString(), m_url[0]);
            QCOMPARE(body.value(QStringLiteral("status")).toInt(), 503);
            QCOMPARE(body.value(QStringLiteral("retryable")).toBool(), true);
            QVERIFY(body.value(QStringLiteral("message")).toString().contains(m_url[0]));
        }
        // Nothing was written through the standby: the same start on the active works.
        QCOMPARE(m_http->post(m_url[0] + QStringLiteral("/api/metadata/workflow"), json(flowDefinition())).status, 200);

        const HaClient::Answer health = m_http->get(m_url[1] + QStringLiteral("/healthz"));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().object().value(QStringLiteral("engineRunning")).toBool(), false);
        QVERIFY(m_http->get(m_url[1] + QStringLiteral("/metrics")).body.contains("\norrery_engine_lease_active 0\n"));
        QVERIFY(m_http->get(m_url[0] + QStringLiteral("/metrics")).body.contains("\norrery_engine_lease_active 1\n"));

        // A clean stop of the active hands over without waiting for the database to notice.
        QCOMPARE(m_proc[0]->terminate(30000), 0);
        QVERIFY(waitForRole(1, QStringLiteral("active"), 10000));
        QCOMPARE(m_http->post(m_url[1] + QStringLiteral("/api/workflow/ha_flow"), "{}").status, 200);
    }

    void takeoverAfterSigkill()
    {
        const int kills = qEnvironmentVariableIsSet("ORRERY_STANDBY_KILLS") ? qEnvironmentVariableIntValue("ORRERY_STANDBY_KILLS") : 2;
        const int workflows = 15 * (kills + 1);
        const int remoteTotal = workflows * int(kRemoteRefs.size());
        QVERIFY(kills >= 1);

        QVERIFY(startInstance(0));
        QVERIFY(startInstance(1));
        QCOMPARE(activeIndex(), 0);
        QCOMPARE(m_http->post(m_url[0] + QStringLiteral("/api/metadata/taskdefs"),
                              R"([{"name":"ha_remote","retryCount":2,"retryLogic":"FIXED","retryDelaySeconds":0,)"
                              R"("responseTimeoutSeconds":30,"timeoutSeconds":0}])")
                     .status,
                 200);
        QCOMPARE(m_http->post(m_url[0] + QStringLiteral("/api/metadata/workflow"), json(flowDefinition())).status, 200);
        QStringList ids;
        for (int i = 0; i < workflows; ++i) {
            const HaClient::Answer a = m_http->post(m_url[0] + QStringLiteral("/api/workflow/ha_flow"), json(QJsonObject{{QStringLiteral("i"), i}}));
            QVERIFY2(a.status == 200, a.body.constData());
            ids.append(QString::fromUtf8(a.body));
        }

        // The remote worker: polls the instance it believes active and reports each task; on a
        // refusal it follows X-Orrery-Active-Url, on no answer it tries the other instance.
        int active = 0;
        QHash<QString, QSet<QString>> accepted; // workflowId/ref -> taskIds whose COMPLETED was accepted
        int acceptedCount = 0, unknownAfterKill = 0, refusedDuplicates = 0, reroutes = 0;
        auto target = [&](const HaClient::Answer &a, int from) {
            ++reroutes;
            for (int i = 0; i < 2; ++i)
                if (m_proc[i] && !a.activeUrl.isEmpty() && m_url[i] == a.activeUrl && i != from)
                    return i;
            return 1 - from;
        };
        // Reports one task until some instance answers other than 503/no answer; returns that status.
        auto report = [&](const QJsonObject &task) -> int {
            const QString wf = task.value(QStringLiteral("workflowInstanceId")).toString();
            const QString ref = task.value(QStringLiteral("referenceTaskName")).toString();
            const QJsonObject result{{QStringLiteral("taskId"), task.value(QStringLiteral("taskId"))},
                                     {QStringLiteral("workflowInstanceId"), wf},
                                     {QStringLiteral("workerId"), QStringLiteral("ha-worker")},
                                     {QStringLiteral("status"), QStringLiteral("COMPLETED")},
                                     {QStringLiteral("outputData"), QJsonObject{{QStringLiteral("ref"), ref}}}};
            for (QDeadlineTimer d(30000); !d.hasExpired();) {
                const HaClient::Answer a = m_http->post(m_url[active] + QStringLiteral("/api/tasks"), json(result));
                if (a.status == 200) {
                    QSet<QString> &ids = accepted[wf + QLatin1Char('/') + ref];
                    if (!ids.contains(task.value(QStringLiteral("taskId")).toString()))
                        ++acceptedCount;
                    ids.insert(task.value(QStringLiteral("taskId")).toString());
                    return 200;
                }
                if (a.status != 503 && a.status != 0)
                    return a.status;
                active = target(a, active);
                QThread::msleep(50);
            }
            return 0;
        };
        // One poll on the believed-active instance: the tasks (status 200), or none after a reroute.
        auto poll = [&](int count, int *status) -> QJsonArray {
            const HaClient::Answer a = m_http->get(
                m_url[active] + QStringLiteral("/api/tasks/poll/batch/ha_remote?workerid=ha-worker&count=%1&timeout=100").arg(count));
            *status = a.status;
            if (a.status == 200)
                return a.json().array();
            if (a.status == 503 || a.status == 0) {
                active = target(a, active);
                QThread::msleep(50);
            }
            return {};
        };

        QList<qint64> takeovers;
        int killed = 0;
        QDeadlineTimer deadline(75000);
        while (acceptedCount < remoteTotal && !deadline.hasExpired()) {
            int status = 0;
            const QJsonArray tasks = poll(4, &status);
            for (const QJsonValue &t : tasks) {
                const int s = report(t.toObject());
                QVERIFY2(s == 200, qPrintable(QStringLiteral("a fresh task was refused: %1").arg(s)));
            }
            if (killed >= kills || acceptedCount < remoteTotal * (killed + 1) / (kills + 1))
                continue;

            // Kill the active mid-run while this worker holds leased tasks it has not reported.
            const int victim = active;
            QCOMPARE(activeIndex(), victim);
            QJsonArray held;
            for (QDeadlineTimer d(3000); held.isEmpty() && !d.hasExpired();)
                held = poll(3, &status);
            QVERIFY2(!held.isEmpty(), "no task to hold across the kill");
            QThread::msleep(300); // the leases are committed (group commit: a few ms)
            QElapsedTimer sinceKill;
            m_proc[victim]->kill();
            sinceKill.start();
            ++killed;
            // The first successful call on the new active ends the takeover.
            qint64 takeoverMs = -1;
            for (QDeadlineTimer d(20000); takeoverMs < 0 && !d.hasExpired();) {
                const QJsonArray more = poll(1, &status);
                if (status == 200) {
                    takeoverMs = sinceKill.elapsed();
                    for (const QJsonValue &t : more)
                        held.append(t);
                }
            }
            QVERIFY2(takeoverMs >= 0, "no instance took over within 20 s");
            QVERIFY(active != victim);
            takeovers.append(takeoverMs);
            qInfo().noquote() << QStringLiteral("kill %1: takeover %2 ms (SIGKILL of %3 to the first successful poll on %4)")
                                     .arg(killed).arg(takeoverMs).arg(m_url[victim], m_url[active]);
            // The leases held across the kill were re-adopted by the new active: their results count.
            for (const QJsonValue &t : held) {
                const int s = report(t.toObject());
                if (s == 404)
                    ++unknownAfterKill; // handed out but not committed before the kill: delivered again
                else
                    QVERIFY2(s == 200, qPrintable(QStringLiteral("a held task was refused after the takeover: %1").arg(s)));
            }
            // The killed instance, restarted, comes back as the standby of the new active.
            QVERIFY(startInstance(victim));
            const QJsonObject back = lease(victim);
            QCOMPARE(back.value(QStringLiteral("role")).toString(), QStringLiteral("standby"));
            QCOMPARE(back.value(QStringLiteral("active")).toObject().value(QStringLiteral("url")).toString(), m_url[active]);
            QCOMPARE(activeIndex(), active);
        }
        QCOMPARE(killed, kills);

        // Every workflow completes, each reference once.
        int lost = 0, doubled = 0;
        for (const QString &id : ids) {
            QJsonObject wf;
            for (QDeadlineTimer d(20000); !d.hasExpired(); QThread::msleep(50)) {
                wf = m_http->get(m_url[active] + QStringLiteral("/api/workflow/%1?includeTasks=true").arg(id)).json().object();
                if (wf.value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED"))
                    break;
            }
            if (wf.value(QStringLiteral("status")).toString() != QLatin1String("COMPLETED")) {
                ++lost;
                qWarning("workflow %s: %s", qPrintable(id), qPrintable(wf.value(QStringLiteral("status")).toString()));
                continue;
            }
            QHash<QString, int> completed;
            for (const QJsonValue &t : wf.value(QStringLiteral("tasks")).toArray())
                if (t.toObject().value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED"))
                    ++completed[t.toObject().value(QStringLiteral("referenceTaskName")).toString()];
            for (const QString &ref : kRemoteRefs + QStringList{QStringLiteral("n1")}) {
                if (completed.value(ref) == 0)
                    ++lost;
                if (completed.value(ref) > 1)
                    ++doubled;
            }
            for (const QString &ref : kRemoteRefs)
                if (accepted.value(id + QLatin1Char('/') + ref).size() > 1)
                    ++doubled; // the worker's results for two different attempts were both accepted
        }
        QList<qint64> sorted = takeovers;
        std::sort(sorted.begin(), sorted.end());
        qInfo().noquote() << QStringLiteral("%1 kills, %2 workflows, %3 remote tasks: takeover p50 %4 ms, max %5 ms; tasks lost %6, "
                                            "doubled %7; leases handed out but not committed before a kill %8; reroutes %9")
                                 .arg(kills).arg(workflows).arg(remoteTotal)
                                 .arg(sorted.at((sorted.size() - 1) / 2)).arg(sorted.last())
                                 .arg(lost).arg(doubled).arg(unknownAfterKill).arg(reroutes);
        QCOMPARE(lost, 0);
        QCOMPARE(doubled, 0);
        QCOMPARE(acceptedCount, remoteTotal);
        Q_UNUSED(refusedDuplicates);
    }

    void advertisedUrlIsWhatTheStandbyNames()
    {
        // The address clients reach the active at (a proxy, another network) need not be the listen address.
        m_proc[0] = std::make_unique<OrrerydProcess>(
            m_dirs[0]->path(), QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--no-demo"), QStringLiteral("--advertise-url"),
                                           QStringLiteral("https://orrery-a.example:8443/")});
        QString error;
        QVERIFY2(m_proc[0]->start(&error), qPrintable(error));
        m_url[0] = m_proc[0]->baseUrl();
        m_http = std::make_unique<HaClient>(m_proc[0]->token());
        QVERIFY(startInstance(1));
        const HaClient::Answer a = m_http->post(m_url[1] + QStringLiteral("/api/workflow/x"), "{}");
        QCOMPARE(a.status, 503);
        QCOMPARE(a.activeUrl, QStringLiteral("https://orrery-a.example:8443"));
        QCOMPARE(lease(0).value(QStringLiteral("active")).toObject().value(QStringLiteral("url")).toString(),
                 QStringLiteral("https://orrery-a.example:8443"));

        // A value that is no http(s) URL is refused before anything starts.
        QProcess bad;
        bad.start(OrrerydProcess::binaryPath(), {QStringLiteral("--data-dir"), m_dirs[1]->path(), QStringLiteral("--db"), m_db,
                                                 QStringLiteral("--advertise-url"), QStringLiteral("ftp://x")});
        QVERIFY(bad.waitForFinished(30000));
        QVERIFY(bad.exitCode() != 0);
        const QString err = QString::fromUtf8(bad.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("--advertise-url")) && err.contains(QStringLiteral("ftp://x")), qPrintable(err));
    }

    void sqliteStoreHasOneServer()
    {
        QTemporaryDir dir;
        OrrerydProcess first(dir.path(), {QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(first.start(&error), qPrintable(error));
        QProcess second;
        second.start(OrrerydProcess::binaryPath(), {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"),
                                                    dir.path(), QStringLiteral("--no-demo")});
        QVERIFY(second.waitForFinished(30000));
        QCOMPARE(second.exitCode(), 1);
        const QString err = QString::fromUtf8(second.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("another orreryd (pid %1)").arg(first.pid())), qPrintable(err));
        QCOMPARE(first.get(QStringLiteral("/api/engine/lease")).json().object().value(QStringLiteral("lease")).toString(), QStringLiteral("none"));
        first.kill(); // the kernel drops the lock with the process: a restart is not refused
        OrrerydProcess again(dir.path(), {QStringLiteral("--no-demo")});
        QVERIFY2(again.start(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestStandbyTakeover)
#include "test_standby_takeover.moc"
