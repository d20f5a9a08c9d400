// The official Conductor JavaScript SDK (@io-orkes/conductor-javascript 4.0.0, installed by
// scripts/test.sh) drives a real orreryd, one scenario script per test function:
// - sdk_worker_test.js: token exchange, metadata, workflow start, a TaskManager worker with batch
//   polls and update-v2, and a retried failure;
// - sdk_system_tasks_test.js: SWITCH, FORK_JOIN/JOIN, DO_WHILE, SUB_WORKFLOW, INLINE, SET_VARIABLE,
//   TERMINATE and WAIT (completed through TaskClient and through signal) run by SDK workers;
// - sdk_operations_test.js: pause/resume/terminate/retry/restart and the bulk routes.
// Each script exits non-zero with the failed assertion; its output is the failure message here.

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

    // Runs one scenario script with node against a fresh orreryd; it must exit 0 and print `passed`.
    void runScenario(const QString &script, const QByteArray &passed)
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
        node.start(QStringLiteral("node"), {QDir(QStringLiteral(ORRERY_SDK_SCRIPTS)).filePath(script)});
        QVERIFY2(node.waitForStarted(10000), "node is not installed");
        const bool finished = node.waitForFinished(120000);
        const QByteArray out = node.readAll();
        if (!finished) {
            node.kill();
            node.waitForFinished(5000);
        }
        QVERIFY2(finished, qPrintable(QStringLiteral("%1 did not finish within 120 s:\n%2").arg(script, QString::fromUtf8(out))));
        QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0, out.constData());
        QVERIFY2(out.contains(passed), out.constData());
        const qsizetype at = out.indexOf(passed);
        qInfo("%s", out.mid(at, out.indexOf('\n', at) - at).constData());
        QCOMPARE(server.terminate(30000), 0);
    }

private Q_SLOTS:
    void officialJsSdkWorkerRunsWorkflows()
    {
        runScenario(QStringLiteral("sdk_worker_test.js"), "conductor SDK worker test passed");
    }

    void officialJsSdkRunsSystemTaskWorkflows()
    {
        runScenario(QStringLiteral("sdk_system_tasks_test.js"), "conductor SDK system tasks test passed");
    }

    void officialJsSdkOperatesWorkflowsOneByOneAndInBulk()
    {
        runScenario(QStringLiteral("sdk_operations_test.js"), "conductor SDK operations test passed");
    }
};

QTEST_GUILESS_MAIN(TestConductorSdk)
#include "test_conductor_sdk.moc"
