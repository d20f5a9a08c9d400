#include "SystemTaskTest.h"

using namespace orrery;
using namespace orrery::test;

class HumanTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void waitsForAPersonThroughTheTaskApi()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"approve","tasks":[
            {"name":"ask","taskReferenceName":"ask","type":"HUMAN"},
            {"name":"go","taskReferenceName":"go","inputParameters":{"ok":"${ask.output.approved}"}}]})J").ok());
        const QString id = h.start(QStringLiteral("approve"));
        h.advance(24LL * 3600 * 1000); // no timer: it waits as long as it takes
        QJsonObject ask = SystemTaskHarness::task(h.wf(id), QStringLiteral("ask"));
        QCOMPARE(SystemTaskHarness::status(ask), QStringLiteral("IN_PROGRESS"));
        QVERIFY(h.poll(QStringLiteral("HUMAN")).isEmpty()); // never handed to a worker
        // Progress (IN_PROGRESS) keeps it open; COMPLETED moves on.
        QVERIFY(h.update(ask.value(QStringLiteral("taskId")).toString(), TaskStatus::InProgress, QJsonObject{{QStringLiteral("seen"), true}}, QString()).ok());
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), QStringLiteral("ask"))), QStringLiteral("IN_PROGRESS"));
        QVERIFY(h.update(ask.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed, QJsonObject{{QStringLiteral("approved"), true}}, QString()).ok());
        const QJsonArray go = h.poll(QStringLiteral("go"));
        QCOMPARE(go.size(), 1);
        QCOMPARE(go.at(0).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("ok")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(HumanTaskTest)
#include "test_human_task.moc"
