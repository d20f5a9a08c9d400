#include "SystemTaskTest.h"

#include "workflow/systemtasks/WaitTask.h"

using namespace orrery;
using namespace orrery::test;

class WaitTaskTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void durationsParse()
    {
        QCOMPARE(WaitTask::parseDurationSeconds(QStringLiteral("30s")).value_or(-1), 30);
        QCOMPARE(WaitTask::parseDurationSeconds(QStringLiteral("1h 5m")).value_or(-1), 3900);
        QCOMPARE(WaitTask::parseDurationSeconds(QStringLiteral("2 days 3 hours")).value_or(-1), 2 * 86400 + 3 * 3600);
        QCOMPARE(WaitTask::parseDurationSeconds(QStringLiteral("10 mins 1 secs")).value_or(-1), 601);
        QVERIFY(!WaitTask::parseDurationSeconds(QStringLiteral("soon")));
        QVERIFY(!WaitTask::parseDurationSeconds(QStringLiteral("")));
        QVERIFY(WaitTask::parseUntilMs(QStringLiteral("2026-12-24 18:00 UTC")).has_value());
        QCOMPARE(*WaitTask::parseUntilMs(QStringLiteral("2026-12-24 18:00 UTC")),
                 QDateTime(QDate(2026, 12, 24), QTime(18, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        QVERIFY(WaitTask::parseUntilMs(QStringLiteral("2026-12-24")).has_value());
        QVERIFY(!WaitTask::parseUntilMs(QStringLiteral("tomorrow")));
    }

    void aDurationPassesInVirtualTime()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"wait","tasks":[
            {"name":"w","taskReferenceName":"w","type":"WAIT","inputParameters":{"duration":"1m 30s"}},
            {"name":"after","taskReferenceName":"after"}]})J").ok());
        const QString id = h.start(QStringLiteral("wait"));
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), QStringLiteral("w"))), QStringLiteral("IN_PROGRESS"));
        h.advance(89'000);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), QStringLiteral("w"))), QStringLiteral("IN_PROGRESS"));
        h.advance(1'000);
        QCOMPARE(SystemTaskHarness::status(SystemTaskHarness::task(h.wf(id), QStringLiteral("w"))), QStringLiteral("COMPLETED"));
        QCOMPARE(h.completeNext(QStringLiteral("after")), QStringLiteral("after"));
    }

    void theTimerSurvivesARestart()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"wait","tasks":[{"name":"w","taskReferenceName":"w","type":"WAIT","inputParameters":{"duration":"10s"}}]})J").ok());
        const QString id = h.start(QStringLiteral("wait"));
        h.advance(4'000);
        h.reopen();
        h.advance(5'000);
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("RUNNING"));
        h.advance(1'000);
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void withoutTimeSomethingExternalCompletesIt()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"hold","tasks":[{"name":"w","taskReferenceName":"w","type":"WAIT"}]})J").ok());
        const QString id = h.start(QStringLiteral("hold"));
        h.advance(3'600'000);
        const QJsonObject w = SystemTaskHarness::task(h.wf(id), QStringLiteral("w"));
        QCOMPARE(SystemTaskHarness::status(w), QStringLiteral("IN_PROGRESS"));
        QVERIFY(h.update(w.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed, QJsonObject{{QStringLiteral("ok"), true}},
                         QString()).ok());
        QCOMPARE(SystemTaskHarness::status(h.wf(id)), QStringLiteral("COMPLETED"));
    }

    void aBadDurationFailsTerminally()
    {
        SystemTaskHarness h;
        QVERIFY(h.define(R"J({"name":"badwait","tasks":[{"name":"w","taskReferenceName":"w","type":"WAIT","inputParameters":{"duration":"${workflow.input.d}"}}]})J").ok());
        const QString id = h.start(QStringLiteral("badwait"), QJsonObject{{QStringLiteral("d"), QStringLiteral("a while")}});
        const QJsonObject w = SystemTaskHarness::task(h.wf(id), QStringLiteral("w"));
        QCOMPARE(SystemTaskHarness::status(w), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"));
        QVERIFY(w.value(QStringLiteral("reasonForIncompletion")).toString().contains(QLatin1String("input.duration")));
    }
};

QTEST_GUILESS_MAIN(WaitTaskTest)
#include "test_wait_task.moc"
