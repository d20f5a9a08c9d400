// Malformed input, route by route: invalid JSON, wrong types, unknown enum values, missing
// fields, oversized bodies and path traversal in ids are each answered 4xx in Conductor's error
// shape with a message that says what to fix (and validationErrors with the field path for bad
// bodies), and nothing changes: definitions, executions, tasks and tokens stay as they were.

#include "ApiFixture.h"

#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestMalformedInput : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;

    // What the API holds, as seen through its own routes.
    QByteArray snapshot() const
    {
        QByteArray s;
        s += m_api.call("GET", "/api/metadata/taskdefs", m_api.admin).body;
        s += m_api.call("GET", "/api/metadata/workflow", m_api.admin).body;
        s += QByteArray::number(obj(m_api.call("GET", "/api/workflow/search", m_api.admin)).value(QStringLiteral("totalHits")).toInt());
        s += QByteArray::number(obj(m_api.call("GET", "/api/tasks", m_api.admin)).value(QStringLiteral("totalHits")).toInt());
        s += QByteArray::number(obj(m_api.call("GET", "/api/tokens", m_api.admin)).value(QStringLiteral("totalHits")).toInt());
        s += m_api.call("GET", "/api/tasks/queue/sizes?taskType=api_t", m_api.admin).body;
        return s;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_api.start().isEmpty());
        QVERIFY(!m_api.startTwoTaskWorkflow().isEmpty());
    }

    void refusedWithoutChange_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("mentions"); // in the message or a validation path

        const QByteArray bad = "{\"name\": ";
        // ---- metadata ----
        QTest::newRow("taskdefs invalid JSON") << QByteArray("POST") << QByteArray("/api/metadata/taskdefs") << bad << 400 << "JSON";
        QTest::newRow("taskdefs not a list") << QByteArray("POST") << QByteArray("/api/metadata/taskdefs") << QByteArray("{\"name\":\"x\"}") << 400 << "array";
        QTest::newRow("taskdefs missing name") << QByteArray("POST") << QByteArray("/api/metadata/taskdefs") << QByteArray("[{}]") << 400 << "[0].name";
        QTest::newRow("taskdefs wrong type") << QByteArray("POST") << QByteArray("/api/metadata/taskdefs") << QByteArray("[{\"name\":\"t\",\"retryCount\":\"three\"}]") << 400 << "[0].retryCount";
        QTest::newRow("taskdefs unknown enum") << QByteArray("POST") << QByteArray("/api/metadata/taskdefs") << QByteArray("[{\"name\":\"t\",\"retryLogic\":\"SOMETIMES\"}]") << 400 << "[0].retryLogic";
        QTest::newRow("taskdefs second item") << QByteArray("POST") << QByteArray("/api/metadata/taskdefs") << QByteArray("[{\"name\":\"ok_t\"},{\"name\":\"t\",\"responseTimeoutSeconds\":0}]") << 400 << "[1].responseTimeoutSeconds";
        QTest::newRow("taskdef update not an object") << QByteArray("PUT") << QByteArray("/api/metadata/taskdefs") << QByteArray("[]") << 400 << "object";
        QTest::newRow("workflow def invalid JSON") << QByteArray("POST") << QByteArray("/api/metadata/workflow") << bad << 400 << "JSON";
        QTest::newRow("workflow def missing tasks") << QByteArray("POST") << QByteArray("/api/metadata/workflow") << QByteArray("{\"name\":\"w\",\"schemaVersion\":2}") << 400 << "tasks";
        QTest::newRow("workflow def wrong type") << QByteArray("POST") << QByteArray("/api/metadata/workflow") << QByteArray("{\"name\":\"w\",\"version\":\"one\",\"tasks\":[]}") << 400 << "version";
        QTest::newRow("workflow def overwrite flag") << QByteArray("POST") << QByteArray("/api/metadata/workflow?overwrite=perhaps") << QByteArray("{}") << 400 << "overwrite";
        QTest::newRow("workflow defs not a list") << QByteArray("PUT") << QByteArray("/api/metadata/workflow") << QByteArray("{}") << 400 << "array";
        QTest::newRow("workflow def version") << QByteArray("DELETE") << QByteArray("/api/metadata/workflow/api_wf/one") << QByteArray() << 400 << "version";
        QTest::newRow("workflow def version query") << QByteArray("GET") << QByteArray("/api/metadata/workflow/api_wf?version=x") << QByteArray() << 400 << "version";
        // ---- workflows ----
        QTest::newRow("start invalid JSON") << QByteArray("POST") << QByteArray("/api/workflow") << bad << 400 << "JSON";
        QTest::newRow("start missing name") << QByteArray("POST") << QByteArray("/api/workflow") << QByteArray("{\"input\":{}}") << 400 << "name";
        QTest::newRow("start wrong type") << QByteArray("POST") << QByteArray("/api/workflow") << QByteArray("{\"name\":\"api_wf\",\"input\":\"text\"}") << 400 << "input";
        QTest::newRow("start unknown workflow") << QByteArray("POST") << QByteArray("/api/workflow") << QByteArray("{\"name\":\"no_such_wf\"}") << 404 << "no_such_wf";
        QTest::newRow("start by name no body") << QByteArray("POST") << QByteArray("/api/workflow/api_wf") << QByteArray() << 400 << "NULL input";
        QTest::newRow("start by name array") << QByteArray("POST") << QByteArray("/api/workflow/api_wf") << QByteArray("[1]") << 400 << "JSON object";
        QTest::newRow("start by name version") << QByteArray("POST") << QByteArray("/api/workflow/api_wf?version=latest") << QByteArray("{}") << 400 << "version";
        QTest::newRow("start by name priority") << QByteArray("POST") << QByteArray("/api/workflow/api_wf?priority=500") << QByteArray("{}") << 400 << "priority";
        QTest::newRow("workflow id traversal") << QByteArray("GET") << QByteArray("/api/workflow/..%2F..%2Fetc%2Fpasswd") << QByteArray() << 400 << "workflowId";
        QTest::newRow("workflow id dots") << QByteArray("GET") << QByteArray("/api/workflow/%2e%2e") << QByteArray() << 400 << "workflowId";
        QTest::newRow("includeTasks") << QByteArray("GET") << QByteArray("/api/workflow/abc?includeTasks=maybe") << QByteArray() << 400 << "includeTasks";
        QTest::newRow("status traversal") << QByteArray("GET") << QByteArray("/api/workflow/..%2Fx/status") << QByteArray() << 400 << "workflowId";
        QTest::newRow("retry traversal") << QByteArray("POST") << QByteArray("/api/workflow/..%5C..%5Cx/retry") << QByteArray() << 400 << "workflowId";
        QTest::newRow("search size") << QByteArray("GET") << QByteArray("/api/workflow/search?size=abc") << QByteArray() << 400 << "size";
        QTest::newRow("search status") << QByteArray("GET") << QByteArray("/api/workflow/search?status=SLEEPING") << QByteArray() << 400 << "status";
        QTest::newRow("running version") << QByteArray("GET") << QByteArray("/api/workflow/running/api_wf?version=v1") << QByteArray() << 400 << "version";
        // ---- tasks ----
        QTest::newRow("update invalid JSON") << QByteArray("POST") << QByteArray("/api/tasks") << bad << 400 << "JSON";
        QTest::newRow("update missing taskId") << QByteArray("POST") << QByteArray("/api/tasks") << QByteArray("{\"status\":\"COMPLETED\"}") << 400 << "taskId";
        QTest::newRow("update unknown status") << QByteArray("POST") << QByteArray("/api/tasks") << QByteArray("{\"taskId\":\"x\",\"status\":\"DONE\"}") << 400 << "status";
        QTest::newRow("update wrong type") << QByteArray("POST") << QByteArray("/api/tasks") << QByteArray("{\"taskId\":5,\"status\":\"COMPLETED\"}") << 400 << "taskId";
        QTest::newRow("update-v2 not an object") << QByteArray("POST") << QByteArray("/api/tasks/update-v2") << QByteArray("[]") << 400 << "object";
        QTest::newRow("log traversal") << QByteArray("POST") << QByteArray("/api/tasks/..%2F..%2Fx/log") << QByteArray("\"line\"") << 400 << "taskId";
        QTest::newRow("log empty") << QByteArray("POST") << QByteArray("/api/tasks/abc/log") << QByteArray() << 400 << "body";
        QTest::newRow("task traversal") << QByteArray("GET") << QByteArray("/api/tasks/..%2Fsecret") << QByteArray() << 400 << "taskId";
        QTest::newRow("task include") << QByteArray("GET") << QByteArray("/api/tasks/abc?include=everything") << QByteArray() << 400 << "include";
        QTest::newRow("task logs traversal") << QByteArray("GET") << QByteArray("/api/tasks/%2e%2e%2fx/log") << QByteArray() << 400 << "taskId";
        QTest::newRow("poll count") << QByteArray("GET") << QByteArray("/api/tasks/poll/batch/api_t?count=many") << QByteArray() << 400 << "count";
        QTest::newRow("poll timeout") << QByteArray("GET") << QByteArray("/api/tasks/poll/batch/api_t?timeout=9000") << QByteArray() << 400 << "5 seconds";
        QTest::newRow("polldata type") << QByteArray("GET") << QByteArray("/api/tasks/queue/polldata") << QByteArray() << 400 << "taskType";
        QTest::newRow("task list status") << QByteArray("GET") << QByteArray("/api/tasks?status=ALMOST") << QByteArray() << 400 << "status";
        // ---- tokens, audit, operations ----
        QTest::newRow("token exchange invalid JSON") << QByteArray("POST") << QByteArray("/api/token") << bad << 400 << "JSON";
        QTest::newRow("token exchange missing secret") << QByteArray("POST") << QByteArray("/api/token") << QByteArray("{\"keyId\":\"a\"}") << 400 << "keySecret";
        QTest::newRow("token create invalid JSON") << QByteArray("POST") << QByteArray("/api/tokens") << bad << 400 << "JSON";
        QTest::newRow("token create missing") << QByteArray("POST") << QByteArray("/api/tokens") << QByteArray("{\"name\":\"n\"}") << 400 << "role";
        QTest::newRow("token create enum") << QByteArray("POST") << QByteArray("/api/tokens") << QByteArray("{\"name\":\"n\",\"role\":\"root\"}") << 400 << "role";
        QTest::newRow("token revoke traversal") << QByteArray("DELETE") << QByteArray("/api/tokens/..%2F..%2Fx") << QByteArray() << 400 << "tokenId";
        QTest::newRow("token list paging") << QByteArray("GET") << QByteArray("/api/tokens?start=-5") << QByteArray() << 400 << "start";
        QTest::newRow("audit since") << QByteArray("GET") << QByteArray("/api/audit?since=last-week") << QByteArray() << 400 << "since";
        QTest::newRow("audit status") << QByteArray("GET") << QByteArray("/api/audit?status=bad") << QByteArray() << 400 << "status";
        QTest::newRow("workers paging") << QByteArray("GET") << QByteArray("/api/conductor/workers?size=100000") << QByteArray() << 400 << "size";
        QTest::newRow("deep JSON") << QByteArray("POST") << QByteArray("/api/workflow") << (QByteArray(100, '[') + QByteArray(100, ']')) << 400 << "nest";
    }

    void refusedWithoutChange()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, mentions);
        const QByteArray before = snapshot();
        RawResponse r = m_api.call(method, target, m_api.admin, body);
        QVERIFY2(r.status == status, (QByteArray::number(r.status) + ' ' + r.body).constData());
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject error = obj(r);
        QCOMPARE(error.value(QStringLiteral("status")).toInt(), status);
        const QString message = error.value(QStringLiteral("message")).toString();
        QVERIFY2(message.size() >= 20, qPrintable(message));
        QString paths;
        for (const QJsonValue &e : error.value(QStringLiteral("validationErrors")).toArray())
            paths += e.toObject().value(QStringLiteral("path")).toString() + u' ';
        QVERIFY2(message.contains(mentions, Qt::CaseInsensitive) || paths.contains(mentions),
                 qPrintable(message + QStringLiteral(" | paths: ") + paths));
        QCOMPARE(snapshot(), before);
    }

    void oversizedBodiesAre413WithoutReadingThem_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        for (const char *route : {"POST /api/workflow", "POST /api/workflow/api_wf", "POST /api/metadata/taskdefs",
                                  "PUT /api/metadata/workflow", "POST /api/tasks", "POST /api/tokens", "POST /api/token"}) {
            const QList<QByteArray> parts = QByteArray(route).split(' ');
            QTest::newRow(route) << parts[0] << parts[1];
        }
    }
    void oversizedBodiesAre413WithoutReadingThem()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        const QByteArray before = snapshot();
        RawHttpClient c(m_api.port());
        QVERIFY(c.connectToServer());
        c.send(method + ' ' + path + " HTTP/1.1\r\nHost: t\r\n" + m_api.admin.first().first + ": " +
               m_api.admin.first().second + "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{");
        auto r = c.readResponse();
        QVERIFY(r.has_value());
        QCOMPARE(r->status, 413);
        QVERIFY(r->json().object().value(QStringLiteral("message")).toString().contains(QStringLiteral("limit")));
        QCOMPARE(snapshot(), before);
    }
};

QTEST_GUILESS_MAIN(TestMalformedInput)
#include "test_malformed_input.moc"
