#include "HandlerRegistry.h"

#include "workers/ConductorHttpHandler.h"
#include "workers/InlineHandler.h"
#include "workers/JqTransformHandler.h"

#include "workers/BlockingAdapter.h"
#include "workers/FunctionHandler.h"
#include "workers/HttpHandler.h"
#include "workers/NoopHandler.h"
#include "workers/ProfileHandler.h"
#include "workers/ShellHandler.h"

namespace orrery {

Result<void> HandlerRegistry::insert(const QString &type, Entry entry)
{
    if (type.isEmpty())
        return Error::invalid(QStringLiteral("task type name must not be empty"));
    for (QChar c : type) {
        if (c.isSpace())
            return Error::invalid(QStringLiteral("task type name '%1' must not contain whitespace").arg(type));
    }
    if (!entry.factory)
        return Error::invalid(QStringLiteral("handler for task type '%1' is empty").arg(type));
    QMutexLocker lock(&m_mutex);
    if (m_entries.contains(type))
        return Error::conflict(QStringLiteral("task type '%1' already has a handler; unregister it first").arg(type));
    m_entries.insert(type, std::move(entry));
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    return {};
}

Result<void> HandlerRegistry::registerHandler(const QString &type, Factory factory)
{
    return insert(type, Entry{std::move(factory), false});
}

Result<void> HandlerRegistry::registerBlockingHandler(const QString &type, BlockingFactory factory)
{
    if (!factory)
        return insert(type, Entry{});
    Factory wrapped = [factory = std::move(factory)](const HandlerContext &ctx) -> std::unique_ptr<TaskHandler> {
        std::unique_ptr<BlockingTaskHandler> handler = factory();
        if (!handler)
            return nullptr;
        return std::make_unique<BlockingAdapter>(ctx, std::move(handler));
    };
    return insert(type, Entry{std::move(wrapped), true});
}

Result<void> HandlerRegistry::registerFunction(const QString &type, Function function)
{
    if (!function)
        return insert(type, Entry{});
    auto shared = std::make_shared<Function>(std::move(function));
    return registerBlockingHandler(type, [shared] {
        return std::make_unique<FunctionHandler>([shared](const TaskAssignment &task) { return (*shared)(task); });
    });
}

Result<void> HandlerRegistry::registerJsonFunction(const QString &type, JsonFunction function)
{
    if (!function)
        return insert(type, Entry{});
    return registerFunction(type, [function = std::move(function)](const TaskAssignment &task) {
        return TaskOutcome::completed(function(task.input));
    });
}

bool HandlerRegistry::unregisterHandler(const QString &type)
{
    QMutexLocker lock(&m_mutex);
    if (m_entries.remove(type) == 0)
        return false;
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    return true;
}

bool HandlerRegistry::contains(const QString &type) const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.contains(type);
}

QStringList HandlerRegistry::types() const
{
    QMutexLocker lock(&m_mutex);
    QStringList names = m_entries.keys();
    names.sort();
    return names;
}

bool HandlerRegistry::isBlocking(const QString &type) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.constFind(type);
    return it != m_entries.constEnd() && it->blocking;
}

HandlerRegistry::Factory HandlerRegistry::factory(const QString &type) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.constFind(type);
    return it == m_entries.constEnd() ? Factory{} : it->factory;
}

void HandlerRegistry::registerBuiltins()
{
    // The built-in names are reserved for these handlers; a conflict here means an embedder
    // registered its own handler under the same name first, which then wins.
    (void)registerHandler(QStringLiteral("noop"), [](const HandlerContext &) { return std::make_unique<NoopHandler>(); });
    (void)registerHandler(QStringLiteral("shell"),
                          [](const HandlerContext &ctx) { return std::make_unique<ShellHandler>(ctx); });
    (void)registerHandler(QStringLiteral("http"),
                          [](const HandlerContext &ctx) { return std::make_unique<HttpHandler>(ctx); });
    (void)registerHandler(QStringLiteral("profile"),
                          [](const HandlerContext &ctx) { return std::make_unique<ProfileHandler>(ctx); });
    // Conductor system tasks that wait in a queue (see workflow/systemtasks/QueuedSystemTask.h).
    (void)registerHandler(QStringLiteral("HTTP"),
                          [](const HandlerContext &ctx) { return std::make_unique<ConductorHttpHandler>(ctx); });
    (void)registerBlockingHandler(QStringLiteral("INLINE"), [] { return std::make_unique<InlineHandler>(); });
    (void)registerBlockingHandler(QStringLiteral("JSON_JQ_TRANSFORM"), [] { return std::make_unique<JqTransformHandler>(); });
}

} // namespace orrery
