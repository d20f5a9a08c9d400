// orreryd as a real process against a failing local HTTP endpoint: 200 workflows, each with one
// `http` task. While the endpoint answers 503 the circuit breaker opens and the endpoint sees no
// more than the half-open probes (no retry storm); when it recovers every task completes or is
// in the DLQ with its attempt history, none lost. Terminal failures (404) go to the DLQ at once,
// raise a depth alert through the webhook, and are replayed in bulk, rate-limited, over REST.

#include "FlakyEndpoint.h"
#include "OrrerydProcess.h"

#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace orrery::test;

namespace {

constexpr int kWorkflows = 200;
constexpr int kMissing = 10;      // of which aim at a path that answers 404
constexpr int kResetSeconds = 2;  // breaker reset timeout
constexpr int kFailingMs = 7000;  // how long the endpoint fails

QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

QString breakerName(const FlakyEndpoint &e) { return QStringLiteral("http:127.0.0.1:%1").arg(e.port()); }

QJsonObject breaker(OrrerydProcess &p, const QString &name)
{
    const QJsonArray all = p.get(QStringLiteral("/api/circuitbreaker/status")).json().object().value(QStringLiteral("breakers")).toArray();
    for (const QJsonValue &b : all)
        if (b.toObject().value(QStringLiteral("name")).toString() == name)
            return b.toObject();
    return {};
}

} // namespace

class TestDlqBreakerProcess : public QObject
{
    Q_OBJECT

private slots:
    void breakerStopsTheRetryStormAndNothingIsLost()
    {
        FlakyEndpoint endpoint;
        QString error;
        QVERIFY2(endpoint.start(&error), qPrintable(error));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            QFile config(dir.filePath(QStringLiteral("recovery.json")));
            QVERIFY(config.open(QIODevice::WriteOnly));
            const QJsonObject recovery{
                {QStringLiteral("breakers"),
                 QJsonObject{{QStringLiteral("breakers"),
                              QJsonObject{{QStringLiteral("http:*"), QJsonObject{{QStringLiteral("failureThreshold"), 5},
                                                                                 {QStringLiteral("resetTimeoutSeconds"), kResetSeconds}}}}}}},
                {QStringLiteral("dlq"),
                 QJsonObject{{QStringLiteral("alerts"),
                              QJsonObject{{QStringLiteral("depthThreshold"), 5},
                                          {QStringLiteral("webhook"), QJsonObject{{QStringLiteral("url"), endpoint.url(QStringLiteral("/alerts"))}}}}}}}};
            config.write(QJsonDocument(recovery).toJson());
        }
        OrrerydProcess p(dir.path(), {QStringLiteral("--no-demo"), QStringLiteral("--local-concurrency"), QStringLiteral("8")});
        QVERIFY2(p.start(&error), qPrintable(error));

        // A task definition with a retry budget and a breaker of its own, and a one-task workflow.
        QJsonObject def = json(R"({"name": "http", "retryCount": 4, "retryLogic": "FIXED", "retryDelaySeconds": 1,
                                   "jitterPercent": 10, "responseTimeoutSeconds": 30})");
        def.insert(QStringLiteral("breaker"), QJsonObject{{QStringLiteral("failureThreshold"), 5},
                                                          {QStringLiteral("resetTimeoutSeconds"), kResetSeconds}});
        auto r = p.postRaw(QStringLiteral("/api/metadata/taskdefs"), QJsonDocument(QJsonArray{def}).toJson());
        QVERIFY2(r.status == 200, r.body.constData());
        r = p.post(QStringLiteral("/api/metadata/workflow"),
                   json(R"({"name": "flaky_call", "version": 1, "schemaVersion": 2, "tasks": [{"name": "http",
                            "taskReferenceName": "call", "type": "SIMPLE",
                            "inputParameters": {"url": "${workflow.input.url}", "connectTimeoutMs": 2000, "readTimeoutMs": 5000}}]})"));
        QVERIFY2(r.status == 200, r.body.constData());

        QStringList workflows;
        QSet<QString> missing;
        for (int i = 0; i < kWorkflows; ++i) {
            const bool isMissing = i % (kWorkflows / kMissing) == 0;
            const QString url = endpoint.url(QStringLiteral("/%1/%2").arg(isMissing ? "missing" : "ok").arg(i));
            r = p.post(QStringLiteral("/api/workflow/flaky_call"), QJsonObject{{QStringLiteral("url"), url}});
            QVERIFY2(r.status == 200, r.body.constData());
            workflows << QString::fromUtf8(r.body);
            if (isMissing)
                missing.insert(workflows.last());
        }

        // ---- phase 1: the endpoint fails; watch the breaker
        const QString name = breakerName(endpoint);
        qint64 tripSeenMs = -1;
        const qint64 phaseEnd = endpoint.nowMs() + kFailingMs;
        while (endpoint.nowMs() < phaseEnd) {
            const QJsonObject b = breaker(p, name);
            if (tripSeenMs < 0 && b.value(QStringLiteral("trips")).toInt() >= 1)
                tripSeenMs = endpoint.nowMs();
            QThread::msleep(100);
        }
        const qint64 phase1EndMs = endpoint.nowMs();
        QVERIFY2(tripSeenMs >= 0, "the breaker never opened");
        const QList<FlakyEndpoint::Request> phase1 = endpoint.requests();
        int beforeTrip = 0;
        QList<qint64> afterTrip; // calls that reached the endpoint while the breaker was tripped
        for (const auto &req : phase1) {
            if (req.path.startsWith("/alerts"))
                continue;
            if (req.atMs <= tripSeenMs + 500)
                ++beforeTrip;
            else if (req.atMs <= phase1EndMs)
                afterTrip << req.atMs;
        }
        // Before the trip: the failures that tripped it plus what was already in flight (8 slots).
        QVERIFY2(beforeTrip <= 5 + 8 + 8, qPrintable(QStringLiteral("%1 calls before the trip").arg(beforeTrip)));
        // After it: half-open probes only, one per reset timeout (each probe fails and reopens it).
        const qint64 openSpanMs = phase1EndMs - (tripSeenMs + 500);
        const int maxProbes = int(openSpanMs / (kResetSeconds * 1000)) + 2;
        QVERIFY2(afterTrip.size() <= maxProbes,
                 qPrintable(QStringLiteral("%1 calls in %2 ms of open breaker (at most %3 probes expected)")
                                .arg(afterTrip.size()).arg(openSpanMs).arg(maxProbes)));
        // Counted per window of one reset timeout: never more than the probe and one straggler.
        for (qint64 w = tripSeenMs + 500; w < phase1EndMs; w += kResetSeconds * 1000) {
            const auto inWindow = std::count_if(afterTrip.cbegin(), afterTrip.cend(),
                                                [w](qint64 t) { return t > w && t <= w + kResetSeconds * 1000; });
            QVERIFY2(inWindow <= 2, qPrintable(QStringLiteral("%1 calls in the window at %2 ms").arg(inWindow).arg(w)));
        }
        const QJsonObject open = breaker(p, name);
        QVERIFY2(open.value(QStringLiteral("rejections")).toInt() > 0, "no task waited behind the breaker");
        QVERIFY(breaker(p, QStringLiteral("task:http")).value(QStringLiteral("trips")).toInt() >= 1);
        qInfo("phase 1: %d calls before the trip, %d while open (%lld ms), %d rejections", beforeTrip,
              int(afterTrip.size()), openSpanMs, open.value(QStringLiteral("rejections")).toInt());

        // ---- phase 2: the endpoint recovers; every workflow ends
        endpoint.setHealthy(true);
        QStringList pending = workflows;
        QHash<QString, QJsonObject> ended;
        QDeadlineTimer deadline(40000);
        while (!pending.isEmpty() && !deadline.hasExpired()) {
            for (auto it = pending.begin(); it != pending.end();) {
                const QJsonObject wf = p.get(QStringLiteral("/api/workflow/%1?includeTasks=true").arg(*it)).json().object();
                const QString status = wf.value(QStringLiteral("status")).toString();
                if (status == QLatin1String("COMPLETED") || status == QLatin1String("FAILED")) {
                    ended.insert(*it, wf);
                    it = pending.erase(it);
                } else {
                    ++it;
                }
            }
            if (!pending.isEmpty())
                QThread::msleep(200);
        }
        QVERIFY2(pending.isEmpty(), qPrintable(QStringLiteral("%1 workflows did not end").arg(pending.size())));

        int completed = 0, deadLettered = 0;
        QString retriedTask;
        for (const QString &id : workflows) {
            const QJsonObject wf = ended.value(id);
            const QJsonArray tasks = wf.value(QStringLiteral("tasks")).toArray();
            if (wf.value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED")) {
                QVERIFY(!missing.contains(id));
                ++completed;
                if (tasks.size() > 1)
                    retriedTask = tasks.last().toObject().value(QStringLiteral("taskId")).toString();
                continue;
            }
            const QJsonArray entries = p.get(QStringLiteral("/api/dlq?workflowId=%1&status=ALL").arg(id))
                                           .json().object().value(QStringLiteral("results")).toArray();
            QVERIFY2(entries.size() == 1, qPrintable(QStringLiteral("failed workflow %1 has no DLQ entry").arg(id)));
            const QString entryId = entries.first().toObject().value(QStringLiteral("id")).toString();
            const QJsonObject entry = p.get(QStringLiteral("/api/dlq/") + entryId).json().object();
            const QJsonArray attempts = entry.value(QStringLiteral("attempts")).toArray();
            QCOMPARE(attempts.size(), tasks.size()); // every attempt, none lost
            for (const QJsonValue &a : attempts)
                QVERIFY(!a.toObject().value(QStringLiteral("error")).toString().isEmpty());
            if (missing.contains(id)) {
                QCOMPARE(entry.value(QStringLiteral("reasonClass")).toString(), QStringLiteral("TERMINAL"));
                QCOMPARE(attempts.size(), 1);
                QCOMPARE(attempts.first().toObject().value(QStringLiteral("errorDetail")).toObject()
                             .value(QStringLiteral("errorClass")).toString(), QStringLiteral("TERMINAL"));
                QCOMPARE(tasks.first().toObject().value(QStringLiteral("status")).toString(),
                         QStringLiteral("FAILED_WITH_TERMINAL_ERROR"));
            } else {
                QCOMPARE(entry.value(QStringLiteral("reasonClass")).toString(), QStringLiteral("RETRIES_EXHAUSTED"));
            }
            ++deadLettered;
        }
        QCOMPARE(completed + deadLettered, kWorkflows);
        QVERIFY(deadLettered >= kMissing);
        qInfo("phase 2: %d completed, %d dead-lettered", completed, deadLettered);

        // A retried task shows its attempts, their errors and its budget.
        if (!retriedTask.isEmpty()) {
            const QJsonObject att = p.get(QStringLiteral("/api/tasks/%1/attempts").arg(retriedTask)).json().object();
            QCOMPARE(att.value(QStringLiteral("maxAttempts")).toInt(), 5);
            QVERIFY(att.value(QStringLiteral("attemptCount")).toInt() > 1);
            const QJsonObject first = att.value(QStringLiteral("attempts")).toArray().first().toObject();
            QVERIFY2(first.value(QStringLiteral("error")).toString().contains(QStringLiteral("503")),
                     qPrintable(first.value(QStringLiteral("error")).toString()));
            QCOMPARE(first.value(QStringLiteral("of")).toInt(), 5);
        }

        const QJsonObject closed = breaker(p, name);
        QCOMPARE(closed.value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));
        QVERIFY(closed.value(QStringLiteral("ignoredFailures")).toInt() >= kMissing); // 404s never count

        // The depth alert went out through the webhook.
        QDeadlineTimer alertDeadline(10000);
        while (endpoint.alerts().isEmpty() && !alertDeadline.hasExpired())
            QThread::msleep(100);
        QVERIFY2(!endpoint.alerts().isEmpty(), "no dlq_alert reached the webhook");
        QCOMPARE(endpoint.alerts().first().value(QStringLiteral("kind")).toString(), QStringLiteral("depth"));

        const QJsonObject stats = p.get(QStringLiteral("/api/dlq/stats")).json().object();
        QCOMPARE(stats.value(QStringLiteral("depth")).toInt(), deadLettered);
        QCOMPARE(stats.value(QStringLiteral("byReason")).toObject().value(QStringLiteral("TERMINAL")).toInt(), kMissing);

        // ---- phase 3: the missing resource appears; replay the terminal ones, 20 per second
        r = p.postRaw(QStringLiteral("/api/dlq/replay"), "{}");
        QCOMPARE(r.status, 400); // nothing selected: refused in Conductor's error shape
        QCOMPARE(r.json().object().value(QStringLiteral("status")).toInt(), 400);
        endpoint.setMissingFound(true);
        r = p.post(QStringLiteral("/api/dlq/replay"), json(R"({"filter": {"reason": "TERMINAL"}, "ratePerSecond": 20})"));
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.json().object().value(QStringLiteral("matched")).toInt(), kMissing);
        for (const QString &id : std::as_const(missing)) {
            QString status;
            QDeadlineTimer replayDeadline(20000);
            while (status != QLatin1String("COMPLETED") && !replayDeadline.hasExpired()) {
                status = p.get(QStringLiteral("/api/workflow/") + id).json().object().value(QStringLiteral("status")).toString();
                if (status != QLatin1String("COMPLETED"))
                    QThread::msleep(100);
            }
            QCOMPARE(status, QStringLiteral("COMPLETED"));
        }
        const QJsonArray replayed = p.get(QStringLiteral("/api/dlq?status=REPLAYED")).json().object()
                                        .value(QStringLiteral("results")).toArray();
        QCOMPARE(replayed.size(), kMissing);
        const QJsonObject one = p.get(QStringLiteral("/api/dlq/") + replayed.first().toObject().value(QStringLiteral("id")).toString())
                                    .json().object();
        QCOMPARE(one.value(QStringLiteral("replays")).toArray().size(), 1);
        QVERIFY(!one.value(QStringLiteral("replays")).toArray().first().toObject().value(QStringLiteral("newTaskId")).toString().isEmpty());

        // Purge the replayed entries: a dry run first.
        r = p.post(QStringLiteral("/api/dlq/purge"), json(R"({"status": "REPLAYED", "dryRun": true})"));
        QCOMPARE(r.json().object().value(QStringLiteral("matched")).toInt(), kMissing);
        r = p.post(QStringLiteral("/api/dlq/purge"), json(R"({"status": "REPLAYED"})"));
        QCOMPARE(r.json().object().value(QStringLiteral("purged")).toInt(), kMissing);
        QCOMPARE(p.get(QStringLiteral("/api/dlq?status=ALL")).json().object().value(QStringLiteral("totalHits")).toInt(),
                 deadLettered - kMissing);

        QCOMPARE(p.terminate(20000), 0);
    }
};

QTEST_GUILESS_MAIN(TestDlqBreakerProcess)
#include "test_dlq_breaker_process.moc"
