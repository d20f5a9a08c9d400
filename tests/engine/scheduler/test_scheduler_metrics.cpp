// The scheduler module's families of GET /metrics, scraped from a real API server (ApiFixture)
// running the scheduler module on a virtual clock: a job whose run time passed is late by exactly
// the virtual time elapsed, and on time again once it fired; the run records how late it was
// dispatched; a run missed beyond its grace is counted by reason.
#include "../api/ApiFixture.h"
#include "../api/MetricsText.h"

#include "api/scheduler/SchedulerModule.h"

#include <QDateTime>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

constexpr qint64 kHour = 3'600'000;

// A job starting api_wf every hour from `startMs`, dispatched at most `graceSeconds` late.
QByteArray hourlyJob(const QByteArray &id, qint64 startMs, int graceSeconds)
{
    const QByteArray start = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC).toString(Qt::ISODate).toUtf8();
    return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"misfireGraceSeconds\":" + QByteArray::number(graceSeconds) +
           ",\"trigger\":{\"type\":\"interval\",\"intervalMs\":" + QByteArray::number(kHour) + ",\"start\":\"" + start +
           "\"},\"target\":{\"type\":\"workflow\",\"name\":\"api_wf\"}}";
}

} // namespace

class TestSchedulerMetrics : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock;
    ApiFixture m_api;
    SchedulerModule m_module{&m_clock};

    QByteArray scrape() const
    {
        const RawResponse r = m_api.call("GET", "/metrics", m_api.viewer);
        if (r.status != 200)
            qWarning("GET /metrics: %d %s", r.status, r.body.constData());
        return r.body;
    }
    double value(const QByteArray &series) const { return metricValue(scrape(), series); }

    // What the scheduler's timer does when the virtual time reaches a due run.
    void processDue()
    {
        Scheduler *s = m_module.scheduler();
        QMetaObject::invokeMethod(s, [s] { s->processDue(); }, Qt::BlockingQueuedConnection);
    }

private slots:
    void initTestCase()
    {
        m_api.setEngineClock(&m_clock);
        m_api.startModuleBeforeListen(&m_module);
        const QString failure = m_api.start();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow", m_api.admin, ApiFixture::kTwoTaskWorkflow).status, 200);
    }

    void cleanupTestCase()
    {
        m_api.server()->stop(); // no scrape may run while the module stops
        m_module.stop();
    }

    void lateWhileOverdueOnTimeAfterFiring()
    {
        const qint64 due = m_clock.nowMs() + 60'000;
        RawResponse created = m_api.call("POST", "/api/scheduler/jobs", m_api.admin, hourlyJob("hourly", due, 600));
        QVERIFY2(created.status == 200, created.body.constData());
        created = m_api.call("POST", "/api/scheduler/jobs", m_api.admin, hourlyJob("strict", due, 10));
        QVERIFY2(created.status == 200, created.body.constData());

        QByteArray text = scrape();
        QVERIFY2(text.contains("# TYPE orrery_job_lateness_seconds gauge\n"), text.constData());
        QVERIFY(text.contains("# TYPE orrery_job_runs_missed_total counter\n"));
        QCOMPARE(metricValue(text, "orrery_job_lateness_seconds{job_id=\"hourly\"}"), 0.0);
        QCOMPARE(metricValue(text, "orrery_job_runs_missed_total{job_id=\"strict\",reason=\"misfire_grace_exceeded\"}"), 0.0);
        QCOMPARE(metricValue(text, "orrery_job_last_run_lateness_seconds{job_id=\"hourly\"}"), -1.0);

        m_clock.advanceMs(60'000); // due now: not late yet
        QCOMPARE(value("orrery_job_lateness_seconds{job_id=\"hourly\"}"), 0.0);
        m_clock.advanceMs(30'500); // the scheduler did not get to it (its timer runs on real time)
        text = scrape();
        QCOMPARE(metricValue(text, "orrery_job_lateness_seconds{job_id=\"hourly\"}"), 30.5);
        QCOMPARE(metricValue(text, "orrery_job_lateness_seconds{job_id=\"strict\"}"), 30.5);

        processDue(); // "hourly" fires 30.5 s late (within its grace), "strict" misses its run
        text = scrape();
        QCOMPARE(metricValue(text, "orrery_job_lateness_seconds{job_id=\"hourly\"}"), 0.0);
        QCOMPARE(metricValue(text, "orrery_job_lateness_seconds{job_id=\"strict\"}"), 0.0);
        QCOMPARE(metricValue(text, "orrery_job_runs_missed_total{job_id=\"strict\",reason=\"misfire_grace_exceeded\"}"), 1.0);
        QCOMPARE(metricValue(text, "orrery_job_runs_missed_total{job_id=\"hourly\",reason=\"misfire_grace_exceeded\"}"), 0.0);
        // job_fired comes once the engine started the workflow.
        QTRY_COMPARE_WITH_TIMEOUT(value("orrery_job_last_run_lateness_seconds{job_id=\"hourly\"}"), 30.5, 10000);
        QCOMPARE(metricValue(scrape(), "orrery_job_last_run_lateness_seconds{job_id=\"strict\"}"), -1.0);
    }

    void pausedAndRemovedJobsAreNotLate()
    {
        m_clock.advanceMs(2 * kHour); // both jobs' next runs (an hour after the first) are overdue
        QByteArray text = scrape();
        QCOMPARE(metricValue(text, "orrery_job_lateness_seconds{job_id=\"hourly\"}"), 3630.5);
        QCOMPARE(metricValue(text, "orrery_job_lateness_seconds{job_id=\"strict\"}"), 3630.5);

        // (Any change re-arms the scheduler's timer, which then handles "strict" at once.)
        QCOMPARE(m_api.call("POST", "/api/scheduler/jobs/hourly/pause", m_api.operatorAuth).status, 200);
        text = scrape();
        QCOMPARE(metricValue(text, "orrery_job_lateness_seconds{job_id=\"hourly\"}"), -1.0);
        // A paused job keeps its counts and last run, without zeros for reasons it never had.
        QCOMPARE(metricValue(text, "orrery_job_last_run_lateness_seconds{job_id=\"hourly\"}"), 30.5);
        QCOMPARE(metricValue(text, "orrery_job_runs_missed_total{job_id=\"hourly\",reason=\"misfire_grace_exceeded\"}"), -1.0);

        QCOMPARE(m_api.call("DELETE", "/api/scheduler/jobs/strict", m_api.admin).status, 200);
        QVERIFY(!scrape().contains("job_id=\"strict\""));
    }
};

QTEST_GUILESS_MAIN(TestSchedulerMetrics)
#include "test_scheduler_metrics.moc"
