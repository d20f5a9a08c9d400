// The built-in "profile" task type, sampling real processes through /proc.

#include "PoolHarness.h"
#include "workers/ProcSampler.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QProcess>
#include <QTest>
#include <atomic>
#include <thread>

using namespace orrery;
using orrery::test::PoolHarness;

class TestWorkerProfile : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PoolHarness> h;

private slots:
    void initTestCase()
    {
        h = std::make_unique<PoolHarness>();
        QVERIFY(h->start());
    }
    void cleanupTestCase() { h.reset(); }

    void parseStatHandlesParenthesesInTheName()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        const QByteArray stat = "4242 (we (ird) name) S 1 2 3 4 5 6 7 8 9 10 250 17 0 0 20 0 3 0 100 12345 67\n";
        const std::optional<qint64> ticks = ProcSampler::parseStatCpuTicks(stat);
        QVERIFY(ticks.has_value());
        QCOMPARE(*ticks, qint64(267));
        QVERIFY(!ProcSampler::parseStatCpuTicks("4242 (short) S 1 2").has_value());
        QVERIFY(!ProcSampler::parseStatCpuTicks("no parenthesis at all").has_value());
    }

    void parseStatus()
    {
        qint64 rss = -1;
        int threads = -1;
        QVERIFY(ProcSampler::parseStatus("Name:\tx\nVmRSS:\t    2048 kB\nThreads:\t7\n", &rss, &threads));
        QCOMPARE(rss, qint64(2048 * 1024));
        QCOMPARE(threads, 7);
        // A kernel thread has no VmRSS.
        QVERIFY(ProcSampler::parseStatus("Name:\tkthreadd\nThreads:\t1\n", &rss, &threads));
        QCOMPARE(rss, qint64(0));
        QVERIFY(!ProcSampler::parseStatus("Name:\tx\n", &rss, &threads));
    }

    void sampleOfThisProcess()
    {
        const std::optional<ProcSample> s = ProcSampler::sample(QCoreApplication::applicationPid());
        QVERIFY(s.has_value());
        QVERIFY(s->rssBytes > 0);
        QVERIFY(s->threads >= 2); // the test thread and the pool thread
        QVERIFY(s->cpuTicks >= 0);
        QVERIFY(!ProcSampler::sample(0).has_value());
    }

    void profileOwnProcess()
    {
        // Keep one thread busy so that the process really uses CPU during the window.
        std::atomic<bool> stop{false};
        std::thread spinner([&] {
            volatile quint64 x = 0;
            while (!stop.load(std::memory_order_relaxed))
                x = x + 1;
        });
        const TaskOutcome o = h->run("profile", {{"windowSeconds", 0.5}, {"intervalMs", 100}});
        stop = true;
        spinner.join();

        QVERIFY2(o.status == TaskOutcome::Completed, qPrintable(o.reason));
        QCOMPARE(o.output.value("pid").toInteger(), QCoreApplication::applicationPid());
        QCOMPARE(o.output.value("processExited").toBool(), false);
        const QJsonArray samples = o.output.value("samples").toArray();
        QCOMPARE(samples.size(), 5);
        qint64 previousT = 0;
        for (const QJsonValue &v : samples) {
            const QJsonObject s = v.toObject();
            QVERIFY(s.value("t").toInteger() >= previousT);
            previousT = s.value("t").toInteger();
            QVERIFY(s.value("rssBytes").toInteger() > 0);
            QVERIFY(s.value("threads").toInt() >= 3); // test, pool and spinner threads
            QVERIFY(s.value("cpuPercent").toDouble() >= 0);
        }
        const QJsonObject summary = o.output.value("summary").toObject();
        QCOMPARE(summary.value("sampleCount").toInt(), 5);
        QVERIFY(summary.value("cpuMax").toDouble() > 0);
        QVERIFY(summary.value("cpuMax").toDouble() >= summary.value("cpuAvg").toDouble());
        QVERIFY(summary.value("rssMax").toInteger() >= summary.value("rssAvg").toInteger());
        QVERIFY(summary.value("rssAvg").toInteger() > 0);
        QVERIFY(summary.value("threadsMax").toInt() >= 3);
    }

    void profileAChildProcess()
    {
        QProcess child;
        child.start("sleep", {"20"});
        QVERIFY(child.waitForStarted());
        const qint64 pid = child.processId();
        const TaskOutcome o = h->run("profile", {{"pid", pid}, {"windowSeconds", 0.3}, {"intervalMs", 100}});
        child.kill();
        child.waitForFinished();
        QVERIFY2(o.status == TaskOutcome::Completed, qPrintable(o.reason));
        QCOMPARE(o.output.value("pid").toInteger(), pid);
        QCOMPARE(o.output.value("samples").toArray().size(), 3);
        QCOMPARE(o.output.value("summary").toObject().value("threadsMax").toInt(), 1);
    }

    void processExitingDuringTheWindow()
    {
        QProcess child;
        child.start("sleep", {"0.3"});
        QVERIFY(child.waitForStarted());
        const qint64 pid = child.processId();
        // The test thread's event loop reaps the child, after which /proc/<pid> disappears.
        const TaskOutcome o = h->run("profile", {{"pid", pid}, {"windowSeconds", 20}, {"intervalMs", 50}});
        QVERIFY2(o.status == TaskOutcome::Completed, qPrintable(o.reason));
        QCOMPARE(o.output.value("processExited").toBool(), true);
        const int n = int(o.output.value("samples").toArray().size());
        QVERIFY(n >= 1);
        QVERIFY(n < 400);
    }

    void poolTimeoutKeepsTheSamplesTaken()
    {
        const TaskOutcome o = h->run("profile", {{"windowSeconds", 60}, {"intervalMs", 20}}, /*timeoutMs*/ 300);
        QCOMPARE(o.status, TaskOutcome::Failed);
        QCOMPARE(o.failure.errorCode, QStringLiteral("timed_out"));
        QCOMPARE(o.output.value("pid").toInteger(), QCoreApplication::applicationPid());
        QVERIFY(o.output.value("samples").isArray());
        QVERIFY(o.output.value("samples").toArray().size() < 3000);
    }

    void unknownPidIsTerminal()
    {
        const TaskOutcome o = h->run("profile", {{"pid", 2147483647}, {"windowSeconds", 1}});
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QCOMPARE(o.failure.kind, QStringLiteral("input"));
        QCOMPARE(o.failure.errorCode, QStringLiteral("unknown_pid"));
        QVERIFY2(o.reason.startsWith(QStringLiteral("input.pid")), qPrintable(o.reason));
    }

    void badInput_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("field");
        QTest::newRow("pid type") << QJsonObject{{"pid", "self"}} << "input.pid";
        QTest::newRow("pid zero") << QJsonObject{{"pid", 0}} << "input.pid";
        QTest::newRow("window type") << QJsonObject{{"windowSeconds", "1m"}} << "input.windowSeconds";
        QTest::newRow("window zero") << QJsonObject{{"windowSeconds", 0}} << "input.windowSeconds";
        QTest::newRow("interval > window") << QJsonObject{{"windowSeconds", 1}, {"intervalMs", 2000}} << "input.intervalMs";
        QTest::newRow("too many samples") << QJsonObject{{"windowSeconds", 600}, {"intervalMs", 1}} << "input.windowSeconds";
    }

    void badInput()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, field);
        const TaskOutcome o = h->run("profile", input);
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QCOMPARE(o.failure.kind, QStringLiteral("input"));
        QVERIFY2(o.reason.startsWith(field), qPrintable(o.reason));
    }
};

QTEST_GUILESS_MAIN(TestWorkerProfile)
#include "test_worker_profile.moc"
