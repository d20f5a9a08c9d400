#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class DoWhileTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopsWhileTheConditionHolds()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"loop","tasks":[
            {"name":"loop","taskReferenceName":"loop","type":"DO_WHILE","inputParameters":{"max":"${workflow.input.max}"},
             "loopCondition":"$.loop['iteration'] < $.max",
             "loopOver":[{"name":"step","taskReferenceName":"step","inputParameters":{"i":"${loop.output.iteration}"}},
                         {"name":"step2","taskReferenceName":"step2","inputParameters":{"prev":"${step.output.n}"}}]},
            {"name":"after","taskReferenceName":"after"}]})J").ok());
        const QString id = h.start(QStringLiteral("loop"), QJsonObject{{QStringLiteral("max"), 3}});
        for (int i = 1; i <= 3; ++i) {
            const QJsonArray got = h.poll(QStringLiteral("step"));
            QCOMPARE(got.size(), 1);
            const QJsonObject t = got.at(0).toObject();
            QCOMPARE(t.value(QStringLiteral("referenceTaskName")).toString(), QStringLiteral("step__%1").arg(i));
            QCOMPARE(t.value(QStringLiteral("iteration")).toInt(), i);
            QCOMPARE(t.value(QStringLiteral("inputData")).toObject().value(QStringLiteral("i")).toInt(), i);
            QVERIFY(h.update(t.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed, QJsonObject{{QStringLiteral("n"), i * 10}}).ok());
            const QJsonArray second = h.poll(QStringLiteral("step2"));
            QCOMPARE(second.size(), 1);
            QCOMPARE(second.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("prev")).toInt(), i * 10);
            QVERIFY(h.update(second.at(0).toObject().value(QStringLiteral("taskId")).toString(), TaskStatus::Completed).ok());
            h.settle();
        }
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        const QJsonObject loop = SystemTaskHarness::task(wf, QStringLiteral("loop"));
        const QJsonObject out = loop.value(QStringLiteral("outputData")).toObject();
        QCOMPARE(out.value(QStringLiteral("iteration")).toInt(), 3);
        QCOMPARE(out.value(QStringLiteral("2")).toObject().value(QStringLiteral("step")).toObject().value(QStringLiteral("n")).toInt(), 20);
        QCOMPARE(SystemTaskHarness::refs(wf),
                 (QStringList{"loop", "step__1", "step2__1", "step__2", "step2__2", "step__3", "step2__3", "after"}));
    }

    void itemsIterateAListAndKeepLastNTrimsOutput()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"each","tasks":[
            {"name":"each","taskReferenceName":"each","type":"DO_WHILE","items":"${workflow.input.list}",
             "inputParameters":{"keepLastN":2},
             "loopOver":[{"name":"item","taskReferenceName":"item","inputParameters":{"v":"${each.output.loopItem}","at":"${each.output.loopIndex}"}}]}]})J").ok());
        const QString id = h.start(QStringLiteral("each"), QJsonObject{{QStringLiteral("list"), QJsonArray{"a", "b", "c", "d"}}});
        QStringList seen;
        for (int i = 0; i < 4; ++i) {
            const QJsonArray got = h.poll(QStringLiteral("item"));
            QCOMPARE(got.size(), 1);
            const QJsonObject in = got.at(0).toObject().value(QStringLiteral("inputData")).toObject();
            seen.append(in.value(QStringLiteral("v")).toString());
            QCOMPARE(in.value(QStringLiteral("at")).toInt(), i);
            QVERIFY(h.update(got.at(0).toObject().value(QStringLiteral("taskId")).toString(), TaskStatus::Completed).ok());
            h.settle();
        }
        QCOMPARE(seen, (QStringList{"a", "b", "c", "d"}));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        const QJsonObject out = SystemTaskHarness::task(wf, QStringLiteral("each")).value(QStringLiteral("outputData")).toObject();
        QVERIFY(!out.contains(QStringLiteral("1")) && !out.contains(QStringLiteral("2")));
        QVERIFY(out.contains(QStringLiteral("3")) && out.contains(QStringLiteral("4")));
    }

    void aForkJoinInsideTheLoop()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"fjloop","tasks":[
            {"name":"loop","taskReferenceName":"loop","type":"DO_WHILE","loopCondition":"$.loop.iteration < 2",
             "loopOver":[
               {"name":"fork","taskReferenceName":"fork","type":"FORK_JOIN","forkTasks":[[{"name":"a","taskReferenceName":"a"}],[{"name":"b","taskReferenceName":"b"}]]},
               {"name":"join","taskReferenceName":"join","type":"JOIN","joinOn":["a","b"]}]}]})J").ok());
        const QString id = h.start(QStringLiteral("fjloop"));
        for (int i = 1; i <= 2; ++i) {
            QCOMPARE(h.completeNext(QStringLiteral("a")), QStringLiteral("a__%1").arg(i));
            QCOMPARE(h.completeNext(QStringLiteral("b")), QStringLiteral("b__%1").arg(i));
        }
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("join__2"))), QStringLiteral("COMPLETED"));
    }

    void aThrowingConditionFailsTerminally()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"throws","tasks":[
            {"name":"loop","taskReferenceName":"loop","type":"DO_WHILE","loopCondition":"throw new Error('nope')",
             "loopOver":[{"name":"s","taskReferenceName":"s"}]}]})J").ok());
        const QString id = h.start(QStringLiteral("throws"));
        QCOMPARE(h.completeNext(QStringLiteral("s")), QStringLiteral("s__1"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        const QJsonObject loop = SystemTaskHarness::task(wf, QStringLiteral("loop"));
        QCOMPARE(SystemTaskHarness::status(loop), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"));
        QVERIFY(loop.value(QStringLiteral("reasonForIncompletion")).toString().contains(QLatin1String("nope")));
    }

    void refusedWithoutConditionOrNested()
    {
        SystemTaskHarness h;
        auto r = h.define(R"J({"name":"nocond","tasks":[
            {"name":"loop","taskReferenceName":"loop","type":"DO_WHILE","loopOver":[{"name":"s","taskReferenceName":"s"}]}]})J");
        QVERIFY(!r.ok());
        QVERIFY(r.error().fieldErrors.value(0).path.contains(QLatin1String("loopCondition")));
        r = h.define(R"J({"name":"nested","tasks":[
            {"name":"outer","taskReferenceName":"outer","type":"DO_WHILE","loopCondition":"false","loopOver":[
              {"name":"inner","taskReferenceName":"inner","type":"DO_WHILE","loopCondition":"false","loopOver":[{"name":"s","taskReferenceName":"s"}]}]}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[0].loopOver[0].type"));
    }

    void survivesARestartMidLoop()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"durable","tasks":[
            {"name":"loop","taskReferenceName":"loop","type":"DO_WHILE","loopCondition":"$.loop.iteration < 3",
             "loopOver":[{"name":"s","taskReferenceName":"s"}]}]})J").ok());
        const QString id = h.start(QStringLiteral("durable"));
        QCOMPARE(h.completeNext(QStringLiteral("s")), QStringLiteral("s__1"));
        h.reopen();
        QCOMPARE(h.completeNext(QStringLiteral("s")), QStringLiteral("s__2"));
        h.reopen();
        QCOMPARE(h.completeNext(QStringLiteral("s")), QStringLiteral("s__3"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        QCOMPARE(SystemTaskHarness::refs(wf), (QStringList{"loop", "s__1", "s__2", "s__3"}));
    }
};

QTEST_GUILESS_MAIN(DoWhileTaskTest)
#include "test_do_while_task.moc"
