// The REST routes of this release against a real Engine on a temporary SQLite store, over real
// sockets: health, version, token exchange, metadata, workflow start/read, and the worker API
// (polls with their exact empty answers, updates, logs, queue sizes, poll data), plus the
// role each route needs.
#include "RawHttpClient.h"

#include "api/HttpApiServer.h"
#include "api/TokenService.h"

#include "store/Store.h"
#include "workflow/Engine.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using orrery::test::RawHttpClient;
using orrery::test::RawResponse;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

QJsonObject obj(const RawResponse &r) { return r.json().object(); }
QJsonArray arr(const RawResponse &r) { return r.json().array(); }

const QByteArray kTwoTaskWorkflow = "{\"name\":\"api_wf\",\"version\":1,\"schemaVersion\":2,\"tasks\":["
                                   "{\"name\":\"api_t\",\"taskReferenceName\":\"t1\",\"type\":\"SIMPLE\"},"
                                   "{\"name\":\"api_t\",\"taskReferenceName\":\"t2\",\"type\":\"SIMPLE\"}]}";

} // namespace

class TestApiRoutes : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<HttpApiServer> m_server;
    quint16 m_port = 0;
    Headers m_viewer, m_operator, m_admin;
    QByteArray m_operatorSecret;

    RawResponse call(const QByteArray &method, const QByteArray &target, const Headers &auth,
                     const QByteArray &body = {})
    {
        RawHttpClient c(m_port);
        Headers h = auth;
        if (!body.isEmpty())
            h.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        return c.request(method, target, body, h);
    }

    // Starts api_wf and returns its id.
    QString startTwoTaskWorkflow()
    {
        RawResponse r = call("POST", "/api/workflow/api_wf", m_operator, "{}");
        if (r.status != 200)
            qWarning("start failed: %d %s", r.status, r.body.constData());
        return QString::fromUtf8(r.body);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto store = Store::open(StoreConfig{m_dir.filePath(QStringLiteral("orrery.db"))});
        QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().message));
        m_store = std::move(store).value();
        m_engine = std::make_unique<Engine>(m_store.get(), EngineConfig{});
        auto started = m_engine->start();
        QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));

        m_tokens = std::make_unique<TokenService>(m_store.get(), nullptr);
        QVERIFY(m_tokens->load().ok());
        auto viewer = m_tokens->create(QStringLiteral("viewer"), Role::Viewer);
        auto op = m_tokens->create(QStringLiteral("worker"), Role::Operator);
        auto admin = m_tokens->create(QStringLiteral("root"), Role::Admin);
        QVERIFY(viewer.ok() && op.ok() && admin.ok());
        m_viewer = {{"Authorization", "Bearer " + viewer->secret.toLatin1()}};
        m_operatorSecret = op->secret.toLatin1();
        m_operator = {{"X-Authorization", m_operatorSecret}}; // the Conductor SDK header
        m_admin = {{"Authorization", "Bearer " + admin->secret.toLatin1()}};

        ApiServerOptions options;
        options.http.instance = QStringLiteral("api-test");
        m_server = std::make_unique<HttpApiServer>(m_engine.get(), m_tokens.get(), options);
        auto port = m_server->start(QHostAddress::LocalHost, 0);
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_port = *port;
    }

    void cleanupTestCase()
    {
        m_server.reset();
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        if (m_store)
            m_store->close();
    }

    // ---- anonymous and basic routes ----

    void healthIsAnonymous()
    {
        for (const QByteArray &path : {QByteArray("/healthz"), QByteArray("/health"), QByteArray("/api/health")}) {
            RawResponse r = call("GET", path, {});
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
            QCOMPARE(obj(r).value(QStringLiteral("healthy")), QJsonValue(true));
        }
    }

    void versionIsTextAndNeedsAToken()
    {
        QCOMPARE(call("GET", "/api/version", {}).status, 401);
        RawResponse r = call("GET", "/api/version", m_viewer);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QCOMPARE(QString::fromUtf8(r.body), HttpApiServer::buildVersion());
    }

    void tokenExchangeForConductorSdks()
    {
        RawResponse ok = call("POST", "/api/token", {},
                              "{\"keyId\":\"any\",\"keySecret\":\"" + m_operatorSecret + "\"}");
        QCOMPARE(ok.status, 200);
        QCOMPARE(obj(ok).value(QStringLiteral("token")).toString().toLatin1(), m_operatorSecret);
        QCOMPARE(call("POST", "/api/token", {}, "{\"keyId\":\"any\",\"keySecret\":\"orr_wrong\"}").status, 401);
        RawResponse missing = call("POST", "/api/token", {}, "{\"keyId\":\"any\"}");
        QCOMPARE(missing.status, 400);
        QCOMPARE(obj(missing).value(QStringLiteral("validationErrors")).toArray().first().toObject().value(QStringLiteral("path")).toString(),
                 QStringLiteral("keySecret"));
    }

    // ---- metadata ----

    void taskDefinitions()
    {
        const QByteArray defs = "[{\"name\":\"api_t\",\"retryCount\":1,\"responseTimeoutSeconds\":30},{\"name\":\"my task\"}]";
        QCOMPARE(call("POST", "/api/metadata/taskdefs", m_operator, defs).status, 403);
        RawResponse created = call("POST", "/api/metadata/taskdefs", m_admin, defs);
        QCOMPARE(created.status, 200);
        QVERIFY(!created.hasHeader("Content-Type"));
        QVERIFY(created.body.isEmpty());

        RawResponse all = call("GET", "/api/metadata/taskdefs", m_viewer);
        QCOMPARE(all.status, 200);
        QStringList names;
        for (const QJsonValue &v : arr(all))
            names << v.toObject().value(QStringLiteral("name")).toString();
        QVERIFY(names.contains(QStringLiteral("api_t")) && names.contains(QStringLiteral("my task")));

        RawResponse one = call("GET", "/api/metadata/taskdefs/my%20task", m_viewer);
        QCOMPARE(one.status, 200);
        QCOMPARE(obj(one).value(QStringLiteral("name")).toString(), QStringLiteral("my task"));

        RawResponse missing = call("GET", "/api/metadata/taskdefs/nope", m_viewer);
        QCOMPARE(missing.status, 404);
        QCOMPARE(obj(missing).value(QStringLiteral("instance")).toString(), QStringLiteral("api-test"));

        RawResponse invalid = call("POST", "/api/metadata/taskdefs", m_admin,
                                   "[{\"name\":\"ok\"},{\"name\":\"bad\",\"responseTimeoutSeconds\":0}]");
        QCOMPARE(invalid.status, 400);
        const QJsonArray errors = obj(invalid).value(QStringLiteral("validationErrors")).toArray();
        QVERIFY(!errors.isEmpty());
        QVERIFY2(errors.first().toObject().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("[1]")),
                 invalid.body.constData());
        QCOMPARE(call("POST", "/api/metadata/taskdefs", m_admin, "{\"name\":\"x\"}").status, 400); // not an array
        QCOMPARE(call("POST", "/api/metadata/taskdefs", m_admin, "[]").status, 400);

        QCOMPARE(call("PUT", "/api/metadata/taskdefs", m_admin, "{\"name\":\"my task\",\"retryCount\":5}").status, 200);
        QCOMPARE(obj(call("GET", "/api/metadata/taskdefs/my%20task", m_viewer)).value(QStringLiteral("retryCount")).toInt(), 5);
        QCOMPARE(call("DELETE", "/api/metadata/taskdefs/my%20task", m_admin).status, 200);
        QCOMPARE(call("GET", "/api/metadata/taskdefs/my%20task", m_viewer).status, 404);
    }

    void workflowDefinitions()
    {
        QCOMPARE(call("POST", "/api/metadata/workflow", m_admin, kTwoTaskWorkflow).status, 200);
        RawResponse conflict = call("POST", "/api/metadata/workflow", m_admin, kTwoTaskWorkflow);
        QCOMPARE(conflict.status, 409);
        QCOMPARE(obj(conflict).value(QStringLiteral("status")).toInt(), 409);
        QCOMPARE(call("POST", "/api/metadata/workflow?overwrite=true", m_admin, kTwoTaskWorkflow).status, 200);
        QCOMPARE(call("POST", "/api/metadata/workflow?overwrite=maybe", m_admin, kTwoTaskWorkflow).status, 400);

        RawResponse def = call("GET", "/api/metadata/workflow/api_wf", m_viewer);
        QCOMPARE(def.status, 200);
        QCOMPARE(obj(def).value(QStringLiteral("tasks")).toArray().size(), 2);
        QCOMPARE(call("GET", "/api/metadata/workflow/api_wf?version=1", m_viewer).status, 200);
        QCOMPARE(call("GET", "/api/metadata/workflow/api_wf?version=x", m_viewer).status, 400);
        QCOMPARE(call("GET", "/api/metadata/workflow/api_wf?version=9", m_viewer).status, 404);

        const QByteArray other = "{\"name\":\"api_wf_other\",\"schemaVersion\":2,\"tasks\":[{\"name\":\"x\",\"taskReferenceName\":\"x\"}]}";
        RawResponse bulk = call("PUT", "/api/metadata/workflow", m_admin, "[" + other + "]");
        QCOMPARE(bulk.status, 200);
        QCOMPARE(obj(bulk).value(QStringLiteral("bulkSuccessfulResults")).toArray().size(), 1);
        QVERIFY(obj(bulk).value(QStringLiteral("bulkErrorResults")).isObject());

        RawResponse all = call("GET", "/api/metadata/workflow", m_viewer);
        QCOMPARE(all.status, 200);
        QVERIFY(arr(all).size() >= 2);

        RawResponse invalid = call("POST", "/api/metadata/workflow/validate", m_viewer,
                                   "{\"name\":\"v\",\"schemaVersion\":2,\"tasks\":[]}");
        QCOMPARE(invalid.status, 400);
        QVERIFY(!obj(invalid).value(QStringLiteral("validationErrors")).toArray().isEmpty());
        QCOMPARE(call("POST", "/api/metadata/workflow/validate", m_viewer, other).status, 200);

        QCOMPARE(call("DELETE", "/api/metadata/workflow/api_wf_other/1", m_viewer).status, 403);
        QCOMPARE(call("DELETE", "/api/metadata/workflow/api_wf_other/one", m_admin).status, 400);
        QCOMPARE(call("DELETE", "/api/metadata/workflow/api_wf_other/1", m_admin).status, 200);
        QCOMPARE(call("GET", "/api/metadata/workflow/api_wf_other", m_viewer).status, 404);
    }

    // ---- workflows ----

    void startBothWaysAndRead()
    {
        QCOMPARE(call("POST", "/api/workflow/api_wf", m_viewer, "{}").status, 403);
        RawResponse byName = call("POST", "/api/workflow/api_wf?correlationId=c+1&priority=3", m_operator, "{\"k\":\"v\"}");
        QCOMPARE(byName.status, 200);
        QCOMPARE(byName.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QVERIFY(!byName.body.isEmpty() && !byName.body.startsWith('"'));

        RawResponse wf = call("GET", "/api/workflow/" + byName.body, m_viewer);
        QCOMPARE(wf.status, 200);
        const QJsonObject w = obj(wf);
        QCOMPARE(w.value(QStringLiteral("workflowId")).toString().toUtf8(), byName.body);
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        QCOMPARE(w.value(QStringLiteral("correlationId")).toString(), QStringLiteral("c 1"));
        QCOMPARE(w.value(QStringLiteral("input")).toObject().value(QStringLiteral("k")).toString(), QStringLiteral("v"));
        QVERIFY(!w.value(QStringLiteral("tasks")).toArray().isEmpty());
        RawResponse noTasks = call("GET", "/api/workflow/" + byName.body + "?includeTasks=false", m_viewer);
        QCOMPARE(obj(noTasks).value(QStringLiteral("tasks")).toArray().size(), 0);

        RawResponse byRequest = call("POST", "/api/workflow", m_operator, "{\"name\":\"api_wf\",\"version\":1,\"input\":{\"a\":1}}");
        QCOMPARE(byRequest.status, 200);
        QCOMPARE(byRequest.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QVERIFY(byRequest.body != byName.body);

        RawResponse unknown = call("GET", "/api/workflow/no-such-id", m_viewer);
        QCOMPARE(unknown.status, 404);
        QVERIFY(obj(unknown).value(QStringLiteral("message")).toString().contains(QStringLiteral("no-such-id")));
        QCOMPARE(call("POST", "/api/workflow/no_such_wf", m_operator, "{}").status, 404);
        QCOMPARE(call("POST", "/api/workflow", m_operator, "{\"name\":\"no_such_wf\"}").status, 404);
        QCOMPARE(call("POST", "/api/workflow/api_wf", m_operator, {}).status, 400);          // no input
        QCOMPARE(call("POST", "/api/workflow/api_wf", m_operator, "null").status, 400);      // null input
        QCOMPARE(call("POST", "/api/workflow/api_wf", m_operator, "[1]").status, 400);       // not an object
        QCOMPARE(call("POST", "/api/workflow/api_wf?priority=100", m_operator, "{}").status, 400);
        RawResponse badRequest = call("POST", "/api/workflow", m_operator, "{\"input\":\"x\"}");
        QCOMPARE(badRequest.status, 400);
        QVERIFY(!obj(badRequest).value(QStringLiteral("validationErrors")).toArray().isEmpty());
        QCOMPARE(call("POST", "/api/workflow", m_operator, "{\"name\":").status, 400);      // malformed
    }

    // ---- worker API ----

    void emptyPollAnswers()
    {
        RawResponse batch = call("GET", "/api/tasks/poll/batch/nobody_polls_this?timeout=0", m_operator);
        QCOMPARE(batch.status, 200);
        QCOMPARE(batch.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(batch.body, QByteArray("[]"));

        RawResponse single = call("GET", "/api/tasks/poll/nobody_polls_this", m_operator);
        QCOMPARE(single.status, 204);
        QVERIFY(!single.hasHeader("Content-Type"));
        QVERIFY(single.body.isEmpty());

        RawResponse tooLong = call("GET", "/api/tasks/poll/batch/x?timeout=5001", m_operator);
        QCOMPARE(tooLong.status, 400);
        QCOMPARE(obj(tooLong).value(QStringLiteral("message")).toString(),
                 QStringLiteral("Long Poll Timeout value cannot be more than 5 seconds"));
        QCOMPARE(call("GET", "/api/tasks/poll/batch/x?count=zero", m_operator).status, 400);
        QCOMPARE(call("GET", "/api/tasks/poll/batch/x?timeout=0", m_viewer).status, 403); // a poll leases tasks
        QCOMPARE(call("GET", "/api/tasks/poll/batch/x?timeout=0", {}).status, 401);
    }

    void pollUpdateAndLogs()
    {
        const QString wfId = startTwoTaskWorkflow();
        QVERIFY(!wfId.isEmpty());
        RawResponse polled = call("GET", "/api/tasks/poll/batch/api_t?count=5&timeout=2000&workerid=w1", m_operator);
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

        RawResponse got = call("GET", "/api/tasks/" + taskId, m_viewer);
        QCOMPARE(got.status, 200);
        QCOMPARE(obj(got).value(QStringLiteral("taskId")).toString().toUtf8(), taskId);
        QCOMPARE(call("GET", "/api/tasks/no-such-task", m_viewer).status, 404);

        RawResponse noLogs = call("GET", "/api/tasks/" + taskId + "/log", m_viewer);
        QCOMPARE(noLogs.status, 204);
        QVERIFY(!noLogs.hasHeader("Content-Type"));
        RawResponse logged = call("POST", "/api/tasks/" + taskId + "/log", m_operator, "\"hello \\\"log\\\"\"");
        QCOMPARE(logged.status, 200);
        QVERIFY(!logged.hasHeader("Content-Type"));
        RawResponse logs = call("GET", "/api/tasks/" + taskId + "/log", m_viewer);
        QCOMPARE(logs.status, 200);
        QCOMPARE(arr(logs).first().toObject().value(QStringLiteral("log")).toString(), QStringLiteral("hello \"log\""));

        const QByteArray result = "{\"workflowInstanceId\":\"" + wfId.toUtf8() + "\",\"taskId\":\"" + taskId +
            "\",\"status\":\"COMPLETED\",\"outputData\":{\"r\":1},\"workerId\":\"w1\"}";
        RawResponse updated = call("POST", "/api/tasks", m_operator, result);
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QCOMPARE(updated.body, taskId);
        QCOMPARE(obj(call("GET", "/api/tasks/" + taskId, m_viewer)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("COMPLETED"));

        RawResponse unknown = call("POST", "/api/tasks", m_operator, "{\"taskId\":\"no-such-task\",\"status\":\"COMPLETED\"}");
        QCOMPARE(unknown.status, 404);
        RawResponse invalid = call("POST", "/api/tasks", m_operator, "{\"taskId\":\"x\",\"status\":\"SCHEDULED\"}");
        QCOMPARE(invalid.status, 400);
        QCOMPARE(obj(invalid).value(QStringLiteral("validationErrors")).toArray().first().toObject().value(QStringLiteral("path")).toString(),
                 QStringLiteral("status"));
        QCOMPARE(call("POST", "/api/tasks", m_viewer, result).status, 403);
    }

    void updateV2HandsOutTheNextTask()
    {
        // Drain what earlier tests left in the api_t queue.
        while (!arr(call("GET", "/api/tasks/poll/batch/api_t?count=100&timeout=0", m_operator)).isEmpty()) {
        }
        const QString wfId = startTwoTaskWorkflow();
        RawResponse polled = call("GET", "/api/tasks/poll/api_t?workerid=w2", m_operator);
        QCOMPARE(polled.status, 200);
        QCOMPARE(polled.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject first = obj(polled);
        QCOMPARE(first.value(QStringLiteral("workflowInstanceId")).toString(), wfId);
        QCOMPARE(first.value(QStringLiteral("referenceTaskName")).toString(), QStringLiteral("t1"));

        auto resultFor = [&](const QJsonObject &t) {
            return "{\"workflowInstanceId\":\"" + wfId.toUtf8() + "\",\"taskId\":\"" +
                t.value(QStringLiteral("taskId")).toString().toUtf8() + "\",\"status\":\"COMPLETED\",\"workerId\":\"w2\"}";
        };
        RawResponse next = call("POST", "/api/tasks/update-v2", m_operator, resultFor(first));
        QCOMPARE(next.status, 200);
        const QJsonObject second = obj(next);
        QCOMPARE(second.value(QStringLiteral("referenceTaskName")).toString(), QStringLiteral("t2"));
        QCOMPARE(second.value(QStringLiteral("status")).toString(), QStringLiteral("IN_PROGRESS"));

        RawResponse done = call("POST", "/api/tasks/update-v2", m_operator, resultFor(second));
        QCOMPARE(done.status, 204);
        QVERIFY(!done.hasHeader("Content-Type"));
        QCOMPARE(obj(call("GET", "/api/workflow/" + wfId.toUtf8(), m_viewer)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("COMPLETED"));
    }

    void longPollIsAnsweredWhenWorkArrives()
    {
        while (!arr(call("GET", "/api/tasks/poll/batch/api_t?count=100&timeout=0", m_operator)).isEmpty()) {
        }
        RawHttpClient poller(m_port);
        QVERIFY(poller.connectToServer());
        Headers h = m_operator;
        poller.send(RawHttpClient::build("GET", "/api/tasks/poll/batch/api_t?count=2&timeout=5000&workerid=lp", {}, h));
        // While the poll waits, the server keeps answering other requests.
        const QString wfId = startTwoTaskWorkflow();
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
        while (!arr(call("GET", "/api/tasks/poll/batch/api_t?count=100&timeout=0", m_operator)).isEmpty()) {
        }
        startTwoTaskWorkflow();
        RawResponse sizes = call("GET", "/api/tasks/queue/sizes?taskType=api_t&taskType=unknown_t", m_viewer);
        QCOMPARE(sizes.status, 200);
        QCOMPARE(obj(sizes).value(QStringLiteral("api_t")).toInt(), 1);
        QCOMPARE(obj(sizes).value(QStringLiteral("unknown_t")).toInt(), 0);
        RawResponse comma = call("GET", "/api/tasks/queue/sizes?taskType=api_t,unknown_t", m_viewer);
        QCOMPARE(obj(comma), obj(sizes));

        RawResponse data = call("GET", "/api/tasks/queue/polldata?taskType=api_t", m_viewer);
        QCOMPARE(data.status, 200);
        QStringList workers;
        for (const QJsonValue &v : arr(data))
            workers << v.toObject().value(QStringLiteral("workerId")).toString();
        QVERIFY2(workers.contains(QStringLiteral("w1")), data.body.constData());
        QCOMPARE(call("GET", "/api/tasks/queue/polldata", m_viewer).status, 400);
        RawResponse all = call("GET", "/api/tasks/queue/polldata/all", m_viewer);
        QCOMPARE(all.status, 200);
        QVERIFY(arr(all).size() >= arr(data).size());
    }

    void percentEncodedTaskTypes()
    {
        QCOMPARE(call("POST", "/api/metadata/workflow", m_admin,
                      "{\"name\":\"spaced wf\",\"schemaVersion\":2,\"tasks\":[{\"name\":\"my task/x\",\"taskReferenceName\":\"a\"}]}")
                     .status,
                 200);
        RawResponse started = call("POST", "/api/workflow/spaced%20wf", m_operator, "{}");
        QCOMPARE(started.status, 200);
        RawResponse polled = call("GET", "/api/tasks/poll/batch/my%20task%2Fx?timeout=2000", m_operator);
        QCOMPARE(arr(polled).size(), 1);
        QCOMPARE(arr(polled).first().toObject().value(QStringLiteral("taskDefName")).toString(), QStringLiteral("my task/x"));
    }
};

QTEST_GUILESS_MAIN(TestApiRoutes)
#include "test_api_routes.moc"
