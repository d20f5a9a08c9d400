// Conformance suite: real-world Conductor definitions (tests/conformance/definitions/*.json) run
// to their documented outputs in a real OrreryServer with its local workers, on SQLite and on
// PostgreSQL. Each file has the definitions, a start request and what must come out: the
// workflow's status, output and reason, task statuses by ref, and (optionally) a failure workflow.

#include "support/PgTestServer.h"

#include "core/Requests.h"
#include "core/BlockingCall.h"
#include "runtime/OrreryServer.h"
#include "workflow/Engine.h"
#include "workflow/EngineCore.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestConformance : public QObject
{
    Q_OBJECT

    PgTestServer m_pg;
    QMutex m_mutex;
    QHash<QString, QStringList> m_started; // workflowType -> ids, from workflow_started events

    static QJsonObject load(const QString &file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    QJsonObject waitEnded(OrreryServer &server, const QString &id)
    {
        QDeadlineTimer deadline(30000);
        for (;;) {
            auto wf = blockingCall<QJsonObject>([&](auto reply) { server.engine()->workflow(id, true, reply); });
            if (wf && wf->value(QStringLiteral("status")).toString() != QLatin1String("RUNNING"))
                return *wf;
            if (deadline.hasExpired())
                return wf ? *wf : QJsonObject();
            QTest::qWait(20);
        }
    }

    static QHash<QString, QString> taskStatuses(const QJsonObject &wf)
    {
        QHash<QString, QString> out;
        for (const QJsonValue &v : wf.value(QStringLiteral("tasks")).toArray())
            out.insert(v[QStringLiteral("referenceTaskName")].toString(), v[QStringLiteral("status")].toString());
        return out;
    }

    void checkOutput(const QJsonObject &expected, const QJsonObject &actual, const QString &what)
    {
        QVERIFY2(actual == expected, qPrintable(QStringLiteral("%1 output\n expected %2\n actual   %3")
                                                    .arg(what, QString::fromUtf8(QJsonDocument(expected).toJson(QJsonDocument::Compact)),
                                                         QString::fromUtf8(QJsonDocument(actual).toJson(QJsonDocument::Compact)))));
    }

private Q_SLOTS:
    void definitions_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("backend");
        const QDir dir(QStringLiteral(ORRERY_CONFORMANCE_DIR));
        for (const QString &backend : {QStringLiteral("sqlite"), QStringLiteral("postgresql")})
            for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
                QTest::newRow(qPrintable(backend + QLatin1Char('/') + name)) << dir.filePath(name) << backend;
    }

    void definitions()
    {
        QFETCH(QString, file);
        QFETCH(QString, backend);
        const QJsonObject spec = load(file);
        QVERIFY2(!spec.isEmpty(), qPrintable(file + QStringLiteral(" is not a JSON object")));

        QTemporaryDir dir;
        ServerConfig config;
        config.dataDir = dir.filePath(QStringLiteral("data"));
        config.port = 0;
        config.localConcurrency = 4;
        config.loadDemo = false;
        if (backend == QLatin1String("postgresql")) {
            ORRERY_REQUIRE_PG(m_pg);
            config.dbUrl = m_pg.createDatabase();
            QVERIFY2(!config.dbUrl.isEmpty(), qPrintable(m_pg.errorString()));
        }
        OrreryServer server(config);
        auto started = server.start();
        QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
        m_started.clear();
        connect(server.engine()->core(), &EngineCore::engineEvent, this, [this](const EngineEvent &e) {
            if (e.name != QLatin1String("workflow_started"))
                return;
            QMutexLocker lock(&m_mutex);
            m_started[e.payload.value(QStringLiteral("workflowType")).toString()].append(e.payload.value(QStringLiteral("workflowId")).toString());
        }, Qt::DirectConnection);

        for (const QJsonValue &v : spec.value(QStringLiteral("workflows")).toArray()) {
            auto def = WorkflowDef::fromJson(v.toObject());
            QVERIFY2(def.ok(), def.ok() ? "" : qPrintable(def.error().message));
            auto r = blockingCall<void>([&](auto reply) { server.engine()->registerWorkflowDef(def.value(), true, reply); });
            QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        }
        // "@BASE_URL@" in the start request is this server's URL (HTTP tasks call it).
        const QByteArray startJson = QJsonDocument(spec.value(QStringLiteral("start")).toObject()).toJson()
                                         .replace("@BASE_URL@", server.baseUrl().toUtf8());
        auto request = StartWorkflowRequest::fromJson(QJsonDocument::fromJson(startJson).object());
        QVERIFY(request.ok());
        auto id = blockingCall<QString>([&](auto reply) { server.engine()->startWorkflow(request.value(), reply); });
        QVERIFY2(id.ok(), id.ok() ? "" : qPrintable(id.error().message));

        const QJsonObject expect = spec.value(QStringLiteral("expect")).toObject();
        const QJsonObject wf = waitEnded(server, *id);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), expect.value(QStringLiteral("status")).toString());
        if (expect.contains(QStringLiteral("output")))
            checkOutput(expect.value(QStringLiteral("output")).toObject(), wf.value(QStringLiteral("output")).toObject(), QStringLiteral("workflow"));
        if (expect.contains(QStringLiteral("reasonForIncompletion")))
            QCOMPARE(wf.value(QStringLiteral("reasonForIncompletion")).toString(), expect.value(QStringLiteral("reasonForIncompletion")).toString());
        const QHash<QString, QString> statuses = taskStatuses(wf);
        const QJsonObject tasks = expect.value(QStringLiteral("tasks")).toObject();
        for (auto it = tasks.begin(); it != tasks.end(); ++it)
            QVERIFY2(statuses.value(it.key()) == it.value().toString(),
                     qPrintable(QStringLiteral("task %1: expected %2, got %3").arg(it.key(), it.value().toString(), statuses.value(it.key()))));

        if (expect.contains(QStringLiteral("failureWorkflow"))) {
            const QJsonObject fw = expect.value(QStringLiteral("failureWorkflow")).toObject();
            QString failureId;
            QTRY_VERIFY_WITH_TIMEOUT(!(failureId = [&] {
                QMutexLocker lock(&m_mutex);
                return m_started.value(fw.value(QStringLiteral("name")).toString()).value(0);
            }()).isEmpty(), 10000);
            const QJsonObject failure = waitEnded(server, failureId);
            QCOMPARE(failure.value(QStringLiteral("status")).toString(), fw.value(QStringLiteral("status")).toString());
            QCOMPARE(failure.value(QStringLiteral("input")).toObject().value(QStringLiteral("workflowId")).toString(), *id);
            checkOutput(fw.value(QStringLiteral("output")).toObject(), failure.value(QStringLiteral("output")).toObject(), QStringLiteral("failure workflow"));
        }
        server.stop(5000);
    }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "test_conformance.moc"
