// Job definitions as JSON: defaults, every validation problem reported with its field path, the
// persisted round trip, and the API form with times in the job's zone.
#include "SchedulerHarness.h"
#include "scheduler/JobCodec.h"
#include "scheduler/WorkflowRetention.h"

#include <QJsonArray>

using namespace orrery;
using namespace orrery::test;

namespace {

QJsonObject minimal()
{
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("backup")},
                       {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")},
                                                               {QStringLiteral("expression"), QStringLiteral("30 2 * * *")},
                                                               {QStringLiteral("timezone"), QStringLiteral("America/New_York")}}},
                       {QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), QStringLiteral("backup_wf")}}}};
}

QStringList paths(const Error &e)
{
    QStringList out;
    for (const FieldError &f : e.fieldErrors)
        out << f.path;
    return out;
}

} // namespace

class TestJobCodec : public QObject
{
    Q_OBJECT

private slots:
    void defaults()
    {
        auto def = JobCodec::parseDefinition(minimal(), kT0);
        QVERIFY(def.ok());
        QCOMPARE(def->misfireGraceSeconds, std::optional<int>(60));
        QCOMPARE(def->coalesce, CoalescePolicy::Latest);
        QCOMPARE(def->maxInstances, 1);
        QCOMPARE(def->jitterMs, 0);
        QCOMPARE(def->target.kind, JobTarget::Kind::Workflow);
        QVERIFY(!def->target.version);
        QVERIFY(def->id.isEmpty()); // assigned by the scheduler
    }

    void everyProblemIsReportedWithItsPath()
    {
        QJsonObject o = minimal();
        o.insert(QStringLiteral("id"), QStringLiteral("-bad id"));
        o.insert(QStringLiteral("name"), QString());
        o.insert(QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")},
                                                        {QStringLiteral("expression"), QStringLiteral("* * * * 8")},
                                                        {QStringLiteral("timezone"), QStringLiteral("America/New_York")}});
        o.insert(QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), QStringLiteral("wf")},
                                                       {QStringLiteral("version"), 0},
                                                       {QStringLiteral("input"), QStringLiteral("text")}});
        o.insert(QStringLiteral("misfireGraceSeconds"), -1);
        o.insert(QStringLiteral("coalesce"), QStringLiteral("newest"));
        o.insert(QStringLiteral("maxInstances"), 1.5);
        o.insert(QStringLiteral("jitterSeconds"), -2);
        o.insert(QStringLiteral("startDate"), QStringLiteral("2024-13-01"));
        o.insert(QStringLiteral("misfireGrace"), 5);
        auto def = JobCodec::parseDefinition(o, kT0);
        QVERIFY(!def.ok());
        QCOMPARE(def.error().kind, Error::Kind::Invalid);
        QCOMPARE(paths(def.error()),
                 (QStringList{QStringLiteral("misfireGrace"), QStringLiteral("id"), QStringLiteral("name"),
                              QStringLiteral("trigger.expression"), QStringLiteral("target.version"),
                              QStringLiteral("target.input"), QStringLiteral("misfireGraceSeconds"), QStringLiteral("coalesce"),
                              QStringLiteral("maxInstances"), QStringLiteral("jitterSeconds"), QStringLiteral("startDate")}));
        QVERIFY(def.error().fieldErrors[3].message.contains(QLatin1String("day-of-week")));
        QVERIFY(def.error().message.startsWith(QLatin1String("misfireGrace: unknown field (and 10 more problems)")));

        QJsonObject dates = minimal();
        dates.insert(QStringLiteral("startDate"), QStringLiteral("2024-02-01T00:00:00Z"));
        dates.insert(QStringLiteral("endDate"), QStringLiteral("2024-01-01T00:00:00Z"));
        QCOMPARE(paths(JobCodec::parseDefinition(dates, kT0).error()), QStringList{QStringLiteral("endDate")});
        QJsonObject builtin = minimal();
        builtin.insert(QStringLiteral("target"), QJsonObject{{QStringLiteral("type"), QStringLiteral("builtin")},
                                                             {QStringLiteral("name"), QStringLiteral("defrag")}});
        QCOMPARE(paths(JobCodec::parseDefinition(builtin, kT0).error()), QStringList{QStringLiteral("target.name")});
        QJsonObject noTrigger = minimal();
        noTrigger.remove(QStringLiteral("trigger"));
        noTrigger.remove(QStringLiteral("target"));
        QCOMPARE(paths(JobCodec::parseDefinition(noTrigger, kT0).error()),
                 (QStringList{QStringLiteral("trigger"), QStringLiteral("target")}));
    }

    void cleanupRetentionInSecondsOrDays()
    {
        auto cleanup = [](const QJsonObject &input) {
            QJsonObject o = minimal();
            o.insert(QStringLiteral("target"), QJsonObject{{QStringLiteral("type"), QStringLiteral("builtin")},
                                                           {QStringLiteral("name"), QStringLiteral("cleanup")},
                                                           {QStringLiteral("input"), input}});
            return JobCodec::parseDefinition(o, kT0);
        };
        const QJsonObject seconds{{QStringLiteral("retentionSeconds"), 300}};
        auto def = cleanup(seconds);
        QVERIFY(def.ok());
        QCOMPARE(WorkflowRetention::retentionMs(def->target.input), qint64(300'000));
        QCOMPARE(WorkflowRetention::retentionMs(QJsonObject{{QStringLiteral("retentionDays"), 2}}), qint64(2) * 86'400'000);
        QCOMPARE(WorkflowRetention::retentionMs(QJsonObject{}), qint64(30) * 86'400'000);
        for (const QJsonValue &bad : {QJsonValue(0), QJsonValue(1.5), QJsonValue(QStringLiteral("60"))}) {
            auto r = cleanup(QJsonObject{{QStringLiteral("retentionSeconds"), bad}});
            QVERIFY(!r.ok());
            QCOMPARE(paths(r.error()), QStringList{QStringLiteral("target.input.retentionSeconds")});
        }
        auto both = cleanup(QJsonObject{{QStringLiteral("retentionSeconds"), 60}, {QStringLiteral("retentionDays"), 1}});
        QVERIFY(!both.ok());
        QCOMPARE(paths(both.error()), QStringList{QStringLiteral("target.input.retentionSeconds")});
        QVERIFY(both.error().fieldErrors[0].message.contains(QLatin1String("not both")));
    }

    void persistedFormRoundTrips()
    {
        QJsonObject o = minimal();
        o.insert(QStringLiteral("id"), QStringLiteral("backup.nightly-1"));
        o.insert(QStringLiteral("misfireGraceSeconds"), QJsonValue::Null);
        o.insert(QStringLiteral("coalesce"), QStringLiteral("all"));
        o.insert(QStringLiteral("maxInstances"), 3);
        o.insert(QStringLiteral("jitterSeconds"), 1.5);
        o.insert(QStringLiteral("endDate"), QStringLiteral("2030-01-01T00:00:00Z"));
        o.insert(QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), QStringLiteral("wf")},
                                                       {QStringLiteral("version"), 2},
                                                       {QStringLiteral("priority"), 7},
                                                       {QStringLiteral("projectId"), QStringLiteral("p1")},
                                                       {QStringLiteral("input"), QJsonObject{{QStringLiteral("a"), QJsonArray{1, 2}}}}});
        auto def = JobCodec::parseDefinition(o, kT0);
        QVERIFY(def.ok());
        QVERIFY(!def->misfireGraceSeconds);
        QCOMPARE(def->jitterMs, 1500);
        const QJsonObject stored = JobCodec::definitionToJson(*def);
        auto again = JobCodec::parseDefinition(stored, 0);
        QVERIFY(again.ok());
        QCOMPARE(JobCodec::definitionToJson(*again), stored);
        QCOMPARE(again->target.version, std::optional<int>(2));
        QCOMPARE(again->target.priority, 7);
        QCOMPARE(again->coalesce, CoalescePolicy::All);

        // An interval trigger without a start is anchored at "now" (the first run is immediate).
        QJsonObject interval = minimal();
        interval.insert(QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("interval")},
                                                               {QStringLiteral("intervalMs"), 60000}});
        auto i = JobCodec::parseDefinition(interval, kT0);
        QVERIFY(i.ok());
        QCOMPARE(*i->trigger->nextFireAfter(kT0 - 1), kT0);
    }

    void apiFormShowsTimesInTheJobsZone()
    {
        Job job;
        job.def = JobCodec::parseDefinition(minimal(), kT0).value();
        job.def.id = QStringLiteral("b");
        job.nextFireMs = iso("2024-03-10T03:00:00-04:00");
        job.revision = 4;
        const QJsonObject o = JobCodec::jobToJson(job, *job.nextFireMs);
        QCOMPARE(o.value(QStringLiteral("nextRunTime")).toString(), QStringLiteral("2024-03-10T03:00:00-04:00"));
        QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("scheduled"));
        QCOMPARE(o.value(QStringLiteral("triggerDescription")).toString(), QStringLiteral("At 02:30 every day (America/New_York)"));
        QVERIFY(o.value(QStringLiteral("lastRunTime")).isNull());
        QVERIFY(!o.contains(QStringLiteral("plannedRunTime")));
        // What a GET returns can be sent back in a PUT: read-only fields are accepted and ignored.
        QVERIFY(JobCodec::parseDefinition(o, kT0).ok());

        JobRun run;
        run.runId = QStringLiteral("r");
        run.jobId = QStringLiteral("b");
        run.scheduledMs = *job.nextFireMs;
        run.lastScheduledMs = run.scheduledMs + 86'400'000;
        run.status = JobRun::Status::Missed;
        run.reason = QStringLiteral("coalesced");
        run.count = 2;
        const QJsonObject r = JobCodec::runToJson(run, job.def.displayZone());
        QCOMPARE(r.value(QStringLiteral("status")).toString(), QStringLiteral("MISSED"));
        QCOMPARE(r.value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(r.value(QStringLiteral("lastScheduledTime")).toString(), QStringLiteral("2024-03-11T03:00:00-04:00"));
    }
};

QTEST_GUILESS_MAIN(TestJobCodec)
#include "test_job_codec.moc"
