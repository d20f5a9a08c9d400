// The built-in "shell" task type, run through a real WorkerPool with real processes.

#include "PoolHarness.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using orrery::test::PoolHarness;

class TestWorkerShell : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PoolHarness> h;

    static QJsonObject argv(std::initializer_list<const char *> args)
    {
        QJsonArray a;
        for (const char *arg : args)
            a.append(QString::fromUtf8(arg));
        return QJsonObject{{QStringLiteral("argv"), a}};
    }
    static QJsonObject with(QJsonObject o, const QString &key, const QJsonValue &value)
    {
        o.insert(key, value);
        return o;
    }

private slots:
    void initTestCase()
    {
        h = std::make_unique<PoolHarness>();
        QVERIFY(h->start());
    }
    void cleanupTestCase() { h.reset(); }

    void success()
    {
        const TaskOutcome o = h->run(QStringLiteral("shell"), argv({"echo", "hello world"}));
        QCOMPARE(o.status, TaskOutcome::Completed);
        QVERIFY2(o.reason.isEmpty(), qPrintable(o.reason));
        QCOMPARE(o.output.value("exitCode").toInt(), 0);
        QCOMPARE(o.output.value("stdout").toString(), QStringLiteral("hello world\n"));
        QCOMPARE(o.output.value("stderr").toString(), QString());
        QCOMPARE(o.output.value("stdoutTruncated").toBool(), false);
        QVERIFY(o.output.value("durationMs").toDouble() >= 0);
        QCOMPARE(o.taskType, QStringLiteral("shell"));
        QVERIFY(o.finishedMs >= o.startedMs);
        QVERIFY(o.failure.isEmpty());
        QVERIFY(!o.logs.isEmpty());
    }

    void argvIsNotInterpretedByAShell()
    {
        const TaskOutcome o = h->run(QStringLiteral("shell"), argv({"echo", "$HOME;ls|cat `id` *"}));
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("stdout").toString(), QStringLiteral("$HOME;ls|cat `id` *\n"));
    }

    void nonZeroExitFails()
    {
        const TaskOutcome o = h->run(QStringLiteral("shell"), argv({"sh", "-c", "echo first >&2; echo 'disk full' >&2; exit 3"}));
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("shell"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("exit_code"));
        QCOMPARE(o.failure.exitCode, 3);
        QCOMPARE(o.output.value("exitCode").toInt(), 3);
        QVERIFY2(o.reason.contains(QStringLiteral("exit code 3")), qPrintable(o.reason));
        QVERIFY2(o.reason.contains(QStringLiteral("disk full")), qPrintable(o.reason));
        QVERIFY2(!o.reason.contains(QStringLiteral("first")), qPrintable(o.reason));
        QCOMPARE(o.output.value("stderr").toString(), QStringLiteral("first\ndisk full\n"));
    }

    void timeoutKillsTheProcess()
    {
        const TaskOutcome o = h->run(QStringLiteral("shell"),
                                     with(argv({"sh", "-c", "echo started; exec sleep 30"}), "timeoutSeconds", 0.3));
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("timeout"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("timed_out"));
        QCOMPARE(o.output.value("timedOut").toBool(), true);
        QCOMPARE(o.output.value("stdout").toString(), QStringLiteral("started\n"));
        QVERIFY2(o.reason.contains(QStringLiteral("timed out")), qPrintable(o.reason));
    }

    void outputIsTruncatedAtTheLimit()
    {
        QJsonObject in = argv({"sh", "-c", "yes abcdefgh | head -c 100000; yes e | head -c 5000 >&2"});
        in.insert("maxOutputBytes", 1000);
        const TaskOutcome o = h->run(QStringLiteral("shell"), in);
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("stdout").toString().size(), 1000);
        QVERIFY(o.output.value("stdout").toString().startsWith(QStringLiteral("abcdefgh\nabcdefgh\n")));
        QCOMPARE(o.output.value("stdoutTruncated").toBool(), true);
        QCOMPARE(o.output.value("stderr").toString().size(), 1000);
        QCOMPARE(o.output.value("stderrTruncated").toBool(), true);
    }

    void defaultLimitIs64KiB()
    {
        const TaskOutcome o = h->run(QStringLiteral("shell"), argv({"sh", "-c", "yes | head -c 70000"}));
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("stdout").toString().size(), 64 * 1024);
        QCOMPARE(o.output.value("stdoutTruncated").toBool(), true);
        QCOMPARE(o.output.value("stderrTruncated").toBool(), false);
    }

    void envIsMergedIntoTheEnvironment()
    {
        QJsonObject in = argv({"sh", "-c", "printf '%s|%s' \"$ORRERY_T1\" \"${PATH:+has-path}\""});
        in.insert("env", QJsonObject{{"ORRERY_T1", "value one"}});
        const TaskOutcome o = h->run(QStringLiteral("shell"), in);
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("stdout").toString(), QStringLiteral("value one|has-path"));
    }

    void envWithoutInheritance()
    {
        QJsonObject in = argv({"/usr/bin/env"});
        in.insert("env", QJsonObject{{"ONLY", "this"}});
        in.insert("inheritEnv", false);
        const TaskOutcome o = h->run(QStringLiteral("shell"), in);
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("stdout").toString(), QStringLiteral("ONLY=this\n"));
    }

    void cwdIsUsed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const TaskOutcome o = h->run(QStringLiteral("shell"), with(argv({"pwd"}), "cwd", dir.path()));
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("stdout").toString(), QDir(dir.path()).canonicalPath() + QLatin1Char('\n'));
    }

    void stdinIsWrittenThenClosed()
    {
        const TaskOutcome piped = h->run(QStringLiteral("shell"), with(argv({"cat"}), "stdin", "piped text"));
        QCOMPARE(piped.status, TaskOutcome::Completed);
        QCOMPARE(piped.output.value("stdout").toString(), QStringLiteral("piped text"));
        // Without stdin, a reader gets EOF at once instead of hanging.
        const TaskOutcome empty = h->run(QStringLiteral("shell"), argv({"cat"}));
        QCOMPARE(empty.status, TaskOutcome::Completed);
        QCOMPARE(empty.output.value("stdout").toString(), QString());
    }

    void failedToStart()
    {
        const TaskOutcome o = h->run(QStringLiteral("shell"), argv({"/nonexistent/orrery-no-such-program"}));
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("shell"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("failed_to_start"));
        QVERIFY2(o.reason.contains(QStringLiteral("orrery-no-such-program")), qPrintable(o.reason));
    }

    void badInput_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("field");
        QTest::newRow("missing argv") << QJsonObject{} << "input.argv";
        QTest::newRow("argv not an array") << QJsonObject{{"argv", "echo hi"}} << "input.argv";
        QTest::newRow("empty argv") << QJsonObject{{"argv", QJsonArray{}}} << "input.argv";
        QTest::newRow("argv element") << QJsonObject{{"argv", QJsonArray{"echo", 5}}} << "input.argv[1]";
        QTest::newRow("empty program") << QJsonObject{{"argv", QJsonArray{""}}} << "input.argv[0]";
        QTest::newRow("env value") << with(argv({"true"}), "env", QJsonObject{{"A", 1}}) << "input.env.A";
        QTest::newRow("env type") << with(argv({"true"}), "env", QJsonArray{}) << "input.env";
        QTest::newRow("cwd missing dir") << with(argv({"true"}), "cwd", "/nonexistent/dir") << "input.cwd";
        QTest::newRow("timeout type") << with(argv({"true"}), "timeoutSeconds", "10") << "input.timeoutSeconds";
        QTest::newRow("negative timeout") << with(argv({"true"}), "timeoutSeconds", -1) << "input.timeoutSeconds";
        QTest::newRow("fractional limit") << with(argv({"true"}), "maxOutputBytes", 1.5) << "input.maxOutputBytes";
        QTest::newRow("inheritEnv type") << with(argv({"true"}), "inheritEnv", "no") << "input.inheritEnv";
    }

    void badInput()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, field);
        const TaskOutcome o = h->run(QStringLiteral("shell"), input);
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QCOMPARE(o.failure.kind, QStringLiteral("input"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("invalid_input"));
        QVERIFY2(o.reason.startsWith(field), qPrintable(o.reason));
    }

    void poolTimeoutStopsAShellTask()
    {
        const TaskOutcome o = h->run(QStringLiteral("shell"), argv({"sleep", "30"}), /*timeoutMs*/ 200);
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.kind, QStringLiteral("timeout"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("timed_out"));
        QVERIFY2(o.reason.contains(QStringLiteral("200 ms")), qPrintable(o.reason));
    }
};

QTEST_GUILESS_MAIN(TestWorkerShell)
#include "test_worker_shell.moc"
