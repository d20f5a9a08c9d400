#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class NoopTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void completesAtOnceWithAnEmptyOutput()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"noop","tasks":[
            {"name":"nothing","taskReferenceName":"n","type":"NOOP","inputParameters":{"x":"${workflow.input.x}"}},
            {"name":"after","taskReferenceName":"after"}]})J").ok());
        const QString id = h.start(QStringLiteral("noop"), QJsonObject{{QStringLiteral("x"), 1}});
        QVERIFY(!id.isEmpty());
        const QJsonObject n = SystemTaskHarness::task(h.wf(id), QStringLiteral("n"));
        QCOMPARE(SystemTaskHarness::status(n), QStringLiteral("COMPLETED"));
        QCOMPARE(n.value(QStringLiteral("taskType")).toString(), QStringLiteral("NOOP"));
        QVERIFY(n.value(QStringLiteral("outputData")).toObject().isEmpty());
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void aWorkflowOfOnlyNoopsCompletes()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"noops","tasks":[
            {"name":"a","taskReferenceName":"a","type":"NOOP"},{"name":"b","taskReferenceName":"b","type":"NOOP"}]})J").ok());
        const QString id = h.start(QStringLiteral("noops"));
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(wf), QStringLiteral("COMPLETED"));
        QCOMPARE(SystemTaskHarness::refs(wf), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    }
};

QTEST_GUILESS_MAIN(NoopTaskTest)
#include "test_noop_task.moc"
