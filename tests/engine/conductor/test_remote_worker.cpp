// The remote worker's parts in virtual time: backoff bounds, lease extension timing, the report
// retry queue (no result lost), the batch poll's answers; then a RemoteWorker with a real pool.
#include "FakeTransport.h"

#include "conductor/ConductorClient.h"
#include "conductor/LeaseTracker.h"
#include "conductor/RemoteTypePoller.h"
#include "conductor/RemoteWorker.h"
#include "conductor/ReportQueue.h"
#include "core/Clock.h"
#include "events/ReconnectBackoff.h"
#include "workers/WorkerPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace orrery;
using orrery::test::FakeTransport;

namespace {

ConductorSettings settings()
{
    ConductorSettings s;
    s.url = QStringLiteral("http://127.0.0.1:9");
    s.workerId = QStringLiteral("w1");
    s.breakerFailureThreshold = 3;
    s.breakerResetMs = 5000;
    s.useUpdateV2 = false; // the update-v2 tests turn it on
    return s;
}

TaskResult completed(const QString &id)
{
    TaskResult r;
    r.taskId = id;
    r.status = TaskStatus::Completed;
    r.workerId = QStringLiteral("w1");
    return r;
}

} // namespace

class TestRemoteWorker : public QObject
{
    Q_OBJECT

private slots:
    void backoffStaysInItsBounds()
    {
        ReconnectBackoff b(200, 30000, 0.2, 42);
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < 20; ++i) {
                const double base = std::min(30000.0, 200.0 * std::pow(2.0, i));
                const int d = b.next();
                QVERIFY2(d >= base * 0.8 - 1 && d <= base * 1.2 + 1, qPrintable(QStringLiteral("%1: %2").arg(i).arg(d)));
            }
            b.reset();
        }
    }

    void leaseExtensionAtEightyPercent()
    {
        LeaseTracker t;
        const qint64 t0 = 1'000'000;
        t.track(QStringLiteral("a"), QStringLiteral("wf"), 10, t0);   // 10 s lease
        t.track(QStringLiteral("none"), QStringLiteral("wf"), 0, t0); // no lease
        QCOMPARE(t.size(), 1);
        QCOMPARE(t.nextDueMs(), t0 + 8000);
        QVERIFY(t.takeDue(t0 + 7999).isEmpty());
        const auto due = t.takeDue(t0 + 8000);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().taskId, QStringLiteral("a"));
        QCOMPARE(t.nextDueMs(), t0 + 16000); // 80% after the extension
        t.retryLater(QStringLiteral("a"), t0 + 8100, 1000);
        QCOMPARE(t.nextDueMs(), t0 + 9100);
        t.forget(QStringLiteral("a"));
        QCOMPARE(t.nextDueMs(), qint64(-1));
    }

    void reportKeptUntilTheServerTakesIt()
    {
        ManualClock clock;
        FakeTransport transport;
        bool down = true;
        transport.responder = [&](const ConductorRequest &r) {
            return down ? FakeTransport::reply(0) : FakeTransport::reply(200, r.body.isEmpty() ? "" : "t1");
        };
        ConductorClient client(settings(), &transport, &clock);
        ReportQueue queue(&client, &clock);
        QSignalSpy settled(&queue, &ReportQueue::settled);
        queue.add(completed(QStringLiteral("t1")), QStringLiteral("wf1"));
        transport.flush();
        for (int i = 0; i < 300; ++i) { // 5 virtual minutes down
            clock.advanceMs(1000);
            queue.wake();
            transport.flush();
        }
        QCOMPARE(queue.pending(), 1);
        QCOMPARE(settled.count(), 0);
        QVERIFY(client.counters().probes > 0);
        down = false;
        for (int i = 0; i < 40 && queue.pending() > 0; ++i) {
            clock.advanceMs(1000);
            queue.wake();
            transport.flush();
        }
        QCOMPARE(queue.pending(), 0);
        QCOMPARE(settled.count(), 1);
        QCOMPARE(settled.first().at(1).toBool(), true);
        QCOMPARE(queue.delivered(), quint64(1));
        const QJsonObject body = QJsonDocument::fromJson(transport.sent.last().body).object();
        QCOMPARE(body.value(QStringLiteral("taskId")).toString(), QStringLiteral("t1"));
        QCOMPARE(body.value(QStringLiteral("workflowInstanceId")).toString(), QStringLiteral("wf1"));
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(transport.sent.last().path, QStringLiteral("/api/tasks"));
    }

    void reportDroppedOnNotFound()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &) { return FakeTransport::reply(404, R"({"message":"No such task"})"); };
        ConductorClient client(settings(), &transport, &clock);
        ReportQueue queue(&client, &clock);
        queue.add(completed(QStringLiteral("gone")), QStringLiteral("wf"));
        transport.flush();
        QCOMPARE(queue.pending(), 0);
        QCOMPARE(queue.dropped(), quint64(1));
        QCOMPARE(transport.sent.size(), 1);
    }

    void reportRetriesBackOffExponentially()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &) { return FakeTransport::reply(503); };
        ConductorSettings s = settings();
        s.breakerFailureThreshold = 1000; // look at the queue's own backoff
        ConductorClient client(s, &transport, &clock);
        ReportQueue queue(&client, &clock);
        queue.add(completed(QStringLiteral("t")), QStringLiteral("wf"));
        transport.flush();
        QList<qint64> waits;
        for (int i = 0; i < 6; ++i) {
            const qint64 wait = queue.nextDueMs() - clock.nowMs();
            waits.append(wait);
            clock.advanceMs(wait);
            queue.wake();
            transport.flush();
        }
        for (int i = 0; i < waits.size(); ++i) {
            const double base = 200.0 * std::pow(2.0, i);
            QVERIFY2(waits[i] >= base * 0.8 - 1 && waits[i] <= base * 1.2 + 1, qPrintable(QString::number(waits[i])));
        }
        QCOMPARE(queue.pending(), 1);
        QCOMPARE(queue.retries(), quint64(6));
    }

    void updateV2HandsOutTheNextTask()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &r) {
            if (r.path == QLatin1String("/api/tasks/update-v2"))
                return FakeTransport::reply(200, R"({"taskId":"t2","workflowInstanceId":"wf2","taskDefName":"noop"})");
            return FakeTransport::reply(200, "ok");
        };
        ConductorSettings s = settings();
        s.useUpdateV2 = true;
        ConductorClient client(s, &transport, &clock);
        ReportQueue queue(&client, &clock);
        QSignalSpy next(&queue, &ReportQueue::nextTask);
        queue.add(completed(QStringLiteral("t1")), QStringLiteral("wf1"));
        transport.flush();
        QCOMPARE(transport.sent.last().path, QStringLiteral("/api/tasks/update-v2"));
        QCOMPARE(next.count(), 1);
        QCOMPARE(next.first().first().toJsonObject().value(QStringLiteral("taskId")).toString(), QStringLiteral("t2"));
        QCOMPARE(queue.delivered(), quint64(1));
        // A release (IN_PROGRESS) always goes by POST /api/tasks.
        TaskResult release = completed(QStringLiteral("t2"));
        release.status = TaskStatus::InProgress;
        queue.add(release, QStringLiteral("wf2"));
        transport.flush();
        QCOMPARE(transport.sent.last().path, QStringLiteral("/api/tasks"));
    }

    void updateV2MissingFallsBackForGood()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &r) {
            return r.path == QLatin1String("/api/tasks/update-v2") ? FakeTransport::reply(405) : FakeTransport::reply(200, "t");
        };
        ConductorSettings s = settings();
        s.useUpdateV2 = true;
        ConductorClient client(s, &transport, &clock);
        ReportQueue queue(&client, &clock);
        queue.add(completed(QStringLiteral("a")), QStringLiteral("wf"));
        transport.flush();
        QCOMPARE(queue.delivered(), quint64(1));
        QVERIFY(!queue.usesUpdateV2());
        queue.add(completed(QStringLiteral("b")), QStringLiteral("wf"));
        transport.flush();
        QCOMPARE(queue.delivered(), quint64(2));
        QCOMPARE(transport.count(QStringLiteral("/api/tasks/update-v2")), 1); // probed once
        QCOMPARE(transport.sent.size(), 3);
    }

    void batchPollNoWorkAndTasks()
    {
        ManualClock clock;
        FakeTransport transport;
        QByteArray answer;
        int status = 204;
        transport.responder = [&](const ConductorRequest &) { return FakeTransport::reply(status, answer); };
        ConductorSettings s = settings();
        s.domain = QStringLiteral("blue");
        ConductorClient client(s, &transport, &clock);
        RemoteTypePoller poller(QStringLiteral("noop"), &client, &clock, [] { return 3; });
        QSignalSpy polled(&poller, &RemoteTypePoller::tasksPolled);
        poller.start();
        QCOMPARE(transport.sent.size(), 1);
        QCOMPARE(transport.sent.first().path,
                 QStringLiteral("/api/tasks/poll/batch/noop?workerid=w1&count=3&timeout=5000&domain=blue"));
        transport.flush(); // 204
        QCOMPARE(polled.count(), 0);
        QCOMPARE(poller.failures(), quint64(0));
        status = 200;
        answer = "[]";
        clock.advanceMs(200);
        poller.wake();
        transport.flush();
        QCOMPARE(polled.count(), 0);
        QCOMPARE(poller.failures(), quint64(0));
        answer = R"([{"taskId":"t1","workflowInstanceId":"w","taskDefName":"noop","inputData":{"a":1},"responseTimeoutSeconds":60},
                     {"taskId":"","workflowInstanceId":"w"}])";
        clock.advanceMs(200);
        poller.wake();
        transport.flush();
        QCOMPARE(polled.count(), 1);
        const auto tasks = polled.first().first().value<QList<RemoteTask>>();
        QCOMPARE(tasks.size(), 1); // the one without a taskId is dropped
        QCOMPARE(tasks.first().responseTimeoutSeconds, qint64(60));
        // A failure backs off (200 ms +-20% first).
        status = 500;
        clock.advanceMs(200);
        poller.wake();
        transport.flush();
        QCOMPARE(poller.failures(), quint64(1));
        const qint64 wait = poller.nextDueMs() - clock.nowMs();
        QVERIFY2(wait >= 160 && wait <= 240, qPrintable(QString::number(wait)));
        const int before = transport.sent.size();
        poller.wake(); // not due yet: nothing sent
        QCOMPARE(transport.sent.size(), before);
    }

    // A real pool runs a polled noop task; its result goes back with POST /api/tasks; a long
    // task gets a lease extension at 80% of its responseTimeoutSeconds (virtual time).
    void remoteWorkerRunsAndReports()
    {
        ManualClock clock;
        FakeTransport transport;
        bool handedOut = false;
        transport.responder = [&](const ConductorRequest &r) {
            if (r.path.startsWith(QLatin1String("/api/tasks/poll/batch/noop")) && !handedOut) {
                handedOut = true;
                return FakeTransport::reply(200, R"([{"taskId":"t1","workflowInstanceId":"wf1","taskDefName":"noop",
                                                    "referenceTaskName":"a","retryCount":1,
                                                    "inputData":{"x":1},"responseTimeoutSeconds":10}])");
            }
            if (r.path.startsWith(QLatin1String("/api/tasks/poll")))
                return FakeTransport::reply(204);
            return FakeTransport::reply(200, "t1");
        };
        ConductorClient client(settings(), &transport, &clock);
        WorkerPool pool;
        QVERIFY(pool.start().ok());
        RemoteWorker worker(&client, &pool, {QStringLiteral("noop")}, 2, &clock);
        connect(&pool, &WorkerPool::finished, &worker, &RemoteWorker::onOutcomes, Qt::QueuedConnection);
        worker.start();
        transport.flush(1); // the poll hands out t1
        QCOMPARE(worker.inFlight() + int(worker.reports()->delivered()) + worker.reportsPending() >= 1, true);
        QCOMPARE(worker.leases().size() + int(worker.reports()->delivered()) + worker.reportsPending(), 1);
        QTRY_VERIFY([&] { transport.flush(1); return worker.reports()->delivered() == 1; }());
        QCOMPARE(worker.inFlight(), 0);
        QCOMPARE(worker.leases().size(), 0);
        QJsonObject body;
        for (const auto &r : transport.sent)
            if (r.path == QLatin1String("/api/tasks"))
                body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value(QStringLiteral("taskId")).toString(), QStringLiteral("t1"));
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(body.value(QStringLiteral("workerId")).toString(), QStringLiteral("w1"));
        // The attempt counts in /api/stats' task figures: a completed retry (retryCount 1).
        const RemoteTaskRecord::Counts counted = worker.record()->window(3'600'000, clock.nowMs());
        QCOMPARE(counted.completed, 1);
        QCOMPARE(counted.failed, 0);
        QCOMPARE(counted.retries, 1);
        bool drained = false;
        worker.drain(0, 0, [&] { drained = true; });
        QTRY_VERIFY([&] { transport.flush(1); return drained; }());
        pool.stop(0);
    }

    void leaseExtensionsAreSent()
    {
        ManualClock clock;
        FakeTransport transport;
        transport.responder = [](const ConductorRequest &r) {
            if (r.path.startsWith(QLatin1String("/api/tasks/poll")))
                return FakeTransport::reply(200, R"([{"taskId":"long","workflowInstanceId":"wf","taskDefName":"shell",
                                                    "inputData":{"argv":["sleep","30"]},"responseTimeoutSeconds":10}])");
            return FakeTransport::reply(200, "long");
        };
        ConductorClient client(settings(), &transport, &clock);
        WorkerPool pool;
        QVERIFY(pool.start().ok());
        RemoteWorker worker(&client, &pool, {QStringLiteral("shell")}, 1, &clock);
        worker.start();
        transport.flush(1);
        QCOMPARE(worker.inFlight(), 1);
        QCOMPARE(worker.leases().nextDueMs(), clock.nowMs() + 8000);
        clock.advanceMs(7999);
        worker.extendDueLeases();
        auto reports = [&] {
            int n = 0;
            for (const auto &r : transport.sent)
                n += r.path == QLatin1String("/api/tasks") ? 1 : 0;
            return n;
        };
        QCOMPARE(reports(), 0);
        clock.advanceMs(1);
        worker.extendDueLeases();
        QCOMPARE(transport.sent.last().path, QStringLiteral("/api/tasks"));
        const QJsonObject body = QJsonDocument::fromJson(transport.sent.last().body).object();
        QCOMPARE(body.value(QStringLiteral("extendLease")).toBool(), true);
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("IN_PROGRESS"));
        transport.flush(1);
        QCOMPARE(worker.leases().nextDueMs(), clock.nowMs() + 8000);
        // Drain with no time left: the task is released (IN_PROGRESS, callbackAfterSeconds 0).
        bool drained = false;
        worker.drain(0, 1000, [&] { drained = true; });
        QTRY_VERIFY([&] { transport.flush(1); return drained; }());
        const QJsonObject release = QJsonDocument::fromJson(transport.sent.last().body).object();
        QCOMPARE(release.value(QStringLiteral("status")).toString(), QStringLiteral("IN_PROGRESS"));
        QVERIFY(!release.contains(QStringLiteral("extendLease")));
        QCOMPARE(worker.inFlight(), 0);
        pool.stop(0);
    }
};

QTEST_GUILESS_MAIN(TestRemoteWorker)
#include "test_remote_worker.moc"
