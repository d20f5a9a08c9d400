// Embedder API: HandlerRegistry registrations (async, blocking, plain functions), the bounded
// blocking thread pool, and the value types (config, outcome JSON, input reader).

#include "PoolHarness.h"
#include "workers/InputReader.h"

#include <QJsonArray>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <stdexcept>

using namespace orrery;
using orrery::test::PoolHarness;

namespace {

// An async embedder handler: completes from a timer on the pool thread.
class DelayedEcho final : public TaskHandler
{
public:
    void start(const TaskAssignment &task, Done done) override
    {
        m_timer.setSingleShot(true);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [task, done = std::move(done)] {
            done(TaskOutcome::completed({{"echo", task.input.value("text")},
                                         {"retryCount", task.retryCount},
                                         {"workflowId", task.workflowId}}));
        });
        m_timer.start(10);
    }

private:
    QTimer m_timer;
};

// An async handler whose start() throws.
class ThrowsOnStart final : public TaskHandler
{
public:
    void start(const TaskAssignment &, Done) override { throw std::logic_error("start exploded"); }
};

// A blocking handler that runs until it is canceled.
class UntilCanceled final : public BlockingTaskHandler
{
public:
    explicit UntilCanceled(std::atomic<int> *started) : m_started(started) {}
    TaskOutcome run(const TaskAssignment &) override
    {
        ++*m_started;
        while (!isCancelRequested())
            QThread::msleep(2);
        return TaskOutcome::completed({{"sawCancel", true}});
    }

private:
    std::atomic<int> *m_started;
};

} // namespace

class TestWorkerRegistry : public QObject
{
    Q_OBJECT

private slots:
    void asyncHandler()
    {
        PoolHarness h;
        QVERIFY(h.pool->registry().registerHandler("delayed", [](const HandlerContext &) {
            return std::make_unique<DelayedEcho>();
        }).ok());
        QVERIFY(h.start());
        TaskAssignment t = PoolHarness::task("d1", "delayed", {{"text", "hi"}});
        t.retryCount = 2;
        h.pool->submit({t});
        QVERIFY(h.waitFor("d1"));
        const TaskOutcome o = h.outcomes.value("d1");
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("echo").toString(), QStringLiteral("hi"));
        QCOMPARE(o.output.value("retryCount").toInt(), 2);
        QCOMPARE(o.output.value("workflowId").toString(), QStringLiteral("wf-test"));
    }

    void functionRunsOnABlockingThread()
    {
        PoolHarness h;
        auto seenThread = std::make_shared<std::atomic<QThread *>>(nullptr);
        QVERIFY(h.pool->registry().registerFunction("sum", [seenThread](const TaskAssignment &t) {
            seenThread->store(QThread::currentThread());
            return TaskOutcome::completed({{"sum", t.input.value("a").toInt() + t.input.value("b").toInt()}});
        }).ok());
        QVERIFY(h.start());
        const TaskOutcome o = h.run("sum", {{"a", 2}, {"b", 40}});
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output.value("sum").toInt(), 42);
        QVERIFY(seenThread->load() != nullptr);
        QVERIFY(seenThread->load() != QThread::currentThread());
        QVERIFY(seenThread->load() != h.pool->thread());
        QVERIFY(h.pool->registry().isBlocking("sum"));
        QVERIFY(!h.pool->registry().isBlocking("shell"));
    }

    void jsonFunction()
    {
        PoolHarness h;
        QVERIFY(h.pool->registry().registerJsonFunction("upper", [](const QJsonObject &in) {
            return QJsonObject{{"text", in.value("text").toString().toUpper()}};
        }).ok());
        QVERIFY(h.start());
        const TaskOutcome o = h.run("upper", {{"text", "orrery"}});
        QCOMPARE(o.status, TaskOutcome::Completed);
        QCOMPARE(o.output, (QJsonObject{{"text", "ORRERY"}}));
    }

    void functionFailuresAndExceptions()
    {
        PoolHarness h;
        QVERIFY(h.pool->registry().registerFunction("fails", [](const TaskAssignment &) {
            FailureInfo f;
            f.kind = "other";
            f.errorCode = "quota";
            return TaskOutcome::failed("quota exceeded", f, {{"partial", 1}});
        }).ok());
        QVERIFY(h.pool->registry().registerJsonFunction("throws", [](const QJsonObject &) -> QJsonObject {
            throw std::runtime_error("bad things");
        }).ok());
        QVERIFY(h.start());
        const TaskOutcome failed = h.run("fails", {});
        QCOMPARE(failed.status, TaskOutcome::Failed);
        QCOMPARE(failed.reason, QStringLiteral("quota exceeded"));
        QCOMPARE(failed.failure.errorCode, QStringLiteral("quota"));
        QCOMPARE(failed.output.value("partial").toInt(), 1);
        const TaskOutcome thrown = h.run("throws", {});
        QCOMPARE(thrown.status, TaskOutcome::Failed);
        QCOMPARE(thrown.failure.kind, QStringLiteral("other"));
        QCOMPARE(thrown.failure.errorCode, QStringLiteral("handler_error"));
        QVERIFY2(thrown.reason.contains(QStringLiteral("bad things")), qPrintable(thrown.reason));
    }

    void asyncHandlerExceptionsAreContained()
    {
        PoolHarness h;
        QVERIFY(h.pool->registry().registerHandler("badFactory", [](const HandlerContext &) -> std::unique_ptr<TaskHandler> {
            throw std::runtime_error("factory exploded");
        }).ok());
        QVERIFY(h.pool->registry().registerHandler("badStart", [](const HandlerContext &) {
            return std::make_unique<ThrowsOnStart>();
        }).ok());
        QVERIFY(h.pool->registry().registerHandler("nullFactory", [](const HandlerContext &) {
            return std::unique_ptr<TaskHandler>();
        }).ok());
        QVERIFY(h.start());
        for (const char *type : {"badFactory", "badStart", "nullFactory"}) {
            const TaskOutcome o = h.run(QString::fromLatin1(type), {});
            QCOMPARE(o.status, TaskOutcome::Failed);
            QCOMPARE(o.failure.errorCode, QStringLiteral("handler_error"));
        }
        QVERIFY(h.outcomes.value("t1").reason.contains(QStringLiteral("factory exploded")));
        QVERIFY(h.outcomes.value("t2").reason.contains(QStringLiteral("start exploded")));
        QCOMPARE(h.run("noop", {}).status, TaskOutcome::Completed); // the pool carries on
        QCOMPARE(h.pool->stats().value("running").toInt(), 0);
    }

    void blockingThreadPoolIsBounded()
    {
        WorkerPoolConfig c;
        c.blockingThreads = 2;
        PoolHarness h(c);
        auto running = std::make_shared<std::atomic<int>>(0);
        auto maxRunning = std::make_shared<std::atomic<int>>(0);
        auto release = std::make_shared<QSemaphore>(0);
        QVERIFY(h.pool->registry().registerFunction("blocks", [=](const TaskAssignment &) {
            const int now = ++*running;
            int seen = maxRunning->load();
            while (now > seen && !maxRunning->compare_exchange_weak(seen, now)) {
            }
            release->acquire();
            --*running;
            return TaskOutcome::completed({});
        }).ok());
        QVERIFY(h.start());
        for (int i = 0; i < 6; ++i)
            h.submit(QString::number(i), "blocks");
        QTRY_COMPARE(running->load(), 2);
        QCOMPARE(h.pool->stats().value("running").toInt(), 6); // admitted; 4 wait for a thread
        release->release(6);
        QTRY_COMPARE(h.delivered, qint64(6));
        QCOMPARE(maxRunning->load(), 2);
    }

    void cancelingABlockingHandler()
    {
        PoolHarness h;
        std::atomic<int> started{0};
        QVERIFY(h.pool->registry().registerBlockingHandler("spin", [&started] {
            return std::make_unique<UntilCanceled>(&started);
        }).ok());
        QVERIFY(h.start());
        h.submit("s", "spin");
        QTRY_COMPARE(started.load(), 1);
        h.pool->cancel("s");
        QVERIFY(h.waitFor("s"));
        QCOMPARE(h.outcomes.value("s").failure.errorCode, QStringLiteral("canceled"));
        h.pool->stop(1000); // returns: the handler saw the cancel request and ended
        QCOMPARE(h.delivered, qint64(1));
    }

    void registrationErrors()
    {
        HandlerRegistry r;
        r.registerBuiltins();
        // Conductor's queued system task types are built in beside Orrery's own handlers.
        QCOMPARE(r.types(),
                 (QStringList{"HTTP", "INLINE", "JSON_JQ_TRANSFORM", "http", "noop", "profile", "shell"}));
        const auto echo = [](const QJsonObject &in) { return in; };
        Result<void> dup = r.registerJsonFunction("shell", echo);
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().kind, Error::Kind::Conflict);
        QVERIFY(dup.error().message.contains(QStringLiteral("'shell'")));
        QCOMPARE(r.registerJsonFunction("", echo).error().kind, Error::Kind::Invalid);
        QCOMPARE(r.registerJsonFunction("two words", echo).error().kind, Error::Kind::Invalid);
        QCOMPARE(r.registerHandler("empty", {}).error().kind, Error::Kind::Invalid);
        QCOMPARE(r.registerFunction("empty", {}).error().kind, Error::Kind::Invalid);
        QVERIFY(!r.contains("empty"));
        const quint64 generation = r.generation();
        QVERIFY(r.unregisterHandler("shell"));
        QVERIFY(!r.unregisterHandler("shell"));
        QVERIFY(r.generation() > generation);
        QVERIFY(r.registerJsonFunction("shell", echo).ok());
        QVERIFY(r.isBlocking("shell"));
    }

    void unregisteredTypeIsRejected()
    {
        PoolHarness h;
        QVERIFY(h.start());
        QVERIFY(h.pool->registry().unregisterHandler("http"));
        QCOMPARE(h.pool->freeSlots("http"), 0);
        const TaskOutcome o = h.run("http", {{"url", "http://127.0.0.1/"}});
        QCOMPARE(o.status, TaskOutcome::FailedTerminal);
        QCOMPARE(o.failure.errorCode, QStringLiteral("unknown_task_type"));
    }

    void configFromJson()
    {
        const Result<WorkerPoolConfig> ok = WorkerPoolConfig::fromJson(
            {{"maxConcurrent", 64}, {"maxPerType", QJsonObject{{"shell", 8}}}, {"batchMaxSize", 128}});
        QVERIFY(ok.ok());
        QCOMPARE(ok->maxConcurrent, 64);
        QCOMPARE(ok->maxPerType.value("shell"), 8);
        QCOMPARE(ok->batchMaxSize, 128);
        QCOMPARE(ok->batchWindowMs, 1);
        QCOMPARE(ok->toJson().value("maxPerType").toObject().value("shell").toInt(), 8);

        const Result<WorkerPoolConfig> zero = WorkerPoolConfig::fromJson({{"maxConcurrent", 0}});
        QVERIFY(!zero.ok());
        QCOMPARE(zero.error().fieldErrors.value(0).path, QStringLiteral("maxConcurrent"));
        const Result<WorkerPoolConfig> perType = WorkerPoolConfig::fromJson({{"maxPerType", QJsonObject{{"shell", "x"}}}});
        QVERIFY(!perType.ok());
        QCOMPARE(perType.error().fieldErrors.value(0).path, QStringLiteral("maxPerType.shell"));
        QVERIFY(perType.error().message.contains(QStringLiteral("maxPerType.shell")));
        QVERIFY(!WorkerPoolConfig::fromJson({{"maxPerType", 3}}).ok());
    }

    void outcomeJson()
    {
        FailureInfo f;
        f.kind = "http";
        f.httpStatus = 503;
        f.errorCode = "http_503";
        TaskOutcome o = TaskOutcome::failed("unavailable", f, {{"statusCode", 503}});
        o.taskId = "t";
        o.logs << "line";
        const QJsonObject j = o.toJson();
        QCOMPARE(j.value("status").toString(), QStringLiteral("FAILED"));
        QCOMPARE(j.value("reasonForIncompletion").toString(), QStringLiteral("unavailable"));
        QCOMPARE(j.value("failure").toObject().value("httpStatus").toInt(), 503);
        QVERIFY(!j.value("failure").toObject().contains("exitCode"));
        QCOMPARE(FailureInfo::fromJson(j.value("failure").toObject()).errorCode, QStringLiteral("http_503"));
        QCOMPARE(j.value("logs").toArray().size(), 1);
        QCOMPARE(TaskOutcome::statusName(TaskOutcome::FailedTerminal), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"));
        QCOMPARE(TaskOutcome::completed({}).toJson().value("status").toString(), QStringLiteral("COMPLETED"));
        QVERIFY(!TaskOutcome::completed({}).toJson().contains("failure"));
    }

    void inputReader()
    {
        const QJsonObject input{{"s", "x"}, {"n", 2.5}, {"i", 7}, {"nul", QJsonValue::Null}, {"arr", QJsonArray{"a", "b"}}};
        InputReader in(input);
        QCOMPARE(in.string("s"), QStringLiteral("x"));
        QCOMPARE(in.string("nul", "fallback"), QStringLiteral("fallback")); // null counts as absent
        QCOMPARE(in.number("n", 0, 0, 10), 2.5);
        QCOMPARE(in.integer("i", 0, 0, 10), qint64(7));
        QCOMPARE(in.stringArray("arr", true), (QStringList{"a", "b"}));
        QVERIFY(in.ok());
        QCOMPARE(in.integer("n", 0, 0, 10), qint64(0));
        QVERIFY(!in.ok());
        QCOMPARE(in.error(), QStringLiteral("input.n must be an integer, got 2.5"));
        in.fail("second problem");
        QCOMPARE(in.error(), QStringLiteral("input.n must be an integer, got 2.5")); // the first one stays
        InputReader range(input);
        range.integer("i", 0, 0, 5);
        QCOMPARE(range.error(), QStringLiteral("input.i must be between 0 and 5, got 7"));
    }
};

QTEST_GUILESS_MAIN(TestWorkerRegistry)
#include "test_worker_registry.moc"
