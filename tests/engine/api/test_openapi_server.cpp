// The whole server (OrreryServer with every module of this build): /api/openapi.json lists every
// registered route, and none of them is undocumented; the API module hands the local worker pool
// to GET /api/conductor/workers.

#include "RawHttpClient.h"

#include "api/TokenService.h"
#include "runtime/OrreryServer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestOpenApiServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<OrreryServer> m_server;
    QList<QPair<QByteArray, QByteArray>> m_admin;

private slots:
    void initTestCase()
    {
        ServerConfig config;
        config.dataDir = m_dir.filePath(QStringLiteral("data"));
        config.port = 0;
        config.localConcurrency = 1;
        config.loadDemo = false;
        m_server = std::make_unique<OrreryServer>(config);
        auto started = m_server->start();
        QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().message));
        QFile token(m_server->adminTokenFile());
        QVERIFY(token.open(QIODevice::ReadOnly));
        m_admin = {{"Authorization", "Bearer " + token.readAll().trimmed()}};
    }

    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop(0);
    }

    void everyRegisteredRouteIsDocumented()
    {
        RawHttpClient c(m_server->port());
        RawResponse r = c.request("GET", "/api/openapi.json", {}, m_admin);
        QCOMPARE(r.status, 200);
        const QJsonObject paths = r.json().object().value(QStringLiteral("paths")).toObject();
        QStringList undocumented;
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            const QJsonObject item = p.value().toObject();
            for (auto op = item.begin(); op != item.end(); ++op) {
                if (op.value().toObject().value(QStringLiteral("x-orrery-undocumented")).toBool())
                    undocumented << op.key().toUpper() + u' ' + p.key();
            }
        }
        QVERIFY2(undocumented.isEmpty(), qPrintable(QStringLiteral("routes without a RouteDoc summary: ") +
                                                    undocumented.join(QStringLiteral(", "))));
        QVERIFY(paths.contains(QStringLiteral("/api/tasks")));
        QVERIFY(paths.contains(QStringLiteral("/api/audit")));
    }

    void localWorkersAreListed()
    {
        RawHttpClient c(m_server->port());
        RawResponse r = c.request("GET", "/api/conductor/workers", {}, m_admin);
        QCOMPARE(r.status, 200);
        QJsonObject local;
        for (const QJsonValue &v : r.json().object().value(QStringLiteral("results")).toArray()) {
            if (v.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("local"))
                local = v.toObject();
        }
        QVERIFY2(!local.isEmpty(), r.body.constData());
        QVERIFY(local.value(QStringLiteral("pool")).toObject().contains(QStringLiteral("maxConcurrent")));
        QVERIFY(!local.value(QStringLiteral("taskTypes")).toArray().isEmpty());
        QVERIFY(local.value(QStringLiteral("pollCount")).isNull());
    }
};

QTEST_GUILESS_MAIN(TestOpenApiServer)
#include "test_openapi_server.moc"
