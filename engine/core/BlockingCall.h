#pragma once

#include "core/Result.h"

#include <QMutex>
#include <QWaitCondition>
#include <optional>

namespace orrery {

// Calls an asynchronous engine method and waits for its reply. Only for start-up and command
// line code running on a thread the reply never needs (never on the engine or store thread).
template<typename T, typename F>
Result<T> blockingCall(F &&invoke)
{
    QMutex mutex;
    QWaitCondition done;
    std::optional<Result<T>> out;
    invoke([&](Result<T> r) {
        QMutexLocker lock(&mutex);
        out.emplace(std::move(r));
        done.wakeAll();
    });
    QMutexLocker lock(&mutex);
    while (!out)
        done.wait(&mutex);
    return std::move(*out);
}

} // namespace orrery
