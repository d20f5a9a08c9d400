// The official Conductor JavaScript SDK (@io-orkes/conductor-javascript 4.0.0, installed by
// scripts/test.sh) drives a real orreryd: token exchange, metadata, workflow start, a TaskManager
// worker with batch polls and update-v2, and a retried failure (sdk_worker_test.js).

#include "../OrrerydProcess.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery::test;

class TestConductorSdk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void officialJsSdkWorkerRunsWorkflows()
    {
        const QString modules = QStringLiteral(ORRERY_NODE_MODULES);
        QVERIFY2(QFileInfo::exists(modules + QStringLiteral("/@io-orkes/conductor-javascript/package.json")),
                 qPrintable(QStringLiteral("the SDK is not installed in %1: run scripts/test.sh (npm install)").arg(modules)));
        QTemporaryDir dir;
        OrrerydProcess server(dir.path());
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));

        QProcess node;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"), modules);
        env.insert(QStringLiteral("CONDUCTOR_SERVER_URL"), server.baseUrl());
        env.insert(QStringLiteral("CONDUCTOR_AUTH_KEY"), QStringLiteral("orrery-admin"));
        env.insert(QStringLiteral("CONDUCTOR_AUTH_SECRET"), QString::fromUtf8(server.token()));
        node.setProcessEnvironment(env);
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(QStringLiteral("node"), {QStringLiteral(ORRERY_SDK_SCRIPT)});
        QVERIFY2(node.waitForStarted(10000), "node is not installed");
        QVERIFY2(node.waitForFinished(120000), "the SDK test did not finish within 120 s");
        const QByteArray out = node.readAll();
        QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0, out.constData());
        QVERIFY2(out.contains("conductor SDK worker test passed"), out.constData());
        QCOMPARE(server.terminate(30000), 0);
    }
};

QTEST_GUILESS_MAIN(TestConductorSdk)
#include "test_conductor_sdk.moc"
