#include "ApiServices.h"

#include "RequestContext.h"

#include "core/Clock.h"

namespace orrery {

qint64 ApiServices::nowMs() const
{
    return (clock ? clock : SystemClock::instance())->nowMs();
}

void ApiServices::query(const std::shared_ptr<QueryExecutor> &queries, const RequestContext &ctx,
                        std::function<void(QueryExecutor::Connection &c)> job)
{
    if (!queries)
        return ctx.replyError(Error::unavailable(QStringLiteral("This server was started without a store for the read "
                                                                "API; lists, search, stats and audit are unavailable.")));
    const bool posted = queries->post([ctx, job = std::move(job)](QueryExecutor::Connection &c) {
        if (c.error)
            return ctx.replyError(Error::unavailable(QStringLiteral("The store cannot be read right now: %1").arg(c.error->message)));
        job(c);
    });
    if (!posted)
        ctx.replyError(Error::unavailable(QStringLiteral("The server is stopping; retry on another instance or later.")));
}

} // namespace orrery
