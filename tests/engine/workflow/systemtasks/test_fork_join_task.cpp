#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class ForkJoinTaskTest : public QObject
{
    Q_OBJECT

    static constexpr const char *kDef = R"J({"name":"fj","tasks":[
        {"name":"fork","taskReferenceName":"fork","type":"FORK_JOIN","forkTasks":[
            [{"name":"left","taskReferenceName":"l1"},{"name":"left2","taskReferenceName":"l2"}],
            [{"name":"right","taskReferenceName":"r1","optional":%1}]]},
        {"name":"join","taskReferenceName":"join","type":"JOIN","joinOn":["l2","r1"]},
        {"name":"after","taskReferenceName":"after","inputParameters":{"joined":"${join.output}"}}]})J";

private Q_SLOTS:
    void branchesRunTogetherAndTheJoinWaitsForAll()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(QByteArray(kDef).replace("%1", "false")).ok());
        const QString id = h.start(QStringLiteral("fj"));
        QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::task(wf, QStringLiteral("fork")).value(QStringLiteral("taskType")).toString(), QStringLiteral("FORK"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("join"))), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(h.completeNext(QStringLiteral("right"), QJsonObject{{QStringLiteral("r"), 1}}), QStringLiteral("r1"));
        QCOMPARE(h.completeNext(QStringLiteral("left")), QStringLiteral("l1"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), QStringLiteral("join"))), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(h.completeNext(QStringLiteral("left2"), QJsonObject{{QStringLiteral("l"), 2}}), QStringLiteral("l2"));
        wf = h.wf(id);
        const QJsonObject join = SystemTaskHarness::task(wf, QStringLiteral("join"));
        QCOMPARE(SystemTaskHarness::status(join), QStringLiteral("COMPLETED"));
        QCOMPARE(join.value(QStringLiteral("outputData")).toObject(),
                 (QJsonObject{{QStringLiteral("l2"), QJsonObject{{QStringLiteral("l"), 2}}},
                              {QStringLiteral("r1"), QJsonObject{{QStringLiteral("r"), 1}}}}));
        const QJsonArray after = h.poll(QStringLiteral("after"));
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("joined")).toObject().size(), 2);
        QVERIFY(h.update(after.at(0).toObject().value(QStringLiteral("taskId")).toString(), TaskStatus::Completed).ok());
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void aFailedBranchFailsTheWorkflowAndCancelsTheJoin()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(QByteArray(kDef).replace("%1", "false")).ok());
        const QString id = h.start(QStringLiteral("fj"));
        QCOMPARE(h.completeNext(QStringLiteral("right"), {}, TaskStatus::FailedWithTerminalError), QStringLiteral("r1"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("FAILED"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("join"))), QStringLiteral("CANCELED"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("l1"))), QStringLiteral("CANCELED"));
    }

    void anOptionalFailureCompletesTheJoinWithErrors()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(QByteArray(kDef).replace("%1", "true")).ok());
        const QString id = h.start(QStringLiteral("fj"));
        QCOMPARE(h.completeNext(QStringLiteral("right"), {}, TaskStatus::FailedWithTerminalError), QStringLiteral("r1"));
        QCOMPARE(h.completeNext(QStringLiteral("left")), QStringLiteral("l1"));
        QCOMPARE(h.completeNext(QStringLiteral("left2")), QStringLiteral("l2"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("join"))), QStringLiteral("COMPLETED_WITH_ERRORS"));
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("RUNNING"));
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void aJoinOnAnUnknownRefIsRefused()
    {
        SystemTaskHarness h;
        auto r = h.define(R"J({"name":"badjoin","tasks":[
            {"name":"fork","taskReferenceName":"fork","type":"FORK_JOIN","forkTasks":[[{"name":"a","taskReferenceName":"a"}]]},
            {"name":"join","taskReferenceName":"join","type":"JOIN","joinOn":["a","nope"]}]})J");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.value(0).path, QStringLiteral("tasks[1].joinOn[1]"));
    }
};

QTEST_GUILESS_MAIN(ForkJoinTaskTest)
#include "test_fork_join_task.moc"
