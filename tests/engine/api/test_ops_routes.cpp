// Orrery's operations routes: workers, stats, metrics, audit log, token management, health and
// readiness, OpenAPI.

#include "ApiFixture.h"
#include "OpsHelpers.h"

#include "api/MetricsRegistry.h"
#include "api/OpenApiBuilder.h"
#include "api/StatsRegistry.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestOpsRoutes : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;
    OpsHelpers ops{m_api};

    static QJsonObject figure(const QJsonObject &stats, const char *name, const char *window)
    {
        return stats.value(QStringLiteral("figures")).toObject().value(QLatin1String(name)).toObject().value(QLatin1String(window)).toObject();
    }

private slots:
    void initTestCase()
    {
        ApiServerOptions options;
        options.figuresCacheMs = 0; // every call reads the store
        const QString failure = m_api.start(options);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void healthAndReadiness()
    {
        QCOMPARE(m_api.call("GET", "/healthz", {}).status, 200);
        QCOMPARE(m_api.call("GET", "/readyz", {}).status, 401);
        RawResponse ready = m_api.call("GET", "/readyz", m_api.viewer);
        QCOMPARE(ready.status, 200);
        QCOMPARE(obj(ready).value(QStringLiteral("ready")), QJsonValue(true));
        QCOMPARE(obj(ready).value(QStringLiteral("checks")).toObject().value(QStringLiteral("store")).toString(), QStringLiteral("ok"));
    }

    void workersListPollersWithCountsAndInFlight()
    {
        ops.oneTaskWorkflow("wk_wf", "wk_t");
        QCOMPARE(arr(m_api.call("GET", "/api/tasks/poll/batch/wk_t?timeout=0&workerid=w1", m_api.operatorAuth)).size(), 0);
        ops.start("wk_wf");
        QVERIFY(!ops.pollOne("wk_t", "w1").isEmpty());
        QJsonObject page, w1;
        auto look = [&] {
            page = obj(m_api.call("GET", "/api/conductor/workers", m_api.viewer));
            for (const QJsonValue &v : page.value(QStringLiteral("results")).toArray()) {
                if (v.toObject().value(QStringLiteral("workerId")).toString() == QLatin1String("w1"))
                    w1 = v.toObject();
            }
            return w1.value(QStringLiteral("inFlight")).toInt();
        };
        // Tasks in progress come from the store, written a few ms behind the poll.
        QTRY_COMPARE_WITH_TIMEOUT(look(), 1, 5000);
        QCOMPARE(w1.value(QStringLiteral("kind")).toString(), QStringLiteral("remote"));
        QCOMPARE(w1.value(QStringLiteral("pollCount")).toInt(), 2);
        QCOMPARE(w1.value(QStringLiteral("tasksHandedOut")).toInt(), 1);
        QCOMPARE(w1.value(QStringLiteral("inFlight")).toInt(), 1);
        QCOMPARE(w1.value(QStringLiteral("inFlightByType")).toObject().value(QStringLiteral("wk_t")).toInt(), 1);
        QVERIFY(w1.value(QStringLiteral("taskTypes")).toArray().contains(QJsonValue(QStringLiteral("wk_t"))));
        QVERIFY(w1.value(QStringLiteral("lastPollTime")).toDouble() > 0);
        QVERIFY(page.value(QStringLiteral("totalHits")).toInt() >= 1);
        QCOMPARE(m_api.call("GET", "/api/conductor/workers", m_api.scopedViewer).status, 403);
    }

    void statsFromTheStoreAndProviders()
    {
        // st_t retries once without delay: A fails then completes (2 attempts), B fails for good.
        ops.oneTaskWorkflow("st_wf", "st_t", 1);
        ops.start("st_wf");
        ops.start("st_wf");
        QVERIFY(!ops.run("st_t", "FAILED").isEmpty());                      // A, attempt 1
        QVERIFY(!ops.run("st_t", "FAILED_WITH_TERMINAL_ERROR").isEmpty());  // B, final
        QVERIFY(!ops.run("st_t", "COMPLETED").isEmpty());                   // A, attempt 2

        RawResponse r = m_api.call("GET", "/api/stats", m_api.viewer);
        QCOMPARE(r.status, 200);
        const QJsonObject stats = obj(r);
        // Other tests' tasks count too; only theirs ended in this test class so far: none failed.
        const QJsonObject success = figure(stats, StatsRegistry::kTaskSuccessRate, "1h");
        const QJsonObject detail = success.value(QStringLiteral("detail")).toObject();
        QCOMPARE(detail.value(QStringLiteral("failed")).toInt(), 1);
        QCOMPARE(detail.value(QStringLiteral("succeeded")).toInt(), 1);
        QCOMPARE(success.value(QStringLiteral("value")).toDouble(), 0.5);
        const QJsonObject retries = figure(stats, StatsRegistry::kAverageRetries, "24h");
        QCOMPARE(retries.value(QStringLiteral("detail")).toObject().value(QStringLiteral("attempts")).toInt(), 3);
        QCOMPARE(retries.value(QStringLiteral("value")).toDouble(), 0.5);

        const QJsonObject dlq = figure(stats, StatsRegistry::kDlqDepth, "1h");
        QVERIFY(dlq.value(QStringLiteral("value")).isNull());
        QVERIFY(dlq.value(QStringLiteral("reason")).toString().contains(QStringLiteral("no provider")));
        QVERIFY(m_api.server()->stats()->setProvider(QLatin1String(StatsRegistry::kDlqDepth), [](qint64 windowMs, qint64) {
            return StatsFigure::of(windowMs == 3'600'000 ? 7 : 9);
        }));
        const QJsonObject withProvider = obj(m_api.call("GET", "/api/stats", m_api.viewer));
        QCOMPARE(figure(withProvider, StatsRegistry::kDlqDepth, "1h").value(QStringLiteral("value")).toInt(), 7);
        QCOMPARE(figure(withProvider, StatsRegistry::kDlqDepth, "24h").value(QStringLiteral("value")).toInt(), 9);
        QVERIFY(!m_api.server()->stats()->setProvider(QStringLiteral("made-up"), [](qint64, qint64) { return StatsFigure{}; }));
        QCOMPARE(withProvider.value(QStringLiteral("figures")).toObject().keys().size(), 6);
        QCOMPARE(m_api.call("GET", "/api/stats", m_api.scopedAdmin).status, 403);

        // Client mode: the attempts run for the Conductor server join the two task figures, and
        // the detail says how much is local and how much remote.
        QVERIFY(!figure(withProvider, StatsRegistry::kTaskSuccessRate, "1h").value(QStringLiteral("detail")).toObject()
                     .contains(QStringLiteral("remote")));
        m_api.server()->stats()->setRemoteTasks([](qint64, qint64) {
            StatsRegistry::RemoteTasks t;
            t.succeeded = 3;
            t.failed = 1;
            t.retried = 1;
            t.retries = 1;
            return t;
        });
        const QJsonObject mixed = obj(m_api.call("GET", "/api/stats", m_api.viewer));
        m_api.server()->stats()->setRemoteTasks({});
        const QJsonObject rate = figure(mixed, StatsRegistry::kTaskSuccessRate, "1h");
        QCOMPARE(rate.value(QStringLiteral("value")).toDouble(), 4.0 / 6.0);
        const QJsonObject rateDetail = rate.value(QStringLiteral("detail")).toObject();
        QCOMPARE(rateDetail.value(QStringLiteral("succeeded")).toInt(), 4);
        QCOMPARE(rateDetail.value(QStringLiteral("failed")).toInt(), 2);
        QCOMPARE(rateDetail.value(QStringLiteral("local")).toObject().value(QStringLiteral("succeeded")).toInt(), 1);
        QCOMPARE(rateDetail.value(QStringLiteral("remote")).toObject().value(QStringLiteral("succeeded")).toInt(), 3);
        QCOMPARE(rateDetail.value(QStringLiteral("remote")).toObject().value(QStringLiteral("retried")).toInt(), 1);
        const QJsonObject perTask = figure(mixed, StatsRegistry::kAverageRetries, "24h");
        QCOMPARE(perTask.value(QStringLiteral("value")).toDouble(), 2.0 / 6.0); // (1 local + 1 remote) / 6 tasks
        const QJsonObject perTaskDetail = perTask.value(QStringLiteral("detail")).toObject();
        QCOMPARE(perTaskDetail.value(QStringLiteral("attempts")).toInt(), 8);
        QCOMPARE(perTaskDetail.value(QStringLiteral("retries")).toInt(), 2);
        QCOMPARE(perTaskDetail.value(QStringLiteral("local")).toObject().value(QStringLiteral("retries")).toInt(), 1);
        QCOMPARE(perTaskDetail.value(QStringLiteral("remote")).toObject().value(QStringLiteral("attempts")).toInt(), 5);
    }

    void metricsInPrometheusFormat()
    {
        QCOMPARE(m_api.call("GET", "/api/tasks/no-such-task", m_api.viewer).status, 404);
        auto custom = m_api.server()->metrics()->counter(QStringLiteral("orrery_test_events_total"), QStringLiteral("test"),
                                                         {QStringLiteral("kind")});
        QVERIFY(custom);
        custom->inc({QStringLiteral("a\"b")}, 3);
        RawResponse r = m_api.call("GET", "/metrics", m_api.viewer);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        const QByteArray text = r.body;
        QVERIFY(text.contains("# TYPE orrery_http_requests_total counter\n"));
        QVERIFY(text.contains("orrery_http_requests_total{method=\"GET\",route=\"/api/tasks/{taskId}\",status=\"404\"} 1\n"));
        QVERIFY(text.contains("# TYPE orrery_http_request_duration_seconds histogram\n"));
        QVERIFY(text.contains("orrery_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/tasks/{taskId}\",le=\"+Inf\"}"));
        QVERIFY(text.contains("orrery_tasks{task_type=\"st_t\",status=\"COMPLETED\"} 1\n"));
        QVERIFY(text.contains("orrery_task_retry_attempts{task_type=\"st_t\"} 1\n"));
        QVERIFY(text.contains("orrery_test_events_total{kind=\"a\\\"b\"} 3\n"));
        QVERIFY(text.contains("# TYPE orrery_store_pending_rows gauge\n"));
        QVERIFY(text.contains("orrery_api_store_read_ok 1\n"));
        QCOMPARE(m_api.call("GET", "/metrics", {}).status, 401);
    }

    void auditRecordsMutatingCalls()
    {
        QCOMPARE(m_api.call("POST", "/api/metadata/taskdefs", m_api.admin, "[{\"name\":\"audited_t\"}]").status, 200);
        QCOMPARE(m_api.call("POST", "/api/metadata/taskdefs", m_api.viewer, "[{\"name\":\"audited_t\"}]").status, 403);
        QCOMPARE(m_api.call("DELETE", "/api/metadata/taskdefs/never-there", m_api.admin).status, 404);

        // The two newest taskdef registrations are this test's (the helpers registered others before).
        const QJsonObject page = obj(m_api.call("GET", "/api/audit?route=/api/metadata/taskdefs&size=2", m_api.admin));
        QVERIFY(page.value(QStringLiteral("totalHits")).toInt() >= 2);
        QCOMPARE(page.value(QStringLiteral("results")).toArray().size(), 2);
        const QJsonArray entries = page.value(QStringLiteral("results")).toArray();
        const QJsonObject denied = entries[0].toObject(); // newest first
        QCOMPARE(denied.value(QStringLiteral("actor")).toString(), QStringLiteral("viewer"));
        QCOMPARE(denied.value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
        QCOMPARE(denied.value(QStringLiteral("status")).toInt(), 403);
        QCOMPARE(denied.value(QStringLiteral("outcome")).toString(), QStringLiteral("denied"));
        QVERIFY(denied.value(QStringLiteral("message")).toString().contains(QStringLiteral("needs role admin")));
        const QJsonObject ok = entries[1].toObject();
        QCOMPARE(ok.value(QStringLiteral("actor")).toString(), QStringLiteral("root"));
        QCOMPARE(ok.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(ok.value(QStringLiteral("target")).toString(), QStringLiteral("/api/metadata/taskdefs"));
        QCOMPARE(ok.value(QStringLiteral("remote")).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(ok.value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
        QVERIFY(ok.value(QStringLiteral("time")).toDouble() > 0);

        QCOMPARE(obj(m_api.call("GET", "/api/audit?outcome=rejected&target=/api/metadata/taskdefs/never", m_api.admin))
                     .value(QStringLiteral("totalHits")).toInt(), 1);
        QCOMPARE(obj(m_api.call("GET", "/api/audit?actor=viewer&method=POST", m_api.admin)).value(QStringLiteral("totalHits")).toInt(), 1);
        QCOMPARE(obj(m_api.call("GET", "/api/audit?since=2999-01-01T00:00:00Z", m_api.admin)).value(QStringLiteral("totalHits")).toInt(), 0);
        // The worker data plane (task updates) is not audited; starting workflows is.
        QCOMPARE(obj(m_api.call("GET", "/api/audit?route=/api/tasks", m_api.admin)).value(QStringLiteral("totalHits")).toInt(), 0);
        QVERIFY(obj(m_api.call("GET", "/api/audit?route=/api/workflow", m_api.admin)).value(QStringLiteral("totalHits")).toInt() >= 1);
        QCOMPARE(m_api.call("GET", "/api/audit", m_api.operatorAuth).status, 403);
        QCOMPARE(m_api.call("GET", "/api/audit?outcome=maybe", m_api.admin).status, 400);
    }

    void tokensAreCreatedShownOnceAndRevoked()
    {
        RawResponse created = m_api.call("POST", "/api/tokens", m_api.admin,
                                         "{\"name\":\"dash\",\"role\":\"viewer\",\"projects\":[\"alpha\"]}");
        QCOMPARE(created.status, 200);
        const QString secret = obj(created).value(QStringLiteral("token")).toString();
        const QString id = obj(created).value(QStringLiteral("id")).toString();
        QVERIFY(secret.startsWith(QStringLiteral("orr_")));
        const Headers dash{{"Authorization", "Bearer " + secret.toLatin1()}};
        QCOMPARE(m_api.call("GET", "/api/tasks?size=1", dash).status, 200);
        QCOMPARE(m_api.call("GET", "/api/metadata/taskdefs", dash).status, 200);

        const QJsonObject list = obj(m_api.call("GET", "/api/tokens?role=viewer", m_api.admin));
        QVERIFY(list.value(QStringLiteral("totalHits")).toInt() >= 3);
        bool found = false;
        for (const QJsonValue &v : list.value(QStringLiteral("results")).toArray()) {
            const QJsonObject t = v.toObject();
            QVERIFY(!t.contains(QStringLiteral("token")));
            QVERIFY(!t.contains(QStringLiteral("hash")));
            if (t.value(QStringLiteral("id")).toString() == id) {
                found = true;
                QCOMPARE(t.value(QStringLiteral("projects")).toArray(), QJsonArray{QStringLiteral("alpha")});
                QVERIFY(t.value(QStringLiteral("lastUsedTime")).toDouble() > 0);
            }
        }
        QVERIFY(found);
        QVERIFY(!m_api.call("GET", "/api/tokens", m_api.admin).body.contains(secret.toLatin1()));

        // Stored hashed: the secret is nowhere in the database.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(m_api.dataDir() + QStringLiteral("/orrery.db"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT hash FROM api_tokens WHERE id = '%1'").arg(id)));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString().size(), 64); // hex SHA-256
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM api_tokens WHERE hash LIKE '%%1%' OR name LIKE '%%1%'").arg(secret)));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 0);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));

        QCOMPARE(m_api.call("DELETE", "/api/tokens/" + id.toLatin1(), m_api.admin).status, 200);
        QCOMPARE(m_api.call("GET", "/api/tasks?size=1", dash).status, 401);
        QCOMPARE(m_api.call("DELETE", "/api/tokens/" + id.toLatin1(), m_api.admin).status, 200); // already revoked
        QCOMPARE(m_api.call("DELETE", "/api/tokens/tok_unknown", m_api.admin).status, 404);
        QCOMPARE(m_api.call("POST", "/api/tokens", m_api.operatorAuth, "{\"name\":\"x\",\"role\":\"admin\"}").status, 403);
        QCOMPARE(m_api.call("GET", "/api/tokens", m_api.scopedAdmin).status, 403);
    }

    void tokenBodiesAreValidatedField_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("paths");
        QTest::newRow("empty object") << QByteArray("{}") << QStringList{"name", "role"};
        QTest::newRow("wrong types") << QByteArray("{\"name\":5,\"role\":\"boss\",\"projects\":[1,\"ok\",\"a/b\"]}")
                                     << QStringList{"name", "role", "projects[0]", "projects[2]"};
        QTest::newRow("projects not a list") << QByteArray("{\"name\":\"n\",\"role\":\"viewer\",\"projects\":\"alpha\"}")
                                             << QStringList{"projects"};
    }
    void tokenBodiesAreValidatedField()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, paths);
        const int before = obj(m_api.call("GET", "/api/tokens", m_api.admin)).value(QStringLiteral("totalHits")).toInt();
        RawResponse r = m_api.call("POST", "/api/tokens", m_api.admin, body);
        QCOMPARE(r.status, 400);
        QStringList got;
        for (const QJsonValue &e : obj(r).value(QStringLiteral("validationErrors")).toArray())
            got << e.toObject().value(QStringLiteral("path")).toString();
        QCOMPARE(got, paths);
        QCOMPARE(obj(m_api.call("GET", "/api/tokens", m_api.admin)).value(QStringLiteral("totalHits")).toInt(), before);
    }

    void theLastAdminTokenCannotBeRevoked()
    {
        ApiFixture other;
        QVERIFY(other.start().isEmpty());
        QString rootId, alphaAdminId;
        for (const TokenRecord &t : other.tokens()->tokens()) {
            if (t.name == QLatin1String("root"))
                rootId = t.id;
            if (t.name == QLatin1String("alpha-admin"))
                alphaAdminId = t.id;
        }
        QCOMPARE(other.call("DELETE", "/api/tokens/" + alphaAdminId.toLatin1(), other.admin).status, 200);
        RawResponse last = other.call("DELETE", "/api/tokens/" + rootId.toLatin1(), other.admin);
        QCOMPARE(last.status, 409);
        QVERIFY(obj(last).value(QStringLiteral("message")).toString().contains(QStringLiteral("last admin token")));
        QCOMPARE(other.call("GET", "/api/tokens", other.admin).status, 200);
    }

    void openApiDescribesEveryRoute()
    {
        RawResponse r = m_api.call("GET", "/api/openapi.json", m_api.scopedViewer);
        QCOMPARE(r.status, 200);
        const QJsonObject doc = obj(r);
        QCOMPARE(doc.value(QStringLiteral("openapi")).toString(), QStringLiteral("3.0.3"));
        const QJsonObject paths = doc.value(QStringLiteral("paths")).toObject();
        QStringList undocumented;
        int operations = 0;
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            const QJsonObject item = p.value().toObject();
            for (auto op = item.begin(); op != item.end(); ++op) {
                ++operations;
                if (op.value().toObject().value(QStringLiteral("x-orrery-undocumented")).toBool())
                    undocumented << op.key().toUpper() + u' ' + p.key();
            }
        }
        QVERIFY2(undocumented.isEmpty(), qPrintable(undocumented.join(QStringLiteral(", "))));
        QVERIFY(operations >= 40);
        const QJsonObject get = paths.value(QStringLiteral("/api/tasks/{taskId}")).toObject().value(QStringLiteral("get")).toObject();
        QCOMPARE(get.value(QStringLiteral("x-orrery-access")).toString(), QStringLiteral("viewer"));
        QCOMPARE(get.value(QStringLiteral("parameters")).toArray().first().toObject().value(QStringLiteral("in")).toString(),
                 QStringLiteral("path"));
        QVERIFY(paths.contains(QStringLiteral("/metrics")));
        QVERIFY(paths.value(QStringLiteral("/healthz")).toObject().value(QStringLiteral("get")).toObject()
                    .value(QStringLiteral("security")).toArray().isEmpty());
    }

    void undocumentedRoutesAreFlagged()
    {
        HttpSettings settings;
        ApiRouter router(nullptr, std::make_shared<const HttpSettings>(settings));
        router.add("GET", QStringLiteral("/documented"), Access::Viewer, [](const RequestContext &) {}).summary(QStringLiteral("ok"));
        router.add("POST", QStringLiteral("/api/forgotten/{id}"), Access::Admin, [](const RequestContext &) {});
        QCOMPARE(OpenApiBuilder::undocumented(router.routes()), QStringList{QStringLiteral("POST /api/forgotten/{id}")});
        const QJsonObject doc = OpenApiBuilder::build(router.routes(), QStringLiteral("1"));
        QVERIFY(doc.value(QStringLiteral("paths")).toObject().value(QStringLiteral("/api/forgotten/{id}")).toObject()
                    .value(QStringLiteral("post")).toObject().value(QStringLiteral("x-orrery-undocumented")).toBool());
    }
};

QTEST_GUILESS_MAIN(TestOpsRoutes)
#include "test_ops_routes.moc"
