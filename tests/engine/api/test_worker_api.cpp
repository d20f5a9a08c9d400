// The Conductor worker API against a real Engine on a temporary SQLite store, over real sockets:
// batch and single polls with their exact empty answers, long polls, updates (v1 text/plain, v2 next
// task or 204), task logs, queue sizes, poll data, percent-encoded task types.
#include "ApiFixture.h"

#include "RawHttpClient.h"

#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestWorkerApi : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;

private slots:
    void initTestCase()
    {
        const QString failure = m_api.start();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void emptyPollAnswers()
    {
        RawResponse batch = m_api.call("GET", "/api/tasks/poll/batch/nobody_polls_this?timeout=0", m_api.operatorAuth);
        QCOMPARE(batch.status, 200);
        QCOMPARE(batch.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(batch.body, QByteArray("[]"));

        RawResponse single = m_api.call("GET", "/api/tasks/poll/nobody_polls_this", m_api.operatorAuth);
        QCOMPARE(single.status, 204);
        QVERIFY(!single.hasHeader("Content-Type"));
        QVERIFY(single.body.isEmpty());

        RawResponse tooLong = m_api.call("GET", "/api/tasks/poll/batch/x?timeout=5001", m_api.operatorAuth);
        QCOMPARE(tooLong.status, 400);
        QCOMPARE(obj(tooLong).value(QStringLiteral("message")).toString(),
                 QStringLiteral("Long Poll Timeout value cannot be more than 5 seconds"));
        QCOMPARE(m_api.call("GET", "/api/tasks/poll/batch/x?count=zero", m_api.operatorAuth).status, 400);
        QCOMPARE(m_api.call("GET", "/api/tasks/poll/batch/x?timeout=0", m_api.viewer).status, 403); // a poll leases tasks
        QCOMPARE(m_api.call("GET", "/api/tasks/poll/batch/x?timeout=0", {}).status, 401);
    }

    void pollUpdateAndLogs()
    {
        const QString wfId = m_api.startTwoTaskWorkflow();
        QVERIFY(!wfId.isEmpty());
        RawResponse polled = m_api.call("GET", "/api/tasks/poll/batch/api_t?count=5&timeout=2000&workerid=w1", m_api.operatorAuth);
        QCOMPARE(polled.status, 200);
        QCOMPARE(polled.header("Content-Type"), QByteArray("application/json"));
        QJsonArray tasks = arr(polled);
        // Earlier tests started api_wf too; find this workflow's task.
        QJsonObject task;
        for (const QJsonValue &v : tasks) {
            if (v.toObject().value(QStringLiteral("workflowInstanceId")).toString() == wfId)
                task = v.toObject();
        }
        QVERIFY2(!task.isEmpty(), polled.body.constData());
        QCOMPARE(task.value(QStringLiteral("status")).toString(), QStringLiteral("IN_PROGRESS"));
        const QByteArray taskId = task.value(QStringLiteral("taskId")).toString().toUtf8();

        RawResponse got = m_api.call("GET", "/api/tasks/" + taskId, m_api.viewer);
        QCOMPARE(got.status, 200);
        QCOMPARE(obj(got).value(QStringLiteral("taskId")).toString().toUtf8(), taskId);
        QCOMPARE(m_api.call("GET", "/api/tasks/no-such-task", m_api.viewer).status, 404);

        RawResponse noLogs = m_api.call("GET", "/api/tasks/" + taskId + "/log", m_api.viewer);
        QCOMPARE(noLogs.status, 204);
        QVERIFY(!noLogs.hasHeader("Content-Type"));
        RawResponse logged = m_api.call("POST", "/api/tasks/" + taskId + "/log", m_api.operatorAuth, "\"hello \\\"log\\\"\"");
        QCOMPARE(logged.status, 200);
        QVERIFY(!logged.hasHeader("Content-Type"));
        RawResponse logs = m_api.call("GET", "/api/tasks/" + taskId + "/log", m_api.viewer);
        QCOMPARE(logs.status, 200);
        QCOMPARE(arr(logs).first().toObject().value(QStringLiteral("log")).toString(), QStringLiteral("hello \"log\""));

        const QByteArray result = "{\"workflowInstanceId\":\"" + wfId.toUtf8() + "\",\"taskId\":\"" + taskId +
            "\",\"status\":\"COMPLETED\",\"outputData\":{\"r\":1},\"workerId\":\"w1\"}";
        RawResponse updated = m_api.call("POST", "/api/tasks", m_api.operatorAuth, result);
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QCOMPARE(updated.body, taskId);
        QCOMPARE(obj(m_api.call("GET", "/api/tasks/" + taskId, m_api.viewer)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("COMPLETED"));

        RawResponse unknown = m_api.call("POST", "/api/tasks", m_api.operatorAuth, "{\"taskId\":\"no-such-task\",\"status\":\"COMPLETED\"}");
        QCOMPARE(unknown.status, 404);
        RawResponse invalid = m_api.call("POST", "/api/tasks", m_api.operatorAuth, "{\"taskId\":\"x\",\"status\":\"SCHEDULED\"}");
        QCOMPARE(invalid.status, 400);
        QCOMPARE(obj(invalid).value(QStringLiteral("validationErrors")).toArray().first().toObject().value(QStringLiteral("path")).toString(),
                 QStringLiteral("status"));
        QCOMPARE(m_api.call("POST", "/api/tasks", m_api.viewer, result).status, 403);
    }

    void updateV2HandsOutTheNextTask()
    {
        // Drain what earlier tests left in the api_t queue.
        m_api.drain("api_t");
        const QString wfId = m_api.startTwoTaskWorkflow();
        RawResponse polled = m_api.call("GET", "/api/tasks/poll/api_t?workerid=w2", m_api.operatorAuth);
        QCOMPARE(polled.status, 200);
        QCOMPARE(polled.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject first = obj(polled);
        QCOMPARE(first.value(QStringLiteral("workflowInstanceId")).toString(), wfId);
        QCOMPARE(first.value(QStringLiteral("referenceTaskName")).toString(), QStringLiteral("t1"));

        auto resultFor = [&](const QJsonObject &t) {
            return "{\"workflowInstanceId\":\"" + wfId.toUtf8() + "\",\"taskId\":\"" +
                t.value(QStringLiteral("taskId")).toString().toUtf8() + "\",\"status\":\"COMPLETED\",\"workerId\":\"w2\"}";
        };
        RawResponse next = m_api.call("POST", "/api/tasks/update-v2", m_api.operatorAuth, resultFor(first));
        QCOMPARE(next.status, 200);
        const QJsonObject second = obj(next);
        QCOMPARE(second.value(QStringLiteral("referenceTaskName")).toString(), QStringLiteral("t2"));
        QCOMPARE(second.value(QStringLiteral("status")).toString(), QStringLiteral("IN_PROGRESS"));

        RawResponse done = m_api.call("POST", "/api/tasks/update-v2", m_api.operatorAuth, resultFor(second));
        QCOMPARE(done.status, 204);
        QVERIFY(!done.hasHeader("Content-Type"));
        QCOMPARE(obj(m_api.call("GET", "/api/workflow/" + wfId.toUtf8(), m_api.viewer)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("COMPLETED"));
    }

    void longPollIsAnsweredWhenWorkArrives()
    {
        m_api.drain("api_t");
        RawHttpClient poller(m_api.port());
        QVERIFY(poller.connectToServer());
        Headers h = m_api.operatorAuth;
        poller.send(RawHttpClient::build("GET", "/api/tasks/poll/batch/api_t?count=2&timeout=5000&workerid=lp", {}, h));
        // While the poll waits, the server keeps answering other requests.
        const QString wfId = m_api.startTwoTaskWorkflow();
        QVERIFY(!wfId.isEmpty());
        auto r = poller.readResponse(15000);
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 200);
        const QJsonArray tasks = r->json().array();
        QCOMPARE(tasks.size(), 1);
        QCOMPARE(tasks.first().toObject().value(QStringLiteral("workflowInstanceId")).toString(), wfId);
    }

    void queueSizesAndPollData()
    {
        m_api.drain("api_t");
        m_api.startTwoTaskWorkflow();
        RawResponse sizes = m_api.call("GET", "/api/tasks/queue/sizes?taskType=api_t&taskType=unknown_t", m_api.viewer);
        QCOMPARE(sizes.status, 200);
        QCOMPARE(obj(sizes).value(QStringLiteral("api_t")).toInt(), 1);
        QCOMPARE(obj(sizes).value(QStringLiteral("unknown_t")).toInt(), 0);
        RawResponse comma = m_api.call("GET", "/api/tasks/queue/sizes?taskType=api_t,unknown_t", m_api.viewer);
        QCOMPARE(obj(comma), obj(sizes));

        RawResponse data = m_api.call("GET", "/api/tasks/queue/polldata?taskType=api_t", m_api.viewer);
        QCOMPARE(data.status, 200);
        QStringList workers;
        for (const QJsonValue &v : arr(data))
            workers << v.toObject().value(QStringLiteral("workerId")).toString();
        QVERIFY2(workers.contains(QStringLiteral("w1")), data.body.constData());
        QCOMPARE(m_api.call("GET", "/api/tasks/queue/polldata", m_api.viewer).status, 400);
        RawResponse all = m_api.call("GET", "/api/tasks/queue/polldata/all", m_api.viewer);
        QCOMPARE(all.status, 200);
        QVERIFY(arr(all).size() >= arr(data).size());
    }

    void percentEncodedTaskTypes()
    {
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow", m_api.admin,
                      "{\"name\":\"spaced wf\",\"schemaVersion\":2,\"tasks\":[{\"name\":\"my task/x\",\"taskReferenceName\":\"a\"}]}")
                     .status,
                 200);
        RawResponse started = m_api.call("POST", "/api/workflow/spaced%20wf", m_api.operatorAuth, "{}");
        QCOMPARE(started.status, 200);
        RawResponse polled = m_api.call("GET", "/api/tasks/poll/batch/my%20task%2Fx?timeout=2000", m_api.operatorAuth);
        QCOMPARE(arr(polled).size(), 1);
        QCOMPARE(arr(polled).first().toObject().value(QStringLiteral("taskDefName")).toString(), QStringLiteral("my task/x"));
    }
};

QTEST_GUILESS_MAIN(TestWorkerApi)
#include "test_worker_api.moc"
