// Conductor's queued system tasks on the local pool: HTTP (against a real server on 127.0.0.1),
// INLINE (QJSEngine with its limits) and JSON_JQ_TRANSFORM (libjq).

#include "PoolHarness.h"
#include "TestHttpServer.h"

#include <QJsonArray>
#include <QTest>

using namespace orrery;
using orrery::test::PoolHarness;
using orrery::test::TestHttpServer;

class TestWorkerSystemTasks : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PoolHarness> h;
    std::unique_ptr<TestHttpServer> server;

    QJsonObject http(const QString &path, const QString &method = QStringLiteral("GET"), const QJsonValue &body = {})
    {
        QJsonObject req{{"uri", server->url(path)}, {"method", method}, {"headers", QJsonObject{{"X-Test", "yes"}}}};
        if (!body.isUndefined())
            req.insert("body", body);
        return QJsonObject{{"http_request", req}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        server = std::make_unique<TestHttpServer>();
        QVERIFY(server->listen());
        h = std::make_unique<PoolHarness>();
        QVERIFY(h->start());
    }
    void cleanupTestCase()
    {
        h.reset();
        server.reset();
    }

    void httpAnswersInConductorsShape()
    {
        const TaskOutcome o = h->run(QStringLiteral("HTTP"), http("/ok", "POST", QJsonObject{{"a", 1}}));
        QCOMPARE(o.status, TaskOutcome::Completed);
        const QJsonObject response = o.output.value("response").toObject();
        QCOMPARE(response.value("statusCode").toInt(), 200);
        QCOMPARE(response.value("body").toObject().value("method").toString(), QStringLiteral("POST"));
        QCOMPARE(response.value("body").toObject().value("xTest").toString(), QStringLiteral("yes"));
        QCOMPARE(response.value("body").toObject().value("body").toString(), QStringLiteral(R"({"a":1})"));
        QVERIFY(response.contains("headers") && response.contains("reasonPhrase"));
    }

    void httpNon2xxFailsWithTheBodyAsReason()
    {
        const TaskOutcome o = h->run(QStringLiteral("HTTP"), http("/missing"));
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.reason, QStringLiteral("not here"));
        QCOMPARE(o.output.value("response").toObject().value("statusCode").toInt(), 404);
    }

    void httpWithoutUriIsBadInput()
    {
        const TaskOutcome o = h->run(QStringLiteral("HTTP"), QJsonObject{{"http_request", QJsonObject{{"method", "GET"}}}});
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QVERIFY(o.reason.contains(QLatin1String("uri")));
    }

    void inlineJavascript()
    {
        const TaskOutcome o = h->run(QStringLiteral("INLINE"),
                                     QJsonObject{{"evaluatorType", "javascript"}, {"value", 20},
                                                 {"expression", "(function(){ console.log('hi', $.value); return {doubled: $.value * 2}; })()"}});
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("result").toObject().value("doubled").toInt(), 40);
        QCOMPARE(o.logs, (QStringList{"hi 20"}));
        const TaskOutcome graal = h->run(QStringLiteral("INLINE"), QJsonObject{{"evaluatorType", "graaljs"}, {"expression", "[1,2,3].map(x => x + 1)"}});
        QCOMPARE(graal.output.value("result").toArray(), (QJsonArray{2, 3, 4}));
        const TaskOutcome vp = h->run(QStringLiteral("INLINE"), QJsonObject{{"evaluatorType", "value-param"}, {"expression", "k"}, {"k", "v"}});
        QCOMPARE(vp.output.value("result").toString(), QStringLiteral("v"));
    }

    void inlineErrorsAreTerminalAndTimeoutsAreNot()
    {
        TaskOutcome o = h->run(QStringLiteral("INLINE"), QJsonObject{{"expression", "throw new Error('bad input')"}});
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QVERIFY(o.output.value("error").toString().contains(QLatin1String("bad input")));
        o = h->run(QStringLiteral("INLINE"), QJsonObject{{"expression", "1 +* 2"}});
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QVERIFY(o.reason.contains(QLatin1String("SyntaxError")));
        o = h->run(QStringLiteral("INLINE"), QJsonObject{{"evaluatorType", "python"}, {"expression", "1"}});
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        o = h->run(QStringLiteral("INLINE"), QJsonObject{{"expression", "for(;;){}"}});
        QCOMPARE(o.status, TaskOutcome::Failed);
        QVERIFY(o.reason.contains(QLatin1String("timed out")));
    }

    void inlineMemoryLimit()
    {
        const TaskOutcome o = h->run(QStringLiteral("INLINE"),
                                     QJsonObject{{"expression", "var a = []; for (;;) a.push(new Array(100000).fill('xxxxxxxxxxxxxxxx'));"}});
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QVERIFY2(o.reason.contains(QLatin1String("memory")) || o.reason.contains(QLatin1String("RangeError")), qPrintable(o.reason));
    }

    void jqTransform()
    {
        const TaskOutcome o = h->run(QStringLiteral("JSON_JQ_TRANSFORM"),
                                     QJsonObject{{"queryExpression", ".list | map(. * 2) | .[]"}, {"list", QJsonArray{1, 2, 3}}});
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("result").toInt(), 2);
        QCOMPARE(o.output.value("resultList").toArray(), (QJsonArray{2, 4, 6}));
        const TaskOutcome bad = h->run(QStringLiteral("JSON_JQ_TRANSFORM"), QJsonObject{{"queryExpression", ".a | error(\"nope\")"}, {"a", 1}});
        QCOMPARE(bad.status, TaskOutcome::Failed);
        QVERIFY(bad.output.value("error").toString().contains(QLatin1String("nope")));
        const TaskOutcome syntax = h->run(QStringLiteral("JSON_JQ_TRANSFORM"), QJsonObject{{"queryExpression", ".a |"}});
        QCOMPARE(syntax.status, TaskOutcome::Failed);
    }
};

QTEST_GUILESS_MAIN(TestWorkerSystemTasks)
#include "test_worker_system_tasks.moc"
