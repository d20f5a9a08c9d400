// REST routes against a real Engine on a temporary SQLite store, over real sockets: health, version,
// the token exchange, task and workflow definitions, starting and reading workflows, and the role
// each route needs.
#include "ApiFixture.h"

#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestApiRoutes : public QObject
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

    void healthIsAnonymous()
    {
        for (const QByteArray &path : {QByteArray("/healthz"), QByteArray("/health"), QByteArray("/api/health")}) {
            RawResponse r = m_api.call("GET", path, {});
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
            QCOMPARE(obj(r).value(QStringLiteral("healthy")), QJsonValue(true));
        }
    }

    void versionIsTextAndNeedsAToken()
    {
        QCOMPARE(m_api.call("GET", "/api/version", {}).status, 401);
        RawResponse r = m_api.call("GET", "/api/version", m_api.viewer);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QCOMPARE(QString::fromUtf8(r.body), HttpApiServer::buildVersion());
    }

    void tokenExchangeForConductorSdks()
    {
        RawResponse ok = m_api.call("POST", "/api/token", {},
                              "{\"keyId\":\"any\",\"keySecret\":\"" + m_api.operatorSecret + "\"}");
        QCOMPARE(ok.status, 200);
        QCOMPARE(obj(ok).value(QStringLiteral("token")).toString().toLatin1(), m_api.operatorSecret);
        QCOMPARE(m_api.call("POST", "/api/token", {}, "{\"keyId\":\"any\",\"keySecret\":\"orr_wrong\"}").status, 401);
        RawResponse missing = m_api.call("POST", "/api/token", {}, "{\"keyId\":\"any\"}");
        QCOMPARE(missing.status, 400);
        QCOMPARE(obj(missing).value(QStringLiteral("validationErrors")).toArray().first().toObject().value(QStringLiteral("path")).toString(),
                 QStringLiteral("keySecret"));
    }

    // ---- metadata ----

    void taskDefinitions()
    {
        const QByteArray defs = "[{\"name\":\"api_t\",\"retryCount\":1,\"responseTimeoutSeconds\":30},{\"name\":\"my task\"}]";
        QCOMPARE(m_api.call("POST", "/api/metadata/taskdefs", m_api.operatorAuth, defs).status, 403);
        RawResponse created = m_api.call("POST", "/api/metadata/taskdefs", m_api.admin, defs);
        QCOMPARE(created.status, 200);
        QVERIFY(!created.hasHeader("Content-Type"));
        QVERIFY(created.body.isEmpty());

        RawResponse all = m_api.call("GET", "/api/metadata/taskdefs", m_api.viewer);
        QCOMPARE(all.status, 200);
        QStringList names;
        for (const QJsonValue &v : arr(all))
            names << v.toObject().value(QStringLiteral("name")).toString();
        QVERIFY(names.contains(QStringLiteral("api_t")) && names.contains(QStringLiteral("my task")));

        RawResponse one = m_api.call("GET", "/api/metadata/taskdefs/my%20task", m_api.viewer);
        QCOMPARE(one.status, 200);
        QCOMPARE(obj(one).value(QStringLiteral("name")).toString(), QStringLiteral("my task"));

        RawResponse missing = m_api.call("GET", "/api/metadata/taskdefs/nope", m_api.viewer);
        QCOMPARE(missing.status, 404);
        QCOMPARE(obj(missing).value(QStringLiteral("instance")).toString(), QStringLiteral("api-test"));

        RawResponse invalid = m_api.call("POST", "/api/metadata/taskdefs", m_api.admin,
                                   "[{\"name\":\"ok\"},{\"name\":\"bad\",\"responseTimeoutSeconds\":0}]");
        QCOMPARE(invalid.status, 400);
        const QJsonArray errors = obj(invalid).value(QStringLiteral("validationErrors")).toArray();
        QVERIFY(!errors.isEmpty());
        QVERIFY2(errors.first().toObject().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("[1]")),
                 invalid.body.constData());
        QCOMPARE(m_api.call("POST", "/api/metadata/taskdefs", m_api.admin, "{\"name\":\"x\"}").status, 400); // not an array
        QCOMPARE(m_api.call("POST", "/api/metadata/taskdefs", m_api.admin, "[]").status, 400);

        QCOMPARE(m_api.call("PUT", "/api/metadata/taskdefs", m_api.admin, "{\"name\":\"my task\",\"retryCount\":5}").status, 200);
        QCOMPARE(obj(m_api.call("GET", "/api/metadata/taskdefs/my%20task", m_api.viewer)).value(QStringLiteral("retryCount")).toInt(), 5);
        QCOMPARE(m_api.call("DELETE", "/api/metadata/taskdefs/my%20task", m_api.admin).status, 200);
        QCOMPARE(m_api.call("GET", "/api/metadata/taskdefs/my%20task", m_api.viewer).status, 404);
    }

    void workflowDefinitions()
    {
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow", m_api.admin, ApiFixture::kTwoTaskWorkflow).status, 200);
        RawResponse conflict = m_api.call("POST", "/api/metadata/workflow", m_api.admin, ApiFixture::kTwoTaskWorkflow);
        QCOMPARE(conflict.status, 409);
        QCOMPARE(obj(conflict).value(QStringLiteral("status")).toInt(), 409);
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow?overwrite=true", m_api.admin, ApiFixture::kTwoTaskWorkflow).status, 200);
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow?overwrite=maybe", m_api.admin, ApiFixture::kTwoTaskWorkflow).status, 400);

        RawResponse def = m_api.call("GET", "/api/metadata/workflow/api_wf", m_api.viewer);
        QCOMPARE(def.status, 200);
        QCOMPARE(obj(def).value(QStringLiteral("tasks")).toArray().size(), 2);
        QCOMPARE(m_api.call("GET", "/api/metadata/workflow/api_wf?version=1", m_api.viewer).status, 200);
        QCOMPARE(m_api.call("GET", "/api/metadata/workflow/api_wf?version=x", m_api.viewer).status, 400);
        QCOMPARE(m_api.call("GET", "/api/metadata/workflow/api_wf?version=9", m_api.viewer).status, 404);

        const QByteArray other = "{\"name\":\"api_wf_other\",\"schemaVersion\":2,\"tasks\":[{\"name\":\"x\",\"taskReferenceName\":\"x\"}]}";
        RawResponse bulk = m_api.call("PUT", "/api/metadata/workflow", m_api.admin, "[" + other + "]");
        QCOMPARE(bulk.status, 200);
        QCOMPARE(obj(bulk).value(QStringLiteral("bulkSuccessfulResults")).toArray().size(), 1);
        QVERIFY(obj(bulk).value(QStringLiteral("bulkErrorResults")).isObject());

        RawResponse all = m_api.call("GET", "/api/metadata/workflow", m_api.viewer);
        QCOMPARE(all.status, 200);
        QVERIFY(arr(all).size() >= 2);

        RawResponse invalid = m_api.call("POST", "/api/metadata/workflow/validate", m_api.viewer,
                                   "{\"name\":\"v\",\"schemaVersion\":2,\"tasks\":[]}");
        QCOMPARE(invalid.status, 400);
        QVERIFY(!obj(invalid).value(QStringLiteral("validationErrors")).toArray().isEmpty());
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow/validate", m_api.viewer, other).status, 200);

        QCOMPARE(m_api.call("DELETE", "/api/metadata/workflow/api_wf_other/1", m_api.viewer).status, 403);
        QCOMPARE(m_api.call("DELETE", "/api/metadata/workflow/api_wf_other/one", m_api.admin).status, 400);
        QCOMPARE(m_api.call("DELETE", "/api/metadata/workflow/api_wf_other/1", m_api.admin).status, 200);
        QCOMPARE(m_api.call("GET", "/api/metadata/workflow/api_wf_other", m_api.viewer).status, 404);
    }

    // ---- workflows ----

    void startBothWaysAndRead()
    {
        QCOMPARE(m_api.call("POST", "/api/workflow/api_wf", m_api.viewer, "{}").status, 403);
        RawResponse byName = m_api.call("POST", "/api/workflow/api_wf?correlationId=c+1&priority=3", m_api.operatorAuth, "{\"k\":\"v\"}");
        QCOMPARE(byName.status, 200);
        QCOMPARE(byName.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QVERIFY(!byName.body.isEmpty() && !byName.body.startsWith('"'));

        RawResponse wf = m_api.call("GET", "/api/workflow/" + byName.body, m_api.viewer);
        QCOMPARE(wf.status, 200);
        const QJsonObject w = obj(wf);
        QCOMPARE(w.value(QStringLiteral("workflowId")).toString().toUtf8(), byName.body);
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        QCOMPARE(w.value(QStringLiteral("correlationId")).toString(), QStringLiteral("c 1"));
        QCOMPARE(w.value(QStringLiteral("input")).toObject().value(QStringLiteral("k")).toString(), QStringLiteral("v"));
        QVERIFY(!w.value(QStringLiteral("tasks")).toArray().isEmpty());
        RawResponse noTasks = m_api.call("GET", "/api/workflow/" + byName.body + "?includeTasks=false", m_api.viewer);
        QCOMPARE(obj(noTasks).value(QStringLiteral("tasks")).toArray().size(), 0);

        RawResponse byRequest = m_api.call("POST", "/api/workflow", m_api.operatorAuth, "{\"name\":\"api_wf\",\"version\":1,\"input\":{\"a\":1}}");
        QCOMPARE(byRequest.status, 200);
        QCOMPARE(byRequest.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QVERIFY(byRequest.body != byName.body);

        RawResponse unknown = m_api.call("GET", "/api/workflow/no-such-id", m_api.viewer);
        QCOMPARE(unknown.status, 404);
        QVERIFY(obj(unknown).value(QStringLiteral("message")).toString().contains(QStringLiteral("no-such-id")));
        QCOMPARE(m_api.call("POST", "/api/workflow/no_such_wf", m_api.operatorAuth, "{}").status, 404);
        QCOMPARE(m_api.call("POST", "/api/workflow", m_api.operatorAuth, "{\"name\":\"no_such_wf\"}").status, 404);
        QCOMPARE(m_api.call("POST", "/api/workflow/api_wf", m_api.operatorAuth, {}).status, 400);          // no input
        QCOMPARE(m_api.call("POST", "/api/workflow/api_wf", m_api.operatorAuth, "null").status, 400);      // null input
        QCOMPARE(m_api.call("POST", "/api/workflow/api_wf", m_api.operatorAuth, "[1]").status, 400);       // not an object
        QCOMPARE(m_api.call("POST", "/api/workflow/api_wf?priority=100", m_api.operatorAuth, "{}").status, 400);
        RawResponse badRequest = m_api.call("POST", "/api/workflow", m_api.operatorAuth, "{\"input\":\"x\"}");
        QCOMPARE(badRequest.status, 400);
        QVERIFY(!obj(badRequest).value(QStringLiteral("validationErrors")).toArray().isEmpty());
        QCOMPARE(m_api.call("POST", "/api/workflow", m_api.operatorAuth, "{\"name\":").status, 400);      // malformed
    }

    // ---- worker API ----
};

QTEST_GUILESS_MAIN(TestApiRoutes)
#include "test_api_routes.moc"
