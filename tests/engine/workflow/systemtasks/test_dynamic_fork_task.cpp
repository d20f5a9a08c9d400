#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class DynamicForkTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forksTheTasksGivenAtRunTime()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"dyn","tasks":[
            {"name":"dfork","taskReferenceName":"dfork","type":"FORK_JOIN_DYNAMIC","dynamicForkTasksParam":"tasks",
             "dynamicForkTasksInputParamName":"inputs",
             "inputParameters":{"tasks":"${workflow.input.tasks}","inputs":"${workflow.input.inputs}"}},
            {"name":"join","taskReferenceName":"join","type":"JOIN"},
            {"name":"after","taskReferenceName":"after"}]})J").ok());
        const QJsonArray tasks{QJsonObject{{"name", "resize"}, {"taskReferenceName", "img1"}},
                               QJsonObject{{"name", "resize"}, {"taskReferenceName", "img2"}}};
        const QJsonObject inputs{{"img1", QJsonObject{{"file", "a.png"}}}, {"img2", QJsonObject{{"file", "b.png"}}}};
        const QString id = h.start(QStringLiteral("dyn"), QJsonObject{{"tasks", tasks}, {"inputs", inputs}});
        QJsonArray got = h.poll(QStringLiteral("resize"), QStringLiteral("w1"), 5);
        QCOMPARE(got.size(), 2);
        QStringList files;
        for (const QJsonValue &v : got)
            files.append(v.toObject().value("inputData").toObject().value("file").toString());
        files.sort();
        QCOMPARE(files, (QStringList{"a.png", "b.png"}));
        QVERIFY(h.update(got.at(0).toObject().value("taskId").toString(), TaskStatus::Completed, QJsonObject{{"ok", 1}}).ok());
        h.reopen(); // the forked nodes are rebuilt from the fork task's input
        h.settle();
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), "join")), QStringLiteral("IN_PROGRESS"));
        QVERIFY(h.update(got.at(1).toObject().value("taskId").toString(), TaskStatus::Completed, QJsonObject{{"ok", 2}}).ok());
        h.settle();
        const QJsonObject join = SystemTaskHarness::task(h.wf(id), "join");
        QCOMPARE(SystemTaskHarness::status(join), QStringLiteral("COMPLETED"));
        QCOMPARE(join.value("outputData").toObject().size(), 2);
        QCOMPARE(h.completeNext("after"), QStringLiteral("after"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void forkTaskNameAndInputs()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"dyn2","tasks":[
            {"name":"dfork","taskReferenceName":"dfork","type":"FORK_JOIN_DYNAMIC","dynamicForkTasksParam":"tasks",
             "inputParameters":{"forkTaskName":"mail","forkTaskInputs":"${workflow.input.people}"}},
            {"name":"join","taskReferenceName":"join","type":"JOIN"}]})J").ok());
        const QString id = h.start("dyn2", QJsonObject{{"people", QJsonArray{QJsonObject{{"to", "a"}}, QJsonObject{{"to", "b"}}, QJsonObject{{"to", "c"}}}}});
        for (int i = 0; i < 3; ++i)
            QVERIFY(h.completeNext("mail").startsWith(QLatin1String("mail_")));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void aMalformedListFailsTheForkWithThePath()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"dyn3","tasks":[
            {"name":"dfork","taskReferenceName":"dfork","type":"FORK_JOIN_DYNAMIC","dynamicForkTasksParam":"tasks",
             "dynamicForkTasksInputParamName":"inputs","inputParameters":{"tasks":"${workflow.input.tasks}","inputs":{}}},
            {"name":"join","taskReferenceName":"join","type":"JOIN"}]})J").ok());
        const QString id = h.start("dyn3", QJsonObject{{"tasks", QJsonArray{QJsonObject{{"name", "x"}}}}});
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        const QString reason = SystemTaskHarness::task(wf, "dfork").value("reasonForIncompletion").toString();
        QVERIFY2(reason.contains(QLatin1String("input.dynamicTasks[0]")), qPrintable(reason));
    }
};

QTEST_GUILESS_MAIN(DynamicForkTaskTest)
#include "test_dynamic_fork_task.moc"
