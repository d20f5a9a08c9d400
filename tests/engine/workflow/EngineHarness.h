#pragma once

#include "core/Clock.h"
#include "store/Store.h"
#include "workflow/EngineCore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <optional>

namespace orrery::test {

// An EngineCore on the test thread, over a real SQLite store in a temporary directory, in
// virtual time. Replies may arrive on the store's thread; call() waits for them while
// processing this thread's events. Given a store URL (a PostgreSQL database), it uses that instead.
class EngineHarness
{
public:
    explicit EngineHarness(const QString &storeUrl = QString()) : url(storeUrl) { reopen(); }
    ~EngineHarness() { close(); }

    void reopen()
    {
        close();
        auto s = Store::open(StoreConfig{url.isEmpty() ? dir.filePath(QStringLiteral("orrery.db")) : url});
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
        store = std::move(s).value();
        EngineConfig cfg;
        cfg.clock = &clock;
        cfg.randomSeed = 42;
        cfg.holdUntilReleased = holdUntilReleased;
        core = std::make_unique<EngineCore>(store.get(), cfg);
        auto r = core->load();
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    }

    // Simulates a crash: the core vanishes without draining; the store keeps what it committed.
    void close()
    {
        core.reset();
        if (store) {
            (void)store->flush();
            store->close();
        }
        store.reset();
    }

    template<typename T, typename F>
    Result<T> call(F &&invoke)
    {
        QMutex mutex;
        std::optional<Result<T>> out;
        invoke([&](Result<T> r) {
            QMutexLocker lock(&mutex);
            out.emplace(std::move(r));
        });
        QDeadlineTimer deadline(10000);
        for (;;) {
            {
                QMutexLocker lock(&mutex);
                if (out)
                    return std::move(*out);
            }
            if (deadline.hasExpired())
                return Error::internal(QStringLiteral("no reply within 10 s"));
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
    }

    void advance(qint64 ms)
    {
        clock.advanceMs(ms);
        core->processDue();
    }

    Result<void> registerWorkflow(const QByteArray &json)
    {
        auto def = WorkflowDef::fromJson(QJsonDocument::fromJson(json).object());
        if (!def.ok())
            return def.error();
        return call<void>([&](auto reply) { core->metadata().registerWorkflowDef(def.value(), true, reply); });
    }
    Result<void> registerTaskDef(const QByteArray &json)
    {
        auto def = TaskDef::fromJson(QJsonDocument::fromJson(json).object());
        if (!def.ok())
            return def.error();
        return call<void>([&](auto reply) { core->metadata().registerTaskDefs({def.value()}, reply); });
    }
    QString start(const QString &name, const QJsonObject &input = {})
    {
        StartWorkflowRequest req;
        req.name = name;
        req.input = input;
        auto r = call<QString>([&](auto reply) { core->startWorkflow(req, reply); });
        return r.ok() ? r.value() : QString();
    }
    QJsonArray poll(const QString &type, const QString &worker = QStringLiteral("w1"), int count = 1)
    {
        auto r = call<QJsonArray>([&](auto reply) { core->poll(type, worker, QString(), count, 0, reply); });
        return r.ok() ? r.value() : QJsonArray();
    }
    Result<QString> update(const QString &taskId, TaskStatus status, const QJsonObject &output = {},
                           const QString &worker = QStringLiteral("w1"), qint64 callbackAfter = 0)
    {
        TaskResult tr;
        tr.taskId = taskId;
        tr.status = status;
        tr.outputData = output;
        tr.hasOutputData = true;
        tr.workerId = worker;
        tr.callbackAfterSeconds = callbackAfter;
        if (status == TaskStatus::Failed || status == TaskStatus::FailedWithTerminalError)
            tr.reasonForIncompletion = QStringLiteral("boom");
        return call<QString>([&](auto reply) { core->updateTask(tr, reply); });
    }
    QJsonObject workflow(const QString &id)
    {
        auto r = call<QJsonObject>([&](auto reply) { core->workflow(id, true, reply); });
        return r.ok() ? r.value() : QJsonObject();
    }

    QString url; // empty: SQLite in `dir`
    bool holdUntilReleased = false; // EngineConfig::holdUntilReleased of the next reopen()
    QTemporaryDir dir;
    ManualClock clock{1'750'000'000'000};
    std::unique_ptr<Store> store;
    std::unique_ptr<EngineCore> core;
};

} // namespace orrery::test
