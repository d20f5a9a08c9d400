#pragma once

#include "RequestContext.h"

#include "core/Result.h"

#include <functional>
#include <utility>

namespace orrery {

// Adapters from the engine's reply callbacks (invoked on the ENGINE thread) to HTTP answers.
// The result is first moved to the API server thread, so JSON serialisation never runs on the
// engine's hot thread; an error becomes Conductor's error body with the Error's status.

// `onValue(ctx, value)` runs on the server thread for a successful result.
template<typename T, typename OnValue>
std::function<void(Result<T>)> answerWith(RequestContext ctx, OnValue onValue)
{
    return [ctx = std::move(ctx), onValue = std::move(onValue)](Result<T> result) {
        ctx.post([ctx, onValue, result = std::move(result)]() {
            if (!result.ok()) {
                ctx.replyError(result.error());
                return;
            }
            onValue(ctx, result.value());
        });
    };
}

// A void engine call answered with Conductor's "void": 200, empty body, no Content-Type.
inline std::function<void(Result<void>)> answerEmpty(RequestContext ctx)
{
    return [ctx = std::move(ctx)](Result<void> result) {
        ctx.post([ctx, result = std::move(result)]() {
            if (!result.ok())
                ctx.replyError(result.error());
            else
                ctx.replyEmpty();
        });
    };
}

} // namespace orrery
