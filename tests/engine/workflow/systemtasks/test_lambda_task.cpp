#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class LambdaTaskTest : public QObject
{
    Q_OBJECT

    static constexpr const char *kDef = R"J({"name":"lambda","tasks":[
        {"name":"LAMBDA","taskReferenceName":"l","type":"LAMBDA","inputParameters":{
            "input":"${workflow.input}",
            "scriptExpression":"if ($.input.a == 1) { return {testvalue: true, twice: $.input.b * 2}; } throw new Error('a is ' + $.input.a);"}},
        {"name":"after","taskReferenceName":"after","inputParameters":{"v":"${l.output.result.twice}"}}]})J";

private Q_SLOTS:
    void returnsTheScriptsValueAsResult()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(kDef).ok());
        const QString id = h.start(QStringLiteral("lambda"), QJsonObject{{QStringLiteral("a"), 1}, {QStringLiteral("b"), 21}});
        const QJsonObject l = SystemTaskHarness::task(h.wf(id), QStringLiteral("l"));
        QCOMPARE(SystemTaskHarness::status(l), QStringLiteral("COMPLETED"));
        QCOMPARE(l.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("result")).toObject(),
                 (QJsonObject{{QStringLiteral("testvalue"), true}, {QStringLiteral("twice"), 42}}));
        const QJsonArray after = h.poll(QStringLiteral("after"));
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("v")).toInt(), 42);
    }

    void aScriptErrorFailsTheTaskAndTheWorkflow()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(kDef).ok());
        const QString id = h.start(QStringLiteral("lambda"), QJsonObject{{QStringLiteral("a"), 2}});
        const QJsonObject wf = h.wf(id);
        const QJsonObject l = SystemTaskHarness::task(wf, QStringLiteral("l"));
        QCOMPARE(SystemTaskHarness::status(l), QStringLiteral("FAILED"));
        QVERIFY(l.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("error")).toString().contains(QStringLiteral("a is 2")));
        QVERIFY(l.value(QStringLiteral("reasonForIncompletion")).toString().contains(QStringLiteral("a is 2")));
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
    }

    void anEmptyScriptFails()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"empty","tasks":[
            {"name":"LAMBDA","taskReferenceName":"l","type":"LAMBDA","inputParameters":{"scriptExpression":"${workflow.input.s}"}}]})J").ok());
        const QString id = h.start(QStringLiteral("empty"));
        const QJsonObject l = SystemTaskHarness::task(h.wf(id), QStringLiteral("l"));
        QCOMPARE(SystemTaskHarness::status(l), QStringLiteral("FAILED"));
        QVERIFY(l.value(QStringLiteral("reasonForIncompletion")).toString().startsWith(QStringLiteral("Empty 'scriptExpression'")));
    }

    void aScriptThatDoesNotParseIsRefusedAtRegistration()
    {
        SystemTaskHarness h;
        auto r = h.define(R"J({"name":"bad","tasks":[
            {"name":"LAMBDA","taskReferenceName":"l","type":"LAMBDA","inputParameters":{"scriptExpression":"return 1 +* 2;"}}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[0].inputParameters.scriptExpression"));
        QVERIFY(r.error().fieldErrors.value(0).message.contains(QStringLiteral("does not parse")));
    }
};

QTEST_GUILESS_MAIN(LambdaTaskTest)
#include "test_lambda_task.moc"
