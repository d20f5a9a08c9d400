// Orrery's read routes over executions: GET /api/tasks (filters, sort, paging), GET task with
// include=attempts,logs, workflow status, search, running, and retry on top of replay.

#include "ApiFixture.h"
#include "OpsHelpers.h"

#include <QDateTime>
#include <QUrl>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestExecutionReads : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;
    OpsHelpers ops{m_api};
    QStringList m_workflows; // list_wf executions started by initTestCase

    QJsonObject tasks(const QByteArray &query, const Headers &auth = {}) const
    {
        RawResponse r = m_api.call("GET", "/api/tasks" + query, auth.isEmpty() ? m_api.viewer : auth);
        if (r.status != 200)
            qWarning("GET /api/tasks%s: %d %s", query.constData(), r.status, r.body.constData());
        return obj(r);
    }

private slots:
    void initTestCase()
    {
        const QString failure = m_api.start();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        ops.oneTaskWorkflow("list_wf", "list_t", 1);
        for (int i = 0; i < 3; ++i)
            m_workflows << ops.start("list_wf", i == 2 ? "alpha" : "");
        // One completes, one fails once (a retry is scheduled at once), one stays scheduled.
        QVERIFY(!ops.run("list_t", "COMPLETED").isEmpty());
        QVERIFY(!ops.run("list_t", "FAILED").isEmpty());
    }

    void listsEveryAttemptWithTheTotal()
    {
        const QJsonObject page = tasks("?type=list_t");
        QCOMPARE(page.value(QStringLiteral("totalHits")).toInt(), 4); // 3 first attempts + 1 retry
        QCOMPARE(page.value(QStringLiteral("results")).toArray().size(), 4);
        QCOMPARE(page.value(QStringLiteral("start")).toInt(), 0);
        QCOMPARE(page.value(QStringLiteral("size")).toInt(), 100);
        const QJsonObject first = page.value(QStringLiteral("results")).toArray().first().toObject();
        QVERIFY(first.contains(QStringLiteral("taskId")));
        QVERIFY(!first.contains(QStringLiteral("workflowTask")));
    }

    void filtersByStatusWorkflowTextAndTime()
    {
        const QJsonArray done = tasks("?type=list_t&status=COMPLETED").value(QStringLiteral("results")).toArray();
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.first().toObject().value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(tasks("?type=list_t&status=FAILED,COMPLETED").value(QStringLiteral("totalHits")).toInt(), 2);
        QCOMPARE(tasks("?type=list_t&status=scheduled").value(QStringLiteral("totalHits")).toInt(), 2);

        const QByteArray wf = m_workflows.first().toLatin1();
        const QJsonArray ofWf = tasks("?workflow=" + wf).value(QStringLiteral("results")).toArray();
        QVERIFY(!ofWf.isEmpty());
        for (const QJsonValue &t : ofWf)
            QCOMPARE(t.toObject().value(QStringLiteral("workflowInstanceId")).toString(), m_workflows.first());

        const QString id = done.first().toObject().value(QStringLiteral("taskId")).toString();
        QCOMPARE(tasks("?text=" + id.toLatin1()).value(QStringLiteral("totalHits")).toInt(), 1);
        // The completed and the failed attempt, and the retry (it inherits the failure's reason).
        QCOMPARE(tasks("?text=REPORTED%20BY%20THE%20TEST&type=list_t").value(QStringLiteral("totalHits")).toInt(), 3);
        QCOMPARE(tasks("?text=100%25_").value(QStringLiteral("totalHits")).toInt(), 0); // wildcards are literal

        const qint64 future = QDateTime::currentMSecsSinceEpoch() + 86'400'000;
        QCOMPARE(tasks("?type=list_t&from=" + QByteArray::number(future)).value(QStringLiteral("totalHits")).toInt(), 0);
        QCOMPARE(tasks("?type=list_t&to=2999-01-01T00:00:00Z").value(QStringLiteral("totalHits")).toInt(), 4);
        QCOMPARE(tasks("?type=nope").value(QStringLiteral("totalHits")).toInt(), 0);
        QCOMPARE(tasks("?workflowType=list_wf").value(QStringLiteral("totalHits")).toInt(), 4);
        QCOMPARE(tasks("?project=alpha").value(QStringLiteral("totalHits")).toInt(), 1);
    }

    void sortsAndPages()
    {
        const QJsonArray asc = tasks("?type=list_t&sort=scheduledTime:ASC").value(QStringLiteral("results")).toArray();
        for (qsizetype i = 1; i < asc.size(); ++i)
            QVERIFY(asc[i - 1].toObject().value(QStringLiteral("scheduledTime")).toDouble() <=
                    asc[i].toObject().value(QStringLiteral("scheduledTime")).toDouble());
        const QJsonObject page = tasks("?type=list_t&sort=scheduledTime:ASC&start=1&size=2");
        QCOMPARE(page.value(QStringLiteral("totalHits")).toInt(), 4);
        const QJsonArray part = page.value(QStringLiteral("results")).toArray();
        QCOMPARE(part.size(), 2);
        QCOMPARE(part[0].toObject().value(QStringLiteral("taskId")), asc[1].toObject().value(QStringLiteral("taskId")));
        QCOMPARE(tasks("?type=list_t&start=10").value(QStringLiteral("results")).toArray().size(), 0);
    }

    void badParametersAreNamed_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QString>("field");
        QTest::newRow("status") << QByteArray("?status=DONE") << QStringLiteral("status");
        QTest::newRow("sort field") << QByteArray("?sort=color:ASC") << QStringLiteral("sort");
        QTest::newRow("sort direction") << QByteArray("?sort=status:UP") << QStringLiteral("sort");
        QTest::newRow("size") << QByteArray("?size=5000") << QStringLiteral("size");
        QTest::newRow("start") << QByteArray("?start=-1") << QStringLiteral("start");
        QTest::newRow("size type") << QByteArray("?size=ten") << QStringLiteral("size");
        QTest::newRow("from") << QByteArray("?from=yesterday") << QStringLiteral("from");
        QTest::newRow("range") << QByteArray("?from=2000&to=1000") << QStringLiteral("from");
        QTest::newRow("timeField") << QByteArray("?timeField=endTime") << QStringLiteral("timeField");
        QTest::newRow("workflow") << QByteArray("?workflow=..%2Fetc") << QStringLiteral("workflow");
    }
    void badParametersAreNamed()
    {
        QFETCH(QByteArray, query);
        QFETCH(QString, field);
        RawResponse r = m_api.call("GET", "/api/tasks" + query, m_api.viewer);
        QCOMPARE(r.status, 400);
        QVERIFY(obj(r).value(QStringLiteral("message")).toString().contains(field));
        QCOMPARE(obj(r).value(QStringLiteral("validationErrors")).toArray().first().toObject().value(QStringLiteral("path")).toString(), field);
    }

    void scopedTokensSeeTheirProjectsOnly()
    {
        QCOMPARE(tasks("?type=list_t", m_api.scopedViewer).value(QStringLiteral("totalHits")).toInt(), 1);
        QCOMPARE(m_api.call("GET", "/api/tasks?project=other", m_api.scopedViewer).status, 403);
        QCOMPARE(tasks("?type=list_t&project=alpha", m_api.scopedViewer).value(QStringLiteral("totalHits")).toInt(), 1);
        // A task of a workflow without a project is out of the scoped token's reach.
        const QString unscoped = tasks("?workflow=" + m_workflows.first().toLatin1()).value(QStringLiteral("results"))
                                     .toArray().first().toObject().value(QStringLiteral("taskId")).toString();
        QCOMPARE(m_api.call("GET", "/api/tasks/" + unscoped.toLatin1(), m_api.scopedViewer).status, 403);
        QCOMPARE(m_api.call("GET", "/api/workflow/" + m_workflows.first().toLatin1(), m_api.scopedViewer).status, 403);
        QCOMPARE(m_api.call("GET", "/api/workflow/" + m_workflows.last().toLatin1(), m_api.scopedViewer).status, 200);
        const QJsonObject search = obj(m_api.call("GET", "/api/workflow/search?workflowType=list_wf", m_api.scopedViewer));
        QCOMPARE(search.value(QStringLiteral("totalHits")).toInt(), 1);
        // Starting: only in one of the token's projects.
        QCOMPARE(m_api.call("POST", "/api/workflow/list_wf", m_api.scopedOperator, "{}").status, 403);
        QCOMPARE(m_api.call("POST", "/api/workflow/list_wf?projectId=beta", m_api.scopedOperator, "{}").status, 403);
        RawResponse ok = m_api.call("POST", "/api/workflow/list_wf?projectId=alpha", m_api.scopedOperator, "{}");
        QCOMPARE(ok.status, 200);
        m_workflows << QString::fromUtf8(ok.body);
    }

    void includeAddsAttemptsAndLogs()
    {
        const QJsonArray retried = tasks("?type=list_t&status=FAILED").value(QStringLiteral("results")).toArray();
        QCOMPARE(retried.size(), 1);
        const QJsonObject failed = retried.first().toObject();
        const QByteArray failedId = failed.value(QStringLiteral("taskId")).toString().toLatin1();
        QCOMPARE(m_api.call("POST", "/api/tasks/" + failedId + "/log", m_api.operatorAuth, "\"first attempt broke\"").status, 200);

        RawResponse plain = m_api.call("GET", "/api/tasks/" + failedId, m_api.viewer);
        QCOMPARE(plain.status, 200);
        QVERIFY(!obj(plain).contains(QStringLiteral("attempts")));
        QVERIFY(!obj(plain).contains(QStringLiteral("logs")));

        RawResponse full = m_api.call("GET", "/api/tasks/" + failedId + "?include=attempts,logs", m_api.viewer);
        QCOMPARE(full.status, 200);
        const QJsonArray attempts = obj(full).value(QStringLiteral("attempts")).toArray();
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts[0].toObject().value(QStringLiteral("taskId")).toString().toLatin1(), failedId);
        QCOMPARE(attempts[1].toObject().value(QStringLiteral("retryCount")).toInt(), 1);
        QVERIFY(!attempts[0].toObject().contains(QStringLiteral("workflowTask")));
        const QJsonArray logs = obj(full).value(QStringLiteral("logs")).toArray();
        QCOMPARE(logs.size(), 1);
        QCOMPARE(logs[0].toObject().value(QStringLiteral("log")).toString(), QStringLiteral("first attempt broke"));
        QCOMPARE(m_api.call("GET", "/api/tasks/" + failedId + "?include=history", m_api.viewer).status, 400);
    }

    void workflowStatus()
    {
        const QByteArray id = m_workflows.first().toLatin1();
        RawResponse r = m_api.call("GET", "/api/workflow/" + id + "/status", m_api.viewer);
        QCOMPARE(r.status, 200);
        QCOMPARE(obj(r).value(QStringLiteral("workflowId")).toString().toLatin1(), id);
        QVERIFY(!obj(r).value(QStringLiteral("status")).toString().isEmpty());
        QVERIFY(!obj(r).contains(QStringLiteral("output")));
        QVERIFY(obj(m_api.call("GET", "/api/workflow/" + id + "/status?includeOutput=true&includeVariables=true", m_api.viewer))
                    .contains(QStringLiteral("variables")));
        QCOMPARE(m_api.call("GET", "/api/workflow/nope/status", m_api.viewer).status, 404);
    }

    void searchAndRunning()
    {
        const QJsonObject all = obj(m_api.call("GET", "/api/workflow/search?workflowType=list_wf", m_api.viewer));
        QCOMPARE(all.value(QStringLiteral("totalHits")).toInt(), m_workflows.size());
        const QJsonObject summary = all.value(QStringLiteral("results")).toArray().first().toObject();
        QVERIFY(summary.value(QStringLiteral("startTime")).toString().endsWith(u'Z')); // ISO-8601, as Conductor
        QCOMPARE(summary.value(QStringLiteral("workflowType")).toString(), QStringLiteral("list_wf"));

        const QByteArray q = QUrl::toPercentEncoding(QStringLiteral("workflowType = 'list_wf' AND status IN (RUNNING, PAUSED)"));
        const QJsonObject running = obj(m_api.call("GET", "/api/workflow/search?size=1&query=" + q, m_api.viewer));
        QVERIFY(running.value(QStringLiteral("totalHits")).toInt() >= 2);
        QCOMPARE(running.value(QStringLiteral("results")).toArray().size(), 1);
        QCOMPARE(obj(m_api.call("GET", "/api/workflow/search?freeText=" + m_workflows.first().toLatin1(), m_api.viewer))
                     .value(QStringLiteral("totalHits")).toInt(), 1);

        const QByteArray orQuery = QUrl::toPercentEncoding(QStringLiteral("status = RUNNING OR status = FAILED"));
        RawResponse bad = m_api.call("GET", "/api/workflow/search?query=" + orQuery, m_api.viewer);
        QCOMPARE(bad.status, 400);
        QVERIFY(obj(bad).value(QStringLiteral("message")).toString().contains(QStringLiteral("IN (")));
        QCOMPARE(m_api.call("GET", "/api/workflow/search?query=color%3Dred", m_api.viewer).status, 400);
        QCOMPARE(m_api.call("GET", "/api/workflow/search?status=SLEEPING", m_api.viewer).status, 400);

        const QJsonArray ids = arr(m_api.call("GET", "/api/workflow/running/list_wf?version=1", m_api.viewer));
        QVERIFY(ids.contains(QJsonValue(m_workflows.last())));
        QCOMPARE(arr(m_api.call("GET", "/api/workflow/running/list_wf?version=2", m_api.viewer)).size(), 0);
    }

    void retryRerunsTheFailedTasks()
    {
        ops.oneTaskWorkflow("retry_wf", "retry_t", 0);
        const QByteArray id = ops.start("retry_wf").toLatin1();
        QCOMPARE(m_api.call("POST", "/api/workflow/" + id + "/retry", m_api.operatorAuth).status, 409); // running
        const QJsonObject first = ops.run("retry_t", "FAILED_WITH_TERMINAL_ERROR");
        QVERIFY(!first.isEmpty());
        QCOMPARE(obj(m_api.call("GET", "/api/workflow/" + id, m_api.viewer)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("FAILED"));
        QCOMPARE(m_api.call("POST", "/api/workflow/" + id + "/retry", m_api.viewer).status, 403);
        RawResponse r = m_api.call("POST", "/api/workflow/" + id + "/retry", m_api.operatorAuth);
        QCOMPARE(r.status, 204);
        QCOMPARE(obj(m_api.call("GET", "/api/workflow/" + id, m_api.viewer)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("RUNNING"));
        const QJsonObject second = ops.run("retry_t", "COMPLETED");
        QCOMPARE(second.value(QStringLiteral("referenceTaskName")).toString(), QStringLiteral("only"));
        QVERIFY(second.value(QStringLiteral("taskId")) != first.value(QStringLiteral("taskId")));
        QCOMPARE(obj(m_api.call("GET", "/api/workflow/" + id, m_api.viewer)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("COMPLETED"));
        RawResponse nothing = m_api.call("POST", "/api/workflow/" + id + "/retry", m_api.operatorAuth);
        QCOMPARE(nothing.status, 409);
        QVERIFY(obj(nothing).value(QStringLiteral("message")).toString().contains(QStringLiteral("no retryable tasks")));
        QCOMPARE(m_api.call("POST", "/api/workflow/unknown-id/retry", m_api.operatorAuth).status, 404);
        QCOMPARE(m_api.call("POST", "/api/workflow/" + id + "/retry?resumeSubworkflowTasks=true", m_api.operatorAuth).status, 409);
        QCOMPARE(m_api.call("POST", "/api/workflow/" + id + "/retry?resumeSubworkflowTasks=nope", m_api.operatorAuth).status, 400);
    }

    void rerunOverRest()
    {
        ops.oneTaskWorkflow("rerun_wf", "rerun_t", 0);
        const QByteArray id = ops.start("rerun_wf").toLatin1();
        QCOMPARE(m_api.call("POST", "/api/workflow/" + id + "/rerun", m_api.operatorAuth, "{}").status, 409); // running
        const QJsonObject first = ops.run("rerun_t", "COMPLETED");
        QVERIFY(!first.isEmpty());
        // Bad bodies name the field.
        RawResponse bad = m_api.call("POST", "/api/workflow/" + id + "/rerun", m_api.operatorAuth, "{\"workflowInput\": 3}");
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.body.contains("workflowInput"));
        bad = m_api.call("POST", "/api/workflow/" + id + "/rerun", m_api.operatorAuth, "{\"taskInput\": {}}");
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.body.contains("reRunFromTaskId"));
        bad = m_api.call("POST", "/api/workflow/" + id + "/rerun", m_api.operatorAuth, "{\"reRunFromTaskId\": \"nope\"}");
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.body.contains("Task nope not found"));
        QCOMPARE(m_api.call("POST", "/api/workflow/" + id + "/rerun", m_api.viewer, "{}").status, 403);
        // From the task, with a new input: 200 text/plain workflowId.
        const QByteArray body = "{\"reRunFromTaskId\": \"" + first.value(QStringLiteral("taskId")).toString().toLatin1()
            + "\", \"taskInput\": {\"again\": true}}";
        RawResponse r = m_api.call("POST", "/api/workflow/" + id + "/rerun", m_api.operatorAuth, body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, id);
        const QJsonObject second = ops.run("rerun_t", "COMPLETED");
        QVERIFY(second.value(QStringLiteral("taskId")) != first.value(QStringLiteral("taskId")));
        QCOMPARE(second.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("again")).toBool(), true);
        QCOMPARE(obj(m_api.call("GET", "/api/workflow/" + id, m_api.viewer)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("COMPLETED"));
    }
};

QTEST_GUILESS_MAIN(TestExecutionReads)
#include "test_execution_reads.moc"
