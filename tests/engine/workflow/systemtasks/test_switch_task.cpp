#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class SwitchTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valueParamSelectsTheCase()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"sw","tasks":[
            {"name":"sw","taskReferenceName":"sw","type":"SWITCH","evaluatorType":"value-param","expression":"kind",
             "inputParameters":{"kind":"${workflow.input.kind}"},
             "decisionCases":{"a":[{"name":"work_a","taskReferenceName":"a1"}],"b":[{"name":"work_b","taskReferenceName":"b1"}]},
             "defaultCase":[{"name":"work_d","taskReferenceName":"d1"}]},
            {"name":"after","taskReferenceName":"after"}]})J").ok());
        const QString id = h.start(QStringLiteral("sw"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("b")}});
        QJsonObject wf = h.wf(id);
        const QJsonObject sw = SystemTaskHarness::task(wf, QStringLiteral("sw"));
        QCOMPARE(SystemTaskHarness::status(sw), QStringLiteral("COMPLETED"));
        QCOMPARE(sw.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("selectedCase")).toString(), QStringLiteral("b"));
        QCOMPARE(sw.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("evaluationResult")).toArray().at(0).toString(), QStringLiteral("b"));
        QCOMPARE(sw.value(QStringLiteral("taskType")).toString(), QStringLiteral("SWITCH"));
        QCOMPARE(h.completeNext(QStringLiteral("work_b")), QStringLiteral("b1"));
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        QCOMPARE(SystemTaskHarness::refs(wf), (QStringList{"sw", "b1", "after"}));
    }

    void javascriptWithDefaultAndEmptyBranch()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"js","tasks":[
            {"name":"sw","taskReferenceName":"sw","type":"SWITCH","evaluatorType":"javascript",
             "expression":"$.n > 10 ? 'big' : ($.n > 5 ? 'mid' : 'small')","inputParameters":{"n":"${workflow.input.n}"},
             "decisionCases":{"big":[{"name":"big","taskReferenceName":"big"}],"mid":[]},
             "defaultCase":[{"name":"small","taskReferenceName":"small"}]},
            {"name":"after","taskReferenceName":"after"}]})J").ok());
        QString id = h.start(QStringLiteral("js"), QJsonObject{{QStringLiteral("n"), 3}});
        QCOMPARE(h.completeNext(QStringLiteral("small")), QStringLiteral("small"));
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
        // An explicitly empty case runs nothing: straight to the task after the SWITCH.
        id = h.start(QStringLiteral("js"), QJsonObject{{QStringLiteral("n"), 7}});
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        QCOMPARE(SystemTaskHarness::refs(h.wf(id)), (QStringList{"sw", "after"}));
    }

    void decisionLegacyForm()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"dec","tasks":[
            {"name":"d","taskReferenceName":"d","type":"DECISION","caseValueParam":"c","inputParameters":{"c":"${workflow.input.c}"},
             "decisionCases":{"1":[{"name":"one","taskReferenceName":"one"}]}}]})J").ok());
        const QString id = h.start(QStringLiteral("dec"), QJsonObject{{QStringLiteral("c"), 1}});
        QCOMPARE(h.completeNext(QStringLiteral("one")), QStringLiteral("one"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void aThrowingScriptFailsTheWorkflow()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"bad","tasks":[
            {"name":"sw","taskReferenceName":"sw","type":"SWITCH","evaluatorType":"javascript",
             "expression":"$.missing.field","decisionCases":{"x":[{"name":"x","taskReferenceName":"x"}]}}]})J").ok());
        const QString id = h.start(QStringLiteral("bad"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        const QJsonObject sw = SystemTaskHarness::task(wf, QStringLiteral("sw"));
        QCOMPARE(SystemTaskHarness::status(sw), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"));
        QVERIFY2(sw.value(QStringLiteral("reasonForIncompletion")).toString().contains(QLatin1String("TypeError")),
                 qPrintable(sw.value(QStringLiteral("reasonForIncompletion")).toString()));
    }

    void aLoopingScriptTimesOutAndFailsOnlyItsTask()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"spin","tasks":[
            {"name":"sw","taskReferenceName":"sw","type":"SWITCH","evaluatorType":"javascript",
             "expression":"while (true) {}","decisionCases":{"x":[{"name":"x","taskReferenceName":"x"}]}}]})J").ok());
        const QString id = h.start(QStringLiteral("spin"));
        const QJsonObject sw = SystemTaskHarness::task(h.wf(id), QStringLiteral("sw"));
        QCOMPARE(SystemTaskHarness::status(sw), QStringLiteral("FAILED"));
        QVERIFY(sw.value(QStringLiteral("reasonForIncompletion")).toString().contains(QLatin1String("timed out")));
        // The engine goes on with other workflows.
        QVERIFY(h.define(R"J({"name":"ok","tasks":[{"name":"w","taskReferenceName":"w"}]})J").ok());
        h.start(QStringLiteral("ok"));
        QCOMPARE(h.completeNext(QStringLiteral("w")), QStringLiteral("w"));
    }

    void refusedAtRegistrationWhenTheScriptDoesNotParse()
    {
        SystemTaskHarness h;
        auto r = h.define(R"J({"name":"syntax","tasks":[
            {"name":"sw","taskReferenceName":"sw","type":"SWITCH","evaluatorType":"javascript",
             "expression":"$.a >","decisionCases":{"x":[{"name":"x","taskReferenceName":"x"}]}}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[0].expression"));
        QVERIFY(r.error().fieldErrors.value(0).message.contains(QLatin1String("SyntaxError")));
    }
};

QTEST_GUILESS_MAIN(SwitchTaskTest)
#include "test_switch_task.moc"
