// Crash safety of the system task types on a real orreryd (SQLite): workflows with a FORK_JOIN of
// four branches, a DO_WHILE of four iterations and a SUB_WORKFLOW whose child has five tasks run
// local `shell`/`noop` tasks and tasks of an external type that this test polls and completes
// itself, so it decides when the server dies: orreryd is SIGKILLed five times (just after a poll
// while the test holds the leased tasks, with leases held for a second, while shell tasks run,
// during the recovery of a restart) and restarted on the same data directory each time.
//
// Then every workflow and child must be COMPLETED with each reference name (ref__N iterations
// and the child's tasks included) COMPLETED exactly once, and every result the server accepted
// before a kill must still be there after it (a repeat is refused with 409). A lease held for a
// second before the kill must still be reportable (200). At-least-once re-deliveries are allowed,
// counted and printed: a local shell task running at the kill starts again; a task handed out by
// a poll just before the kill may be unknown after the restart (404, its creation and lease were
// not committed yet) and is then run again under a new taskId.

#include "../OrrerydProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace orrery::test;

namespace {

constexpr int kEachKind = 3; // workflows of each of the three kinds
constexpr int kExtTotal = kEachKind * (4 + 4 + 2);   // external tasks: 4 per fork, 4 per loop, 2 per child
constexpr int kShellTotal = kEachKind * (4 + 4 + 2); // shell tasks: the same shape

const QStringList kArgs{QStringLiteral("--local-concurrency"), QStringLiteral("4"), QStringLiteral("--no-demo")};

QJsonObject json(const QString &text)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &err);
    if (doc.isNull())
        qFatal("bad JSON in the test (%s): %s", qPrintable(err.errorString()), qPrintable(text));
    return doc.object();
}

// A shell task that logs its taskId (a second line with the same id = it ran again), then works a
// little so that kills land while some of them run.
QString shell(const QString &ref, const QString &log)
{
    return QStringLiteral(R"({"name":"shell","taskReferenceName":"%1","inputParameters":{"argv":["sh","-c",)"
                          R"("echo \"$1\" >> \"$2\"; sleep 0.15; echo ok","_","${CPEWF_TASK_ID}","%2"]}})")
        .arg(ref, log);
}

QString ext(const QString &ref)
{
    return QStringLiteral(R"({"name":"crash_ext","taskReferenceName":"%1","inputParameters":{"wf":"${workflow.workflowId}"}})").arg(ref);
}

QString noop(const QString &ref) { return QStringLiteral(R"({"name":"noop","taskReferenceName":"%1"})").arg(ref); }

QList<QJsonObject> definitions(const QString &log)
{
    QStringList branches;
    QStringList joinOn;
    for (int i = 0; i < 4; ++i) {
        branches.append(QStringLiteral("[%1,%2]").arg(shell(QStringLiteral("sh_b%1").arg(i), log), ext(QStringLiteral("ext_b%1").arg(i))));
        joinOn.append(QStringLiteral("\"ext_b%1\"").arg(i));
    }
    const QString fork = QStringLiteral(R"({"name":"crash_fork","version":1,"schemaVersion":2,"tasks":[
        {"name":"fork","taskReferenceName":"fork_ref","type":"FORK_JOIN","forkTasks":[%1]},
        {"name":"join","taskReferenceName":"join_ref","type":"JOIN","joinOn":[%2]},%3]})")
                             .arg(branches.join(QLatin1Char(',')), joinOn.join(QLatin1Char(',')), noop(QStringLiteral("end_ref")));
    const QString loop = QStringLiteral(R"({"name":"crash_loop","version":1,"schemaVersion":2,"tasks":[
        {"name":"loop","taskReferenceName":"loop_ref","type":"DO_WHILE","inputParameters":{"max":4},
         "loopCondition":"$.loop_ref['iteration'] < $.max","loopOver":[%1,%2]},%3]})")
                             .arg(shell(QStringLiteral("sh_l"), log), ext(QStringLiteral("ext_l")), noop(QStringLiteral("end_ref")));
    const QString child = QStringLiteral(R"({"name":"crash_child","version":1,"schemaVersion":2,"tasks":[%1,%2,%3,%4,%5]})")
                              .arg(shell(QStringLiteral("sh_c1"), log), ext(QStringLiteral("ext_c1")), noop(QStringLiteral("nop_c")),
                                   shell(QStringLiteral("sh_c2"), log), ext(QStringLiteral("ext_c2")));
    const QString sub = QStringLiteral(R"({"name":"crash_sub","version":1,"schemaVersion":2,"tasks":[
        {"name":"sub","taskReferenceName":"sub_ref","type":"SUB_WORKFLOW","subWorkflowParam":{"name":"crash_child","version":1},
         "inputParameters":{"from":"${workflow.workflowId}"}},%1]})")
                            .arg(noop(QStringLiteral("end_ref")));
    return {json(child), json(fork), json(loop), json(sub)};
}

QStringList expectedRefs(const QString &kind)
{
    QStringList refs;
    if (kind == QLatin1String("crash_fork")) {
        refs << QStringLiteral("fork_ref") << QStringLiteral("join_ref") << QStringLiteral("end_ref");
        for (int i = 0; i < 4; ++i)
            refs << QStringLiteral("sh_b%1").arg(i) << QStringLiteral("ext_b%1").arg(i);
    } else if (kind == QLatin1String("crash_loop")) {
        refs << QStringLiteral("loop_ref") << QStringLiteral("end_ref");
        for (int i = 1; i <= 4; ++i)
            refs << QStringLiteral("sh_l__%1").arg(i) << QStringLiteral("ext_l__%1").arg(i);
    } else if (kind == QLatin1String("crash_sub")) {
        refs << QStringLiteral("sub_ref") << QStringLiteral("end_ref");
    } else {
        refs << QStringLiteral("sh_c1") << QStringLiteral("ext_c1") << QStringLiteral("nop_c") << QStringLiteral("sh_c2")
             << QStringLiteral("ext_c2");
    }
    refs.sort();
    return refs;
}

} // namespace

class TestCrashSystemTasks : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<OrrerydProcess> m_server;
    int m_kills = 0;
    int m_starts = 0;
    // The external poller's book-keeping.
    QHash<QString, int> m_polled;          // taskId -> times handed to this poller
    QHash<QString, QJsonObject> m_held;    // leased to this poller, not reported yet
    QHash<QString, QJsonObject> m_results; // taskId -> the result the server accepted (200)
    QStringList m_lastAccepted;            // accepted in the round just before a kill
    int m_refusedRepeats = 0;

    bool startServer()
    {
        m_server = std::make_unique<OrrerydProcess>(m_dir.path(), kArgs);
        QString error;
        if (!m_server->start(&error)) {
            qWarning("orreryd start %d failed: %s", m_starts + 1, qPrintable(error));
            return false;
        }
        ++m_starts;
        return true;
    }

    void killServer()
    {
        m_server->kill();
        ++m_kills;
    }

    QList<QJsonObject> poll(int count)
    {
        const auto r = m_server->get(QStringLiteral("/api/tasks/poll/batch/crash_ext?workerid=crash-test&count=%1&timeout=200").arg(count));
        QList<QJsonObject> tasks;
        if (r.status != 200)
            return tasks;
        for (const QJsonValue &v : r.json().array()) {
            const QJsonObject t = v.toObject();
            ++m_polled[t.value(QStringLiteral("taskId")).toString()];
            tasks.append(t);
        }
        return tasks;
    }

    static QJsonObject resultOf(const QJsonObject &task)
    {
        const QString ref = task.value(QStringLiteral("referenceTaskName")).toString();
        return QJsonObject{{QStringLiteral("taskId"), task.value(QStringLiteral("taskId"))},
                           {QStringLiteral("workflowInstanceId"), task.value(QStringLiteral("workflowInstanceId"))},
                           {QStringLiteral("workerId"), QStringLiteral("crash-test")},
                           {QStringLiteral("status"), QStringLiteral("COMPLETED")},
                           {QStringLiteral("outputData"), QJsonObject{{QStringLiteral("ref"), ref}}}};
    }

    int report(const QJsonObject &task)
    {
        const QJsonObject result = resultOf(task);
        const int status = m_server->post(QStringLiteral("/api/tasks"), result).status;
        if (status == 200) {
            m_results.insert(task.value(QStringLiteral("taskId")).toString(), result);
            m_lastAccepted.append(task.value(QStringLiteral("taskId")).toString());
        }
        return status;
    }

    // Polls and completes external tasks until `accepted` results were taken in all; then polls
    // once more and keeps up to `hold` tasks leased without reporting them.
    bool drive(int accepted, int hold)
    {
        QDeadlineTimer deadline(40000);
        while (m_results.size() < accepted) {
            if (deadline.hasExpired()) {
                qWarning("only %lld of %d external results accepted after 40 s", qint64(m_results.size()), accepted);
                return false;
            }
            m_lastAccepted.clear();
            for (const QJsonObject &t : poll(8)) {
                const int status = report(t);
                if (status != 200) {
                    qWarning("a freshly polled task was refused (%d): %s", status, qPrintable(QJsonDocument(t).toJson()));
                    return false;
                }
            }
        }
        for (QDeadlineTimer d(3000); hold > 0 && m_held.isEmpty() && !d.hasExpired();)
            for (const QJsonObject &t : poll(hold))
                m_held.insert(t.value(QStringLiteral("taskId")).toString(), t);
        return true;
    }

    // After a restart: what was accepted just before the kill is durable (a repeat is refused),
    // and the leases the poller held can still be reported, even when the kill came right after
    // the poll (a poll answers only once its hand-out is committed).
    void checkAfterRestart()
    {
        for (const QString &taskId : std::as_const(m_lastAccepted)) {
            const int status = m_server->post(QStringLiteral("/api/tasks"), m_results.value(taskId)).status;
            QVERIFY2(status == 409, qPrintable(QStringLiteral("a result accepted before kill %1 was taken again after the "
                                                              "restart (HTTP %2): lost or applied twice, task %3")
                                                   .arg(m_kills).arg(status).arg(taskId)));
            ++m_refusedRepeats;
        }
        m_lastAccepted.clear();
        const auto held = m_held;
        m_held.clear();
        for (const QJsonObject &t : held) {
            const int status = report(t);
            QVERIFY2(status == 200, qPrintable(QStringLiteral("a task leased to the poller before kill %1 could not be "
                                                              "reported after the restart (HTTP %2): %3")
                                                   .arg(m_kills).arg(status)
                                                   .arg(QString::fromUtf8(QJsonDocument(t).toJson(QJsonDocument::Compact)))));
        }
    }

private Q_SLOTS:
    void forkLoopAndSubWorkflowSurviveRepeatedSigkills()
    {
        QVERIFY(m_dir.isValid());
        const QString log = m_dir.filePath(QStringLiteral("starts.log"));
        QStringList ids;
        QHash<QString, QString> kindOf;

        // Start 1: definitions and nine workflows; kill right after a poll, with leased tasks held,
        // while the first shell tasks of the fork branches, loops and children run.
        QVERIFY(startServer());
        QCOMPARE(m_server->postRaw(QStringLiteral("/api/metadata/taskdefs"),
                                   R"([{"name":"crash_ext","retryCount":3,"retryLogic":"FIXED","retryDelaySeconds":0,)"
                                   R"("responseTimeoutSeconds":20,"timeoutSeconds":0}])")
                     .status,
                 200);
        for (const QJsonObject &def : definitions(log)) {
            const auto r = m_server->post(QStringLiteral("/api/metadata/workflow"), def);
            QVERIFY2(r.status == 200, qPrintable(QStringLiteral("%1: %2").arg(def.value(QStringLiteral("name")).toString(),
                                                                             QString::fromUtf8(r.body))));
        }
        for (int i = 0; i < kEachKind; ++i)
            for (const QString &kind : {QStringLiteral("crash_fork"), QStringLiteral("crash_loop"), QStringLiteral("crash_sub")}) {
                const auto r = m_server->post(QStringLiteral("/api/workflow/") + kind, QJsonObject{{QStringLiteral("i"), i}});
                QVERIFY2(r.status == 200, r.body.constData());
                ids.append(QString::fromUtf8(r.body));
                kindOf.insert(ids.last(), kind);
            }
        QVERIFY(drive(4, 3));
        QVERIFY2(!m_held.isEmpty(), "no external task to hold across the first kill");
        killServer();

        // Start 2: hold a batch of leases for a second (long enough to be committed), then kill.
        QVERIFY(startServer());
        checkAfterRestart();
        QVERIFY(drive(12, 4));
        QVERIFY2(!m_held.isEmpty(), "no external task to hold across the second kill");
        QThread::msleep(1000);
        killServer();

        // Start 3: those leases survived; kill with none held while later loop iterations' and the
        // children's shell tasks run.
        QVERIFY(startServer());
        checkAfterRestart();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(drive(20, 0));
        QThread::msleep(100);
        killServer();

        // Start 4: kill during the recovery of the restart (re-delivered shell tasks starting).
        QVERIFY(startServer());
        killServer();

        // Start 5: kill right after a poll again, then run everything to the end.
        QVERIFY(startServer());
        checkAfterRestart();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(drive(25, 2));
        killServer();
        QVERIFY(startServer());
        checkAfterRestart();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(drive(kExtTotal, 0));

        // Every workflow and child completed, each ref exactly once.
        QHash<QString, QString> refOfTask;
        QStringList notCompletedAttempts;
        int childCount = 0;
        for (const QString &id : std::as_const(ids)) {
            QList<QPair<QString, QString>> toCheck{{id, kindOf.value(id)}};
            while (!toCheck.isEmpty()) {
                const auto [wfId, kind] = toCheck.takeFirst();
                const QJsonObject wf = m_server->waitForWorkflow(wfId, 30000);
                const QByteArray dump = QJsonDocument(wf).toJson(QJsonDocument::Compact);
                QVERIFY2(wf.value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED"),
                         qPrintable(QStringLiteral("%1 %2 did not complete: %3").arg(kind, wfId, QString::fromUtf8(dump))));
                QHash<QString, int> completed;
                for (const QJsonValue &v : wf.value(QStringLiteral("tasks")).toArray()) {
                    const QJsonObject t = v.toObject();
                    const QString ref = t.value(QStringLiteral("referenceTaskName")).toString();
                    const QString status = t.value(QStringLiteral("status")).toString();
                    refOfTask.insert(t.value(QStringLiteral("taskId")).toString(), kind + QLatin1Char('/') + ref);
                    if (status == QLatin1String("COMPLETED"))
                        ++completed[ref];
                    else
                        notCompletedAttempts.append(QStringLiteral("%1/%2:%3").arg(kind, ref, status));
                    if (ref == QLatin1String("sub_ref")) {
                        QString childId = t.value(QStringLiteral("subWorkflowId")).toString();
                        if (childId.isEmpty())
                            childId = t.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("subWorkflowId")).toString();
                        QVERIFY2(!childId.isEmpty(), dump.constData());
                        toCheck.append({childId, QStringLiteral("crash_child")});
                        ++childCount;
                    }
                }
                for (auto it = completed.cbegin(); it != completed.cend(); ++it)
                    QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("%1 %2: %3 COMPLETED %4 times: %5")
                                                             .arg(kind, wfId, it.key()).arg(it.value()).arg(QString::fromUtf8(dump))));
                QStringList refs = completed.keys();
                refs.sort();
                QVERIFY2(refs == expectedRefs(kind), qPrintable(QStringLiteral("%1 %2 completed %3, expected %4")
                                                                    .arg(kind, wfId, refs.join(QLatin1Char(' ')),
                                                                         expectedRefs(kind).join(QLatin1Char(' ')))));
            }
        }
        QCOMPARE(childCount, kEachKind);

        // Every result the server accepted is the COMPLETED attempt of its ref; none was lost.
        QCOMPARE(int(m_results.size()), kExtTotal);
        QVERIFY(m_held.isEmpty());
        for (auto it = m_results.cbegin(); it != m_results.cend(); ++it)
            QVERIFY2(refOfTask.contains(it.key()), qPrintable(QStringLiteral("accepted task %1 is in no workflow").arg(it.key())));

        // At-least-once re-deliveries, counted and reported.
        QFile starts(log);
        QVERIFY(starts.open(QIODevice::ReadOnly));
        QHash<QString, int> startsPerTask;
        for (const QByteArray &line : starts.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                ++startsPerTask[QString::fromUtf8(line.trimmed())];
        QStringList shellAgain;
        for (auto it = startsPerTask.cbegin(); it != startsPerTask.cend(); ++it)
            if (it.value() > 1)
                shellAgain.append(QStringLiteral("%1 x%2").arg(refOfTask.value(it.key(), it.key())).arg(it.value()));
        QStringList extAgain;
        for (auto it = m_polled.cbegin(); it != m_polled.cend(); ++it)
            if (it.value() > 1)
                extAgain.append(QStringLiteral("%1 x%2").arg(refOfTask.value(it.key(), it.key())).arg(it.value()));
        QVERIFY2(startsPerTask.size() == kShellTotal,
                 qPrintable(QStringLiteral("%1 shell taskIds started, expected %2").arg(startsPerTask.size()).arg(kShellTotal)));
        qInfo("kills: %d, starts: %d; external results accepted: %lld of %d, repeats refused after a kill: %d",
              m_kills, m_starts, qint64(m_results.size()), kExtTotal, m_refusedRepeats);
        qInfo("re-deliveries: %lld shell task(s) started again after a kill (of %lld): %s",
              qint64(shellAgain.size()), qint64(startsPerTask.size()), qPrintable(shellAgain.join(QStringLiteral(", "))));
        qInfo("re-deliveries: %lld external task(s) polled more than once: %s", qint64(extAgain.size()),
              qPrintable(extAgain.join(QStringLiteral(", "))));
        qInfo("attempts that did not complete (retried or canceled): %lld %s", qint64(notCompletedAttempts.size()),
              qPrintable(notCompletedAttempts.join(QStringLiteral(", "))));
        QCOMPARE(m_server->terminate(30000), 0);
    }
};

QTEST_GUILESS_MAIN(TestCrashSystemTasks)
#include "test_crash_system_tasks.moc"
