// End to end in a real OrreryServer (SQLite, demo definitions, local workers): the demo
// health_check workflow runs /healthz, the health_probe task (store, disk, a remote Conductor
// served by a local HTTP server; Redis not configured = skipped) and notify; the probe's
// health_checked / health_changed events reach EngineCore::engineEvent (so the log, the
// Socket.IO hub and Redis see them); an unhealthy Conductor fails the run after the probe's retry.

#include "FakeConductor.h"

#include "core/Requests.h"
#include "core/BlockingCall.h"
#include "runtime/OrreryServer.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QJsonArray>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestHealthWorkflow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FakeConductor m_conductor;
    std::unique_ptr<OrreryServer> m_server;
    QMutex m_mutex;
    QList<EngineEvent> m_events;

    QString start(const QJsonObject &input)
    {
        StartWorkflowRequest request;
        request.name = QStringLiteral("health_check");
        request.input = input;
        auto id = blockingCall<QString>([&](auto reply) { m_server->engine()->startWorkflow(request, reply); });
        return id ? *id : QString();
    }

    QJsonObject workflow(const QString &id)
    {
        auto wf = blockingCall<QJsonObject>([&](auto reply) { m_server->engine()->workflow(id, true, reply); });
        return wf ? *wf : QJsonObject();
    }

    QString status(const QString &id) { return workflow(id).value(QStringLiteral("status")).toString(); }

    QList<EngineEvent> events(const QString &name)
    {
        QMutexLocker lock(&m_mutex);
        QList<EngineEvent> out;
        for (const EngineEvent &e : std::as_const(m_events))
            if (e.name == name)
                out << e;
        return out;
    }

private slots:
    void initTestCase()
    {
        qunsetenv("ORRERY_REDIS_URL");
        ServerConfig config;
        config.dataDir = m_dir.filePath(QStringLiteral("data"));
        config.port = 0;
        config.localConcurrency = 2;
        config.conductorUrl = m_conductor.url();
        m_server = std::make_unique<OrreryServer>(config);
        auto started = m_server->start();
        QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
        connect(m_server->engine()->core(), &EngineCore::engineEvent, this, [this](const EngineEvent &e) {
            QMutexLocker lock(&m_mutex);
            if (e.name.startsWith(QLatin1String("health_")))
                m_events << e;
        }, Qt::DirectConnection);
    }

    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop(0);
    }

    void healthyRunCompletesWithTheReport()
    {
        const QString id = start({});
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(status(id), QStringLiteral("COMPLETED"), 30000);
        const QJsonObject wf = workflow(id);
        const QJsonArray tasks = wf.value(QStringLiteral("tasks")).toArray();
        QCOMPARE(tasks.size(), 3);
        QCOMPARE(tasks.at(1).toObject().value(QStringLiteral("taskType")).toString(), QStringLiteral("health_probe"));
        const QJsonObject probe = tasks.at(1).toObject().value(QStringLiteral("outputData")).toObject();
        QVERIFY(probe.value(QStringLiteral("healthy")).toBool());
        const QJsonObject checks = probe.value(QStringLiteral("checks")).toObject();
        QCOMPARE(checks.value(QStringLiteral("store")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(checks.value(QStringLiteral("disk")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(checks.value(QStringLiteral("redis")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("skipped"));
        QCOMPARE(checks.value(QStringLiteral("conductor")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QVERIFY(m_conductor.paths.contains(QStringLiteral("/health")));
        const QJsonObject output = wf.value(QStringLiteral("output")).toObject();
        QCOMPARE(output.value(QStringLiteral("healthStatus")).toInt(), 200);
        QVERIFY(output.value(QStringLiteral("healthy")).toBool());
        QCOMPARE(tasks.at(2).toObject().value(QStringLiteral("inputData")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("healthy"));

        QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("health_checked")).size(), 1, 10000);
        QCOMPARE(events(QStringLiteral("health_changed")).size(), 1); // unknown -> healthy
        const EngineEvent checked = events(QStringLiteral("health_checked")).first();
        QCOMPARE(checked.payload.value(QStringLiteral("workflowId")).toString(), id);
        QVERIFY(checked.timeMs > 0);

        // A second healthy run: checked again, no change.
        const QString again = start({});
        QTRY_COMPARE_WITH_TIMEOUT(status(again), QStringLiteral("COMPLETED"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("health_checked")).size(), 2, 10000);
        QCOMPARE(events(QStringLiteral("health_changed")).size(), 1);
    }

    void anUnhealthyConductorIsAChangeAndFailsTheRun()
    {
        m_conductor.respond(503, R"({"healthy":false})");
        // Asked not to fail: COMPLETED with healthy=false, and the transition is an event.
        const QString quiet = start({{QStringLiteral("failOnUnhealthy"), false}});
        QTRY_COMPARE_WITH_TIMEOUT(status(quiet), QStringLiteral("COMPLETED"), 30000);
        QVERIFY(!workflow(quiet).value(QStringLiteral("output")).toObject().value(QStringLiteral("healthy")).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("health_changed")).size(), 2, 10000);
        const EngineEvent changed = events(QStringLiteral("health_changed")).last();
        QCOMPARE(changed.payload.value(QStringLiteral("from")).toString(), QStringLiteral("healthy"));
        QCOMPARE(changed.payload.value(QStringLiteral("to")).toString(), QStringLiteral("unhealthy"));
        QCOMPARE(changed.payload.value(QStringLiteral("changes")).toObject().keys(), QStringList{QStringLiteral("conductor")});

        // By default the probe fails (transient), is retried once after 10 s, and the run fails.
        const QString failing = start({});
        QTRY_COMPARE_WITH_TIMEOUT(status(failing), QStringLiteral("FAILED"), 60000);
        const QJsonArray tasks = workflow(failing).value(QStringLiteral("tasks")).toArray();
        int probeAttempts = 0;
        for (const QJsonValue &t : tasks) {
            const QJsonObject task = t.toObject();
            if (task.value(QStringLiteral("taskType")).toString() != QLatin1String("health_probe"))
                continue;
            ++probeAttempts;
            QCOMPARE(task.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
            QVERIFY2(task.value(QStringLiteral("reasonForIncompletion")).toString().contains(QStringLiteral("HTTP 503")),
                     qPrintable(task.value(QStringLiteral("reasonForIncompletion")).toString()));
            QVERIFY(!task.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("healthy")).toBool(true));
        }
        QCOMPARE(probeAttempts, 2);
        QCOMPARE(events(QStringLiteral("health_changed")).size(), 2); // still unhealthy: no new change

        // Recovery is a change back.
        m_conductor.respond(200, R"({"healthy":true})");
        const QString healed = start({});
        QTRY_COMPARE_WITH_TIMEOUT(status(healed), QStringLiteral("COMPLETED"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("health_changed")).size(), 3, 10000);
        QCOMPARE(events(QStringLiteral("health_changed")).last().payload.value(QStringLiteral("to")).toString(), QStringLiteral("healthy"));
    }
};

QTEST_GUILESS_MAIN(TestHealthWorkflow)
#include "test_health_workflow.moc"
