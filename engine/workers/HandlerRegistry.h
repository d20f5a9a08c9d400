#pragma once

#include "core/Result.h"
#include "workers/BlockingTaskHandler.h"
#include "workers/HandlerContext.h"
#include "workers/TaskHandler.h"

#include <QHash>
#include <QMutex>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>

namespace orrery {

// Task type name -> how to make a handler for one task. Thread-safe: embedders may register
// from any thread, before or while the pool runs. Type names are case-sensitive.
class HandlerRegistry
{
public:
    // Asynchronous handler, created and run on the pool thread.
    using Factory = std::function<std::unique_ptr<TaskHandler>(const HandlerContext &)>;
    // Blocking handler, created on the pool thread, run() on the pool's QThreadPool.
    using BlockingFactory = std::function<std::unique_ptr<BlockingTaskHandler>()>;
    // Blocking conveniences; the function must be thread-safe (it runs on several threads).
    using Function = std::function<TaskOutcome(const TaskAssignment &)>;
    using JsonFunction = std::function<QJsonObject(const QJsonObject &input)>; // output; Completed

    HandlerRegistry() = default;
    HandlerRegistry(const HandlerRegistry &) = delete;
    HandlerRegistry &operator=(const HandlerRegistry &) = delete;

    // Each fails (Conflict) if the type is already registered, (Invalid) if the name is empty or
    // contains whitespace, or the callable is empty.
    Result<void> registerHandler(const QString &type, Factory factory);
    Result<void> registerBlockingHandler(const QString &type, BlockingFactory factory);
    Result<void> registerFunction(const QString &type, Function function);
    Result<void> registerJsonFunction(const QString &type, JsonFunction function);
    bool unregisterHandler(const QString &type);

    bool contains(const QString &type) const;
    QStringList types() const;
    bool isBlocking(const QString &type) const;
    Factory factory(const QString &type) const; // empty if unknown

    // Bumped on every change, so the pool can cache factories cheaply.
    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }

    // Registers "noop", "shell", "http" and "profile".
    void registerBuiltins();

private:
    struct Entry
    {
        Factory factory;
        bool blocking = false;
    };
    Result<void> insert(const QString &type, Entry entry);

    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries;
    std::atomic<quint64> m_generation{1};
};

} // namespace orrery
