// GET /api/stats on a real orreryd: the four figures that come from the modules (dlqDepth,
// breakerTripRate, scheduledJobUptime, websocketP95LatencyMs) are numbers once the modules have
// something to count: an http task against a closed port dead-letters and trips its breaker, a
// job fires every second, and a Socket.IO client receives the task events. A breaker forced open
// by an operator is not a trip.
#include "OrrerydProcess.h"
#include "RawSocketIo.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace orrery::test;

namespace {

QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

quint16 closedPort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost))
        return 1;
    return s.serverPort(); // closed again when `s` goes: connections are refused
}

QJsonObject figure(const QJsonObject &stats, const char *name, const char *window)
{
    return stats.value(QStringLiteral("figures")).toObject().value(QLatin1String(name)).toObject().value(QLatin1String(window)).toObject();
}

} // namespace

class TestStatsProcess : public QObject
{
    Q_OBJECT

private slots:
    void everyModuleFigureIsANumber()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            QFile config(dir.filePath(QStringLiteral("recovery.json")));
            QVERIFY(config.open(QIODevice::WriteOnly));
            config.write(R"({"breakers": {"breakers": {"http:*": {"failureThreshold": 1, "resetTimeoutSeconds": 600}}}})");
        }
        OrrerydProcess p(dir.path(), {QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(p.start(&error), qPrintable(error));

        // Before anything happened: the providers are registered (no "no provider" reason).
        QJsonObject stats = p.get(QStringLiteral("/api/stats")).json().object();
        for (const char *name : {"dlqDepth", "breakerTripRate", "scheduledJobUptime", "websocketP95LatencyMs"})
            QVERIFY2(!figure(stats, name, "1h").value(QStringLiteral("reason")).toString().startsWith(QLatin1String("no provider")),
                     name);
        QCOMPARE(figure(stats, "dlqDepth", "1h").value(QStringLiteral("value")).toDouble(-1), 0.0);
        QCOMPARE(figure(stats, "breakerTripRate", "1h").value(QStringLiteral("value")).toDouble(-1), 0.0);

        // A Socket.IO client on /tasks, in every project's room.
        RawSocketIo ws;
        QUrl url(p.baseUrl());
        url.setScheme(QStringLiteral("ws"));
        url.setPath(QStringLiteral("/socket.io/"));
        url.setQuery(QStringLiteral("EIO=4&transport=websocket"));
        QVERIFY(ws.open(url).startsWith(QLatin1Char('0')));
        ws.send(QStringLiteral("40/tasks,{\"token\":\"%1\"}").arg(QString::fromUtf8(p.token())));
        QVERIFY(!ws.nextStartingWith(QStringLiteral("40/tasks,")).isEmpty());
        ws.send(QStringLiteral("42/tasks,1[\"subscribe_to_project\",{\"project_id\":\"*\"}]"));
        QVERIFY(!ws.nextStartingWith(QStringLiteral("43/tasks,1")).isEmpty());

        // An http task against a closed port, no retries: it dead-letters and trips its breaker.
        const quint16 port = closedPort();
        auto r = p.postRaw(QStringLiteral("/api/metadata/taskdefs"),
                           R"([{"name": "http", "retryCount": 0, "responseTimeoutSeconds": 30}])");
        QVERIFY2(r.status == 200, r.body.constData());
        r = p.post(QStringLiteral("/api/metadata/workflow"),
                   json(R"({"name": "call", "version": 1, "schemaVersion": 2, "tasks": [{"name": "http",
                            "taskReferenceName": "call", "type": "SIMPLE",
                            "inputParameters": {"url": "${workflow.input.url}", "connectTimeoutMs": 2000}}]})"));
        QVERIFY2(r.status == 200, r.body.constData());
        r = p.post(QStringLiteral("/api/workflow/call"),
                   QJsonObject{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/x").arg(port)}});
        QVERIFY2(r.status == 200, r.body.constData());
        const QJsonObject wf = p.waitForWorkflow(QString::fromUtf8(r.body), 30000);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));

        // An operator takes another resource out: FORCED_OPEN, not a trip.
        r = p.post(QStringLiteral("/api/circuitbreaker/http:example.invalid/open"), {});
        QVERIFY2(r.status == 200, r.body.constData());

        // A job firing every second (no instance limit: every instant fires).
        r = p.post(QStringLiteral("/api/metadata/workflow"),
                   json(R"({"name": "tick", "version": 1, "schemaVersion": 2,
                            "tasks": [{"name": "noop", "taskReferenceName": "n", "type": "SIMPLE"}]})"));
        QVERIFY2(r.status == 200, r.body.constData());
        r = p.post(QStringLiteral("/api/scheduler/jobs"),
                   json(R"({"id": "every-second", "name": "every second", "maxInstances": 0,
                            "trigger": {"type": "interval", "intervalMs": 1000}, "target": {"name": "tick"}})"));
        QVERIFY2(r.status == 200 || r.status == 201, r.body.constData());

        // The figures come in as the modules count: poll (the hub hands its latencies over once a second).
        const QString breaker = QStringLiteral("http:127.0.0.1:%1").arg(port);
        QDeadlineTimer deadline(30000);
        bool complete = false;
        while (!complete && !deadline.hasExpired()) {
            ws.drain(300); // read the events (and answer pings)
            stats = p.get(QStringLiteral("/api/stats")).json().object();
            complete = figure(stats, "dlqDepth", "1h").value(QStringLiteral("value")).toDouble() >= 1
                && figure(stats, "breakerTripRate", "1h").value(QStringLiteral("detail")).toObject()
                           .value(QStringLiteral("byBreaker")).toObject().contains(breaker)
                && figure(stats, "scheduledJobUptime", "1h").value(QStringLiteral("detail")).toObject()
                           .value(QStringLiteral("fired")).toInt() >= 2
                && figure(stats, "websocketP95LatencyMs", "1h").value(QStringLiteral("value")).isDouble();
        }
        QVERIFY2(complete, QJsonDocument(stats).toJson().constData());
        qInfo("%s", QJsonDocument(stats.value(QStringLiteral("figures")).toObject()).toJson(QJsonDocument::Compact).constData());

        for (const char *window : {"1h", "24h"}) {
            for (const char *name : {"dlqDepth", "breakerTripRate", "scheduledJobUptime", "websocketP95LatencyMs"})
                QVERIFY2(figure(stats, name, window).value(QStringLiteral("value")).isDouble(),
                         qPrintable(QStringLiteral("%1 %2: %3").arg(QLatin1String(name), QLatin1String(window),
                                                                    QString::fromUtf8(QJsonDocument(figure(stats, name, window)).toJson()))));
        }
        const QJsonObject dlq = figure(stats, "dlqDepth", "1h");
        QCOMPARE(dlq.value(QStringLiteral("value")).toDouble(), 1.0);
        QCOMPARE(dlq.value(QStringLiteral("detail")).toObject().value(QStringLiteral("inflow")).toInt(), 1);

        const QJsonObject trips = figure(stats, "breakerTripRate", "1h");
        const QJsonObject byBreaker = trips.value(QStringLiteral("detail")).toObject().value(QStringLiteral("byBreaker")).toObject();
        QVERIFY(!byBreaker.contains(QStringLiteral("http:example.invalid"))); // forced open is not a trip
        const int tripCount = trips.value(QStringLiteral("detail")).toObject().value(QStringLiteral("trips")).toInt();
        QVERIFY(tripCount >= 1);
        QCOMPARE(trips.value(QStringLiteral("value")).toDouble(), double(tripCount)); // per hour over 1 h
        QCOMPARE(figure(stats, "breakerTripRate", "24h").value(QStringLiteral("value")).toDouble(), tripCount / 24.0);
        const QJsonObject since = trips.value(QStringLiteral("detail")).toObject().value(QStringLiteral("sinceStart")).toObject();
        QVERIFY2(since.value(QStringLiteral("calls")).toInt() >= 1, QJsonDocument(trips).toJson().constData());
        QVERIFY(since.value(QStringLiteral("trips")).toInt() >= tripCount);

        QCOMPARE(figure(stats, "scheduledJobUptime", "1h").value(QStringLiteral("value")).toDouble(), 1.0);
        const QJsonObject latency = figure(stats, "websocketP95LatencyMs", "1h");
        QVERIFY(latency.value(QStringLiteral("value")).toDouble() >= 0.0);
        QVERIFY(latency.value(QStringLiteral("detail")).toObject().value(QStringLiteral("deliveries")).toInt() >= 1);

        QCOMPARE(p.terminate(30000), 0);
    }
};

QTEST_GUILESS_MAIN(TestStatsProcess)
#include "test_stats_process.moc"
