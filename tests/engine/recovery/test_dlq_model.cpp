// The DLQ's value types and pure logic: configuration, filters, entries, rates, alert
// detection and replay pacing, all in virtual time.
#include "recovery/DeadLetterEntry.h"
#include "recovery/DlqAlertDetector.h"
#include "recovery/DlqConfig.h"
#include "recovery/DlqFilter.h"
#include "recovery/EventRate.h"
#include "recovery/ReplayJob.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace orrery;

namespace {

QJsonObject obj(const char *json) { return QJsonDocument::fromJson(json).object(); }

Task attempt(const QString &id, int retryCount, qint64 scheduled, qint64 start, qint64 end, const QString &error)
{
    Task t;
    t.taskId = id;
    t.taskType = QStringLiteral("http");
    t.taskDefName = QStringLiteral("http");
    t.referenceTaskName = QStringLiteral("call");
    t.workflowInstanceId = QStringLiteral("wf-1");
    t.workflowType = QStringLiteral("flow");
    t.projectId = QStringLiteral("shop");
    t.status = TaskStatus::Failed;
    t.retryCount = retryCount;
    t.scheduledTime = scheduled;
    t.startTime = start;
    t.endTime = end;
    t.workerId = QStringLiteral("orrery-local");
    t.reasonForIncompletion = error;
    t.inputData = QJsonObject{{QStringLiteral("url"), QStringLiteral("http://h/x")}};
    t.outputData = QJsonObject{{QStringLiteral("body"), QString(3000, QLatin1Char('x'))},
                               {QStringLiteral("error"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("http")},
                                                                     {QStringLiteral("httpStatus"), 503},
                                                                     {QStringLiteral("errorCode"), QStringLiteral("http_503")}}}};
    return t;
}

} // namespace

class TestDlqModel : public QObject
{
    Q_OBJECT

private slots:
    void configDefaultsAndParsing()
    {
        auto d = DlqConfig::fromJson({});
        QVERIFY(d.ok());
        QCOMPARE(d->ttlMs, 14LL * 24 * 3600 * 1000);
        QCOMPARE(d->maxEntries, 100000);
        QCOMPARE(d->alerts.depthThreshold, 1000);
        QVERIFY(d->alerts.webhook.url.isEmpty());
        QCOMPARE(d->alerts.webhook.retry.retryCount, 5);
        QCOMPARE(d->alerts.webhook.breaker.failureThreshold, 3);

        auto c = DlqConfig::fromJson(obj("{\"ttlSeconds\": 60, \"maxEntries\": 10, \"alerts\": {\"depthThreshold\": 5, "
            "\"cooldownSeconds\": 30, \"webhook\": {\"url\": \"http://hooks.local:9/x\", \"headers\": {\"Authorization\": \"Bearer s3cret\"}, "
            "\"retry\": {\"retryCount\": 2, \"retryDelaySeconds\": 1}, \"breaker\": {\"failureThreshold\": 1}}}}"));
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
        QCOMPARE(c->ttlMs, 60000);
        QCOMPARE(c->maxEntries, 10);
        QCOMPARE(c->alerts.cooldownMs, 30000);
        QCOMPARE(c->alerts.webhook.retry.retryCount, 2);
        QCOMPARE(c->alerts.webhook.retry.logic, RetryLogic::ExponentialBackoff); // kept from the webhook defaults
        QCOMPARE(c->alerts.webhook.breaker.failureThreshold, 1);
        const QByteArray json = QJsonDocument(c->toJson()).toJson();
        QVERIFY(!json.contains("s3cret"));
        QVERIFY(json.contains("***"));
    }

    void configErrorsNameTheField()
    {
        auto c = DlqConfig::fromJson(obj("{\"ttlSecs\": 1, \"alerts\": {\"webhook\": {\"url\": \"ftp://x\", \"retry\": {\"jitterPercent\": 80}}}}"));
        QVERIFY(!c.ok());
        QStringList paths;
        for (const FieldError &e : c.error().fieldErrors)
            paths << e.path;
        QVERIFY2(paths.contains(QStringLiteral("dlq.ttlSecs")), qPrintable(paths.join(',')));
        QVERIFY2(paths.contains(QStringLiteral("dlq.alerts.webhook.url")), qPrintable(paths.join(',')));
        QVERIFY2(paths.contains(QStringLiteral("dlq.alerts.webhook.retry.jitterPercent")), qPrintable(paths.join(',')));
    }

    void filterParsingAndSql()
    {
        auto f = DlqFilter::fromJson(obj(R"({"taskType": "http,shell", "reason": ["terminal"], "from": "2024-05-01T00:00:00Z",
                                             "to": 1714600000000, "text": "50%_x"})"));
        QVERIFY2(f.ok(), f.ok() ? "" : qPrintable(f.error().message));
        QCOMPARE(f->taskTypes, (QStringList{"http", "shell"}));
        QCOMPARE(f->reasons, QStringList{"TERMINAL"});
        QCOMPARE(f->statuses, QStringList{"DEAD"}); // the default
        QCOMPARE(f->fromMs, 1714521600000);
        QVariantList binds;
        const QString where = f->sqlWhere(binds);
        QVERIFY(where.contains(QStringLiteral("task_type IN (?,?)")));
        QVERIFY(where.contains(QStringLiteral("search_text LIKE ? ESCAPE '!'")));
        QCOMPARE(binds.last().toString(), QStringLiteral("%50!%!_x%"));

        auto all = DlqFilter::fromJson(obj(R"({"status": "all"})"));
        QVERIFY(all.ok() && all->statuses.isEmpty() && all->selectsAllOfStatus());

        auto bad = DlqFilter::fromJson(obj(R"({"reason": "oops", "status": "GONE", "from": "yesterday", "to": 5, "taskType": 3})"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().fieldErrors.size(), 4);

        DlqFilter scoped = DlqFilter::fromJson(obj(R"({"projectId": ["a", "b"]})")).value();
        scoped.restrictToProjects({QStringLiteral("b"), QStringLiteral("c")});
        QCOMPARE(scoped.projects, QStringList{"b"});
        scoped.restrictToProjects({QStringLiteral("c")});
        QVERIFY(scoped.matchesNothing());
        binds.clear();
        QVERIFY(scoped.sqlWhere(binds).contains(QStringLiteral("1 = 0")));
    }

    void entryKeepsEveryAttemptAcrossReopenings()
    {
        const qint64 t0 = 1700000000000;
        DeadLetterInput first;
        first.attempts = {attempt("a1", 0, t0, t0 + 10, t0 + 60, "HTTP 503"),
                          attempt("a2", 1, t0 + 1000, t0 + 1010, t0 + 1100, "HTTP 503")};
        first.task = first.attempts.last();
        first.reasonClass = QStringLiteral("RETRIES_EXHAUSTED");
        first.message = QStringLiteral("no retries left");
        DeadLetterEntry e = DeadLetterEntry::create(QStringLiteral("e1"), first, t0 + 2000, 100);
        QCOMPARE(e.attempts.size(), 2);
        QCOMPARE(e.firstFailureMs, t0 + 60);
        QCOMPARE(e.lastFailureMs, t0 + 1100);
        QCOMPARE(e.attempts[0].durationMs(), 50);
        QCOMPARE(e.attempts[0].errorDetail.value(QStringLiteral("httpStatus")).toInt(), 503);
        QVERIFY(e.attempts[0].outputExcerpt.size() <= 101); // cut, with an ellipsis
        QVERIFY(!e.task.contains(QStringLiteral("inputData")));
        QCOMPARE(e.input.value(QStringLiteral("url")).toString(), QStringLiteral("http://h/x"));
        QCOMPARE(e.projectId, QStringLiteral("shop"));
        QVERIFY(e.searchText().contains(QStringLiteral("http 503")));

        e.status = DeadLetterEntry::Status::Replayed;
        e.replays.append(DeadLetterReplay{t0 + 3000, QStringLiteral("ops"), QString(), QStringLiteral("a2"), QStringLiteral("a3"), QString()});
        DeadLetterInput again;
        again.attempts = first.attempts;
        again.attempts.append(attempt("a3", 2, t0 + 3000, t0 + 3010, t0 + 3500, "HTTP 500"));
        again.task = again.attempts.last();
        again.reasonClass = QStringLiteral("RETRIES_EXHAUSTED");
        e.reopen(again, t0 + 4000, 100);
        QCOMPARE(e.status, DeadLetterEntry::Status::Dead);
        QCOMPARE(e.deadCount, 2);
        QCOMPARE(e.attempts.size(), 3);
        QCOMPARE(e.attempts.last().taskId, QStringLiteral("a3"));
        QCOMPARE(e.taskId, QStringLiteral("a3"));
        QCOMPARE(e.replays.size(), 1);
        QCOMPARE(e.lastFailureMs, t0 + 3500);

        auto back = DeadLetterEntry::fromJson(e.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->toJson(), e.toJson());
        QCOMPARE(e.summaryJson().value(QStringLiteral("lastError")).toString(), QStringLiteral("HTTP 500"));
    }

    void eventRateCountsWindows()
    {
        EventRate r(60000);
        r.add(1000);
        r.add(2000, 3);
        r.add(30000);
        QCOMPARE(r.countSince(30000, 29000), 4);  // (1000, 30000]
        QCOMPARE(r.countSince(30000, 28000), 1);  // (2000, 30000]
        QCOMPARE(r.countSince(30000, 30000), 5);
        QCOMPARE(r.countBetween(30000, 28000, 2000), 4); // (0, 2000]
        r.add(62500);
        QCOMPARE(r.countSince(62500, 600000), 2); // 1000 and 2000 fell out of the horizon
    }

    void alertsOnDepthCrossingOnce()
    {
        DlqAlertConfig c;
        c.depthThreshold = 3;
        c.spikeFactor = 0;
        DlqAlertDetector d(c);
        d.start(0);
        const qint64 t = 1000000;
        QVERIFY(d.onInflow(t, 1, 1).isEmpty());
        QVERIFY(d.onInflow(t + 1, 1, 2).isEmpty());
        const auto alerts = d.onInflow(t + 2, 1, 3);
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts[0].value(QStringLiteral("kind")).toString(), QStringLiteral("depth"));
        QVERIFY(d.onInflow(t + 3, 1, 4).isEmpty()); // still above: no repeat
        d.onDepth(1);                                // replayed / purged below the threshold
        QVERIFY(d.onInflow(t + 4, 1, 2).isEmpty());
        QCOMPARE(d.onInflow(t + 5, 1, 3).size(), 1);
        DlqAlertDetector deep(c);
        deep.start(10); // already deep at start-up: no alert until it fell below once
        QVERIFY(deep.onInflow(t, 1, 11).isEmpty());
    }

    void alertsOnInflowSpikeWithCooldown()
    {
        DlqAlertConfig c;
        c.depthThreshold = 0;
        c.spikeFactor = 4;
        c.spikeMinimum = 10;
        c.baselineMinutes = 10;
        c.cooldownMs = 300000;
        DlqAlertDetector d(c);
        d.start(0);
        qint64 t = 10000000;
        // A steady baseline of 5 per minute for 10 minutes: never an alert.
        for (int m = 0; m < 10; ++m)
            for (int i = 0; i < 5; ++i)
                QVERIFY(d.onInflow(t + m * 60000 + i * 10000, 1, 0).isEmpty());
        t += 650000; // the last baseline event was at +580 s: the last minute is quiet
        QCOMPARE(d.baselinePerMinute(t), 5.0);
        QList<QJsonObject> raised;
        for (int i = 0; i < 25; ++i)
            raised += d.onInflow(t + i * 100, 1, 0);
        QCOMPARE(raised.size(), 1); // at 20 in the minute (4 x 5), once
        QCOMPARE(raised[0].value(QStringLiteral("kind")).toString(), QStringLiteral("inflow"));
        QCOMPARE(raised[0].value(QStringLiteral("inflowLastMinute")).toInt(), 20);
        // Cooldown: another burst 2 minutes later stays quiet; after 5 minutes it alerts again.
        raised.clear();
        for (int i = 0; i < 30; ++i)
            raised += d.onInflow(t + 120000 + i * 100, 1, 0);
        QVERIFY(raised.isEmpty());
        for (int i = 0; i < 60; ++i)
            raised += d.onInflow(t + 300000 + i * 100, 1, 0);
        QCOMPARE(raised.size(), 1);
    }

    void replayJobPacesIssues()
    {
        ReplayJob job(QStringLiteral("j"), {"a", "b", "c", "d", "e"}, 2.0, 1000, QStringLiteral("ops"));
        QCOMPARE(job.takeDue(1000), QStringList{"a"});
        QCOMPARE(job.nextDueMs(), 1500);
        QVERIFY(job.takeDue(1499).isEmpty());
        QCOMPARE(job.takeDue(2600), (QStringList{"b", "c", "d"}));
        QVERIFY(!job.finished());
        QCOMPARE(job.takeDue(3000), QStringList{"e"});
        QCOMPARE(job.nextDueMs(), -1);
        for (int i = 0; i < 4; ++i)
            job.replied(true);
        QVERIFY(!job.finished());
        job.replied(false);
        QVERIFY(job.finished());
        QCOMPARE(job.toJson(3000).value(QStringLiteral("failed")).toInt(), 1);
        ReplayJob burst(QStringLiteral("k"), {"a", "b"}, 0, 0, QStringLiteral("ops"));
        QCOMPARE(burst.takeDue(0).size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDlqModel)
#include "test_dlq_model.moc"
