// The scheduler's REST API on a real orreryd (SQLite): default jobs, create / read / update /
// pause / resume / run / delete, roles, Conductor's error shape with validationErrors paths, the
// preview of a cron rule, outcomes recorded from the engine, and a restart keeping the schedule.
#include "ApiClient.h"
#include "OrrerydProcess.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

using namespace orrery::test;

namespace {

QJsonObject tickWorkflow()
{
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("tick")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("schemaVersion"), 2},
                       {QStringLiteral("tasks"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")},
                                                                       {QStringLiteral("taskReferenceName"), QStringLiteral("n")},
                                                                       {QStringLiteral("type"), QStringLiteral("SIMPLE")}}}}};
}

QJsonObject job(const QString &id, const QString &expr)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("name"), QStringLiteral("job ") + id},
                       {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")},
                                                               {QStringLiteral("expression"), expr},
                                                               {QStringLiteral("timezone"), QStringLiteral("Europe/Berlin")}}},
                       {QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), QStringLiteral("tick")},
                                                              {QStringLiteral("input"), QJsonObject{{QStringLiteral("x"), 1}}}}}};
}

QStringList paths(const ApiAnswer &a)
{
    QStringList out;
    for (const QJsonValue &v : a.object().value(QStringLiteral("validationErrors")).toArray())
        out << v.toObject().value(QStringLiteral("path")).toString();
    return out;
}

QByteArray tokenFor(ApiClient &admin, const QString &role)
{
    const ApiAnswer a = admin.post(QStringLiteral("/api/tokens"),
                                   QJsonObject{{QStringLiteral("name"), role + QStringLiteral("-test")}, {QStringLiteral("role"), role}});
    return a.object().value(QStringLiteral("token")).toString().toUtf8();
}

} // namespace

class TestSchedulerRest : public QObject
{
    Q_OBJECT

private slots:
    void jobsOverRest()
    {
        QTemporaryDir dir;
        OrrerydProcess p(dir.path());
        QString error;
        QVERIFY2(p.start(&error), qPrintable(error));
        ApiClient admin(p.baseUrl(), p.token());
        QCOMPARE(admin.post(QStringLiteral("/api/metadata/workflow"), tickWorkflow()).status, 200);

        // Default jobs of a fresh store, with their next run times.
        ApiAnswer list = admin.get(QStringLiteral("/api/scheduler/jobs"));
        QCOMPARE(list.status, 200);
        QStringList ids;
        for (const QJsonValue &v : list.object().value(QStringLiteral("results")).toArray()) {
            ids << v.toObject().value(QStringLiteral("id")).toString();
            QVERIFY(!v.toObject().value(QStringLiteral("nextRunTime")).toString().isEmpty());
        }
        QCOMPARE(ids, (QStringList{QStringLiteral("cleanup"), QStringLiteral("health-check"), QStringLiteral("nightly-profiling")}));

        // Validation: Conductor's error shape, every problem with its path.
        QJsonObject bad = job(QStringLiteral("bad"), QStringLiteral("61 * * * *"));
        bad.insert(QStringLiteral("target"), QJsonObject{});
        bad.insert(QStringLiteral("maxInstances"), -1);
        bad.insert(QStringLiteral("coalesce"), QStringLiteral("newest"));
        const ApiAnswer invalid = admin.post(QStringLiteral("/api/scheduler/jobs"), bad);
        QCOMPARE(invalid.status, 400);
        QCOMPARE(invalid.object().value(QStringLiteral("status")).toInt(), 400);
        QCOMPARE(paths(invalid), (QStringList{QStringLiteral("trigger.expression"), QStringLiteral("target.name"),
                                              QStringLiteral("coalesce"), QStringLiteral("maxInstances")}));

        // Create, read, reschedule.
        const ApiAnswer created = admin.post(QStringLiteral("/api/scheduler/jobs"), job(QStringLiteral("nightly"), QStringLiteral("0 3 * * *")));
        QCOMPARE(created.status, 200);
        QCOMPARE(created.object().value(QStringLiteral("state")).toString(), QStringLiteral("scheduled"));
        QVERIFY(created.object().value(QStringLiteral("nextRunTime")).toString().contains(QLatin1String("T03:00:00+0")));
        QCOMPARE(admin.post(QStringLiteral("/api/scheduler/jobs"), job(QStringLiteral("nightly"), QStringLiteral("0 3 * * *"))).status, 409);
        QCOMPARE(admin.put(QStringLiteral("/api/scheduler/jobs/nightly"), job(QStringLiteral("nightly"), QStringLiteral("15 4 * * *"))).status, 200);
        ApiAnswer one = admin.get(QStringLiteral("/api/scheduler/jobs/nightly"));
        QCOMPARE(one.status, 200);
        QVERIFY(one.object().value(QStringLiteral("nextRunTime")).toString().contains(QLatin1String("T04:15:00+0")));
        QVERIFY(one.object().value(QStringLiteral("recentRuns")).toArray().isEmpty());
        QCOMPARE(admin.get(QStringLiteral("/api/scheduler/jobs/none")).status, 404);

        // Roles: viewer reads, operator pauses/resumes/runs, admin changes.
        ApiClient viewer(p.baseUrl(), tokenFor(admin, QStringLiteral("viewer")));
        ApiClient operatorClient(p.baseUrl(), tokenFor(admin, QStringLiteral("operator")));
        QCOMPARE(viewer.get(QStringLiteral("/api/scheduler/jobs/nightly")).status, 200);
        QCOMPARE(viewer.post(QStringLiteral("/api/scheduler/jobs/nightly/pause"), {}).status, 403);
        QCOMPARE(operatorClient.put(QStringLiteral("/api/scheduler/jobs/nightly"), job(QStringLiteral("nightly"), QStringLiteral("0 5 * * *"))).status, 403);
        QCOMPARE(operatorClient.call("DELETE", QStringLiteral("/api/scheduler/jobs/nightly")).status, 403);
        const ApiAnswer paused = operatorClient.post(QStringLiteral("/api/scheduler/jobs/nightly/pause"), {});
        QCOMPARE(paused.status, 200);
        QCOMPARE(paused.object().value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
        QCOMPARE(operatorClient.call("POST", QStringLiteral("/api/scheduler/jobs/nightly/resume?from=later")).status, 400);
        const ApiAnswer resumed = operatorClient.call("POST", QStringLiteral("/api/scheduler/jobs/nightly/resume?from=now"));
        QCOMPARE(resumed.status, 200);
        QCOMPARE(resumed.object().value(QStringLiteral("state")).toString(), QStringLiteral("scheduled"));

        // Run now: the workflow starts at once; its outcome is recorded with the run.
        const ApiAnswer run = operatorClient.call("POST", QStringLiteral("/api/scheduler/jobs/nightly/run"));
        QCOMPARE(run.status, 200);
        const QString runId = run.object().value(QStringLiteral("runId")).toString();
        QVERIFY(!runId.isEmpty());
        QString status, workflowId;
        for (QDeadlineTimer deadline(20000); !deadline.hasExpired() && status != QLatin1String("COMPLETED"); QThread::msleep(100)) {
            for (const QJsonValue &v : admin.get(QStringLiteral("/api/scheduler/jobs/nightly")).object().value(QStringLiteral("recentRuns")).toArray())
                if (v.toObject().value(QStringLiteral("runId")).toString() == runId) {
                    status = v.toObject().value(QStringLiteral("status")).toString();
                    workflowId = v.toObject().value(QStringLiteral("workflowId")).toString();
                }
        }
        QCOMPARE(status, QStringLiteral("COMPLETED"));
        const QJsonObject wf = p.get(QStringLiteral("/api/workflow/") + workflowId).json().object();
        QCOMPARE(wf.value(QStringLiteral("correlationId")).toString(), QStringLiteral("job:nightly:") + runId);
        QCOMPARE(wf.value(QStringLiteral("input")).toObject().value(QStringLiteral("x")).toInt(), 1);

        // Preview: validation, description and next fire times (DST-correct).
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("expr"), QStringLiteral("30 2 * * *"));
        q.addQueryItem(QStringLiteral("tz"), QStringLiteral("America/New_York"));
        q.addQueryItem(QStringLiteral("from"), QStringLiteral("2024-03-09T22:00:00-05:00"));
        q.addQueryItem(QStringLiteral("count"), QStringLiteral("2"));
        const ApiAnswer preview = viewer.get(QStringLiteral("/api/scheduler/preview?") + q.toString(QUrl::FullyEncoded));
        QCOMPARE(preview.status, 200);
        QCOMPARE(preview.object().value(QStringLiteral("nextFireTimes")).toArray(),
                 (QJsonArray{QStringLiteral("2024-03-10T03:00:00-04:00"), QStringLiteral("2024-03-11T02:30:00-04:00")}));
        QCOMPARE(preview.object().value(QStringLiteral("description")).toString(), QStringLiteral("At 02:30 every day"));
        const ApiAnswer badPreview = viewer.get(QStringLiteral("/api/scheduler/preview?expr=") + QUrl::toPercentEncoding(QStringLiteral("* * 0 * *"))
                                                + QStringLiteral("&tz=EST"));
        QCOMPARE(badPreview.status, 400);
        QCOMPARE(paths(badPreview), (QStringList{QStringLiteral("expr"), QStringLiteral("tz")}));

        // A restart keeps every job and its next run time.
        const QString next = admin.get(QStringLiteral("/api/scheduler/jobs/nightly")).object().value(QStringLiteral("nextRunTime")).toString();
        QCOMPARE(p.terminate(30000), 0);
        OrrerydProcess restarted(dir.path()); // a new process object: the old one's output names the old port
        QVERIFY2(restarted.start(&error), qPrintable(error));
        ApiClient again(restarted.baseUrl(), restarted.token());
        const ApiAnswer afterAnswer = again.get(QStringLiteral("/api/scheduler/jobs/nightly"));
        QVERIFY2(afterAnswer.status == 200, afterAnswer.body.constData());
        const QJsonObject after = afterAnswer.object();
        QCOMPARE(after.value(QStringLiteral("nextRunTime")).toString(), next);
        QCOMPARE(after.value(QStringLiteral("recentRuns")).toArray().size(), 1);
        QCOMPARE(again.call("DELETE", QStringLiteral("/api/scheduler/jobs/nightly")).status, 200);
        QCOMPARE(again.get(QStringLiteral("/api/scheduler/jobs/nightly")).status, 404);
        QCOMPARE(restarted.terminate(30000), 0);
    }
};

QTEST_GUILESS_MAIN(TestSchedulerRest)
#include "test_scheduler_rest.moc"
