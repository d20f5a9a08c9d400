#include "Paging.h"

#include "RequestContext.h"

namespace orrery {

Result<Paging> Paging::fromQuery(const RequestContext &ctx, int defaultSize)
{
    Paging p;
    auto start = ctx.queryInt(QStringLiteral("start"), 0);
    if (!start.ok())
        return start.error();
    if (*start < 0)
        return Error::invalid(QStringLiteral("Query parameter 'start' must be 0 or more, got %1.").arg(*start),
                              {{QStringLiteral("start"), QStringLiteral("must be >= 0"), *start}});
    auto size = ctx.queryInt(QStringLiteral("size"), defaultSize);
    if (!size.ok())
        return size.error();
    if (*size < 0 || *size > kMaxSize)
        return Error::invalid(QStringLiteral("Query parameter 'size' must be between 0 and %1, got %2.").arg(kMaxSize).arg(*size),
                              {{QStringLiteral("size"), QStringLiteral("must be between 0 and %1").arg(kMaxSize), *size}});
    p.start = *start;
    p.size = *size;
    return p;
}

QJsonObject Paging::page(qint64 totalHits, const QJsonArray &results) const
{
    return QJsonObject{{QStringLiteral("totalHits"), totalHits},
                       {QStringLiteral("results"), results},
                       {QStringLiteral("start"), start},
                       {QStringLiteral("size"), size}};
}

QJsonObject Paging::slice(const QJsonArray &all) const
{
    QJsonArray part;
    for (qsizetype i = start; i < all.size() && i < qsizetype(start) + size; ++i)
        part.append(all.at(i));
    return page(all.size(), part);
}

} // namespace orrery
