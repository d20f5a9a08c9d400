#pragma once

#include <QDeadlineTimer>
#include <QMutex>
#include <QWaitCondition>
#include <functional>
#include <memory>
#include <optional>

namespace orrery {

// Asks a thread that owns some state (the engine, a module's thread) for a copy of it and waits
// at most `timeoutMs` for the answer. `ask` receives a reply function, which it (or whatever it
// posts) calls at most once, on any thread, possibly after the wait gave up or never. For the
// collectors and providers that run on API query threads; never call it on the asked thread.
//
//   auto states = waitForReply<QJsonObject>([&](auto reply) { reader.read(reply); }, 500);
template<typename T, typename Ask>
std::optional<T> waitForReply(Ask &&ask, int timeoutMs)
{
    struct Slot
    {
        QMutex mutex;
        QWaitCondition ready;
        std::optional<T> value;
    };
    const auto slot = std::make_shared<Slot>(); // a late reply writes here after we returned
    ask(std::function<void(T)>([slot](T value) {
        QMutexLocker lock(&slot->mutex);
        slot->value = std::move(value);
        slot->ready.wakeAll();
    }));
    QMutexLocker lock(&slot->mutex);
    const QDeadlineTimer deadline(timeoutMs);
    while (!slot->value && !deadline.hasExpired())
        slot->ready.wait(&slot->mutex, deadline);
    return slot->value;
}

} // namespace orrery
