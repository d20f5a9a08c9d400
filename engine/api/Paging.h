#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>

namespace orrery {

class RequestContext;

// How every list of the API is paged: ?start=<index of the first result>&size=<results per
// page>, answered with Conductor's SearchResult shape plus the page asked for:
//   {"totalHits": <all matches>, "results": [...], "start": s, "size": n}
// A bad start/size is a 400 naming the parameter.
struct Paging
{
    static constexpr int kDefaultSize = 100;
    static constexpr int kMaxSize = 1000;

    int start = 0;
    int size = kDefaultSize;

    static Result<Paging> fromQuery(const RequestContext &ctx, int defaultSize = kDefaultSize);
    QJsonObject page(qint64 totalHits, const QJsonArray &results) const;
    // Slices an in-memory list (when the whole list is at hand).
    QJsonObject slice(const QJsonArray &all) const;
};

} // namespace orrery
