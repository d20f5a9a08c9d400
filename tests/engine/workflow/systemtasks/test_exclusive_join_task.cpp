#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class ExclusiveJoinTaskTest : public QObject
{
    Q_OBJECT

    static constexpr const char *kDef = R"J({"name":"ej","tasks":[
        {"name":"d","taskReferenceName":"d","type":"DECISION","caseValueParam":"c","inputParameters":{"c":"${workflow.input.c}"},
         "decisionCases":{"a":[{"name":"ta","taskReferenceName":"a1"}],
                          "b":[{"name":"tb","taskReferenceName":"b1","permissive":true}]},
         "defaultCase":[{"name":"tdef","taskReferenceName":"def1"}]},
        {"name":"join","taskReferenceName":"join","type":"EXCLUSIVE_JOIN","joinOn":["a1","b1"],"defaultExclusiveJoinTask":["def1"]},
        {"name":"after","taskReferenceName":"after","inputParameters":{"joined":"${join.output}"}}]})J";

    static QJsonObject joinedInputOfAfter(SystemTaskHarness &h)
    {
        const QJsonArray after = h.poll(QStringLiteral("after"));
        return after.isEmpty() ? QJsonObject()
                               : after.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("joined")).toObject();
    }

private Q_SLOTS:
    void joinsTheBranchThatRan()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(kDef).ok());
        const QString id = h.start(QStringLiteral("ej"), QJsonObject{{QStringLiteral("c"), QStringLiteral("b")}});
        QVERIFY(SystemTaskHarness::task(h.wf(id), QStringLiteral("join")).isEmpty()); // after the branch
        QCOMPARE(h.completeNext(QStringLiteral("tb"), QJsonObject{{QStringLiteral("v"), QStringLiteral("from b")}}), QStringLiteral("b1"));
        const QJsonObject join = SystemTaskHarness::task(h.wf(id), QStringLiteral("join"));
        QCOMPARE(SystemTaskHarness::status(join), QStringLiteral("COMPLETED"));
        QCOMPARE(join.value(QStringLiteral("outputData")).toObject(), (QJsonObject{{QStringLiteral("v"), QStringLiteral("from b")}}));
        QCOMPARE(join.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("joinOn")).toArray().size(), 2);
        QCOMPARE(joinedInputOfAfter(h).value(QStringLiteral("v")).toString(), QStringLiteral("from b"));
    }

    void joinsTheDefaultTaskWhenNoJoinOnRefRan()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(kDef).ok());
        const QString id = h.start(QStringLiteral("ej"), QJsonObject{{QStringLiteral("c"), QStringLiteral("zzz")}});
        QCOMPARE(h.completeNext(QStringLiteral("tdef"), QJsonObject{{QStringLiteral("v"), 0}}), QStringLiteral("def1"));
        const QJsonObject join = SystemTaskHarness::task(h.wf(id), QStringLiteral("join"));
        QCOMPARE(SystemTaskHarness::status(join), QStringLiteral("COMPLETED"));
        QCOMPARE(join.value(QStringLiteral("outputData")).toObject(), (QJsonObject{{QStringLiteral("v"), 0}}));
    }

    void aFailedJoinedTaskFailsTheJoin()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(kDef).ok());
        const QString id = h.start(QStringLiteral("ej"), QJsonObject{{QStringLiteral("c"), QStringLiteral("b")}});
        QCOMPARE(h.completeNext(QStringLiteral("tb"), {}, TaskStatus::FailedWithTerminalError), QStringLiteral("b1"));
        const QJsonObject wf = h.wf(id);
        const QJsonObject join = SystemTaskHarness::task(wf, QStringLiteral("join"));
        QCOMPARE(SystemTaskHarness::status(join), QStringLiteral("FAILED"));
        QVERIFY(join.value(QStringLiteral("reasonForIncompletion")).toString().contains(QStringLiteral("boom")));
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        QCOMPARE(h.poll(QStringLiteral("after")).size(), 0);
    }

    void unknownRefsAreRefusedAtRegistration()
    {
        SystemTaskHarness h;
        auto r = h.define(R"J({"name":"badej","tasks":[
            {"name":"a","taskReferenceName":"a"},
            {"name":"join","taskReferenceName":"join","type":"EXCLUSIVE_JOIN","joinOn":["a","nope"],"defaultExclusiveJoinTask":["gone"]}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.size(), 2);
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[1].joinOn[1]"));
        QCOMPARE(r.error().fieldErrors.value(1).path, QStringLiteral("tasks[1].defaultExclusiveJoinTask[0]"));
    }
};

QTEST_GUILESS_MAIN(ExclusiveJoinTaskTest)
#include "test_exclusive_join_task.moc"
