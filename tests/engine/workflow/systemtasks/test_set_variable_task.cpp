#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class SetVariableTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void setsVariablesOthersRead()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"vars","variables":{"keep":1,"count":0},"tasks":[
            {"name":"set","taskReferenceName":"set","type":"SET_VARIABLE","inputParameters":{"count":"${workflow.input.n}","who":"me"}},
            {"name":"read","taskReferenceName":"read","inputParameters":{"c":"${workflow.variables.count}","k":"${workflow.variables.keep}"}}]})J").ok());
        const QString id = h.start(QStringLiteral("vars"), QJsonObject{{QStringLiteral("n"), 5}});
        const QJsonArray got = h.poll(QStringLiteral("read"));
        QCOMPARE(got.size(), 1);
        const QJsonObject in = got.at(0).toObject().value(QStringLiteral("inputData")).toObject();
        QCOMPARE(in.value(QStringLiteral("c")).toInt(), 5);
        QCOMPARE(in.value(QStringLiteral("k")).toInt(), 1);
        h.reopen(); // variables are durable
        QCOMPARE(h.wf(id).value(QStringLiteral("variables")).toObject().value(QStringLiteral("who")).toString(), QStringLiteral("me"));
    }

    void tooLargeFailsAndChangesNothing()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"big","variables":{"a":1},"tasks":[
            {"name":"set","taskReferenceName":"set","type":"SET_VARIABLE","inputParameters":{"blob":"${workflow.input.blob}"}}]})J").ok());
        const QString id = h.start(QStringLiteral("big"), QJsonObject{{QStringLiteral("blob"), QString(300 * 1024, u'x')}});
        const QJsonObject wf = h.wf(id);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(wf, QStringLiteral("set"))), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"));
        QCOMPARE(wf.value(QStringLiteral("variables")).toObject(), (QJsonObject{{QStringLiteral("a"), 1}}));
    }
};

QTEST_GUILESS_MAIN(SetVariableTaskTest)
#include "test_set_variable_task.moc"
