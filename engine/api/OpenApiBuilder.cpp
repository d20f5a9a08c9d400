#include "OpenApiBuilder.h"

#include "HttpRequest.h"

#include <QJsonArray>

namespace orrery {

namespace {

QJsonObject ref(const QString &name)
{
    return QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/") + name}};
}

QJsonObject errorSchema()
{
    const QJsonObject str{{QStringLiteral("type"), QStringLiteral("string")}};
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("status"), QStringLiteral("message")}},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("status"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}},
                     {QStringLiteral("message"), str},
                     {QStringLiteral("instance"), str},
                     {QStringLiteral("retryable"), QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
                     {QStringLiteral("validationErrors"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                  {QStringLiteral("items"),
                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                               {QStringLiteral("properties"),
                                                QJsonObject{{QStringLiteral("path"), str},
                                                            {QStringLiteral("message"), str},
                                                            {QStringLiteral("invalidValue"), str}}}}}}}}}};
}

QJsonObject parameter(const RouteDoc::Param &p, const QString &in)
{
    QJsonObject schema{{QStringLiteral("type"), p.type.isEmpty() ? QStringLiteral("string") : p.type}};
    if (!p.enumValues.isEmpty())
        schema.insert(QStringLiteral("enum"), QJsonArray::fromStringList(p.enumValues));
    QJsonObject o{{QStringLiteral("name"), p.name},
                  {QStringLiteral("in"), in},
                  {QStringLiteral("required"), in == QLatin1String("path") || p.required},
                  {QStringLiteral("schema"), schema}};
    if (!p.description.isEmpty())
        o.insert(QStringLiteral("description"), p.description);
    return o;
}

QJsonObject operation(const ApiRouter::RouteInfo &r)
{
    const RouteDoc &d = r.doc;
    QJsonObject op;
    op.insert(QStringLiteral("operationId"), QString::fromLatin1(r.method).toLower() + r.pattern);
    if (d.documented())
        op.insert(QStringLiteral("summary"), d.summaryText());
    else
        op.insert(QStringLiteral("x-orrery-undocumented"), true);
    if (!d.descriptionText().isEmpty())
        op.insert(QStringLiteral("description"), d.descriptionText());
    if (!d.tags().isEmpty())
        op.insert(QStringLiteral("tags"), QJsonArray::fromStringList(d.tags()));
    op.insert(QStringLiteral("x-orrery-access"), accessName(r.access));
    op.insert(QStringLiteral("x-orrery-scoped-tokens"), d.scopedAllowed());
    op.insert(QStringLiteral("x-orrery-audited"), r.method != "GET" && r.method != "HEAD" && d.audited());
    if (r.access == Access::Anonymous)
        op.insert(QStringLiteral("security"), QJsonArray());

    QJsonArray params;
    for (const QString &segment : HttpRequest::splitPath(r.pattern)) {
        if (!(segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}')))
            continue;
        const QString name = segment.mid(1, segment.size() - 2);
        RouteDoc::Param p{name, QStringLiteral("string"), {}, {}, true};
        for (const RouteDoc::Param &documented : d.pathParams()) {
            if (documented.name == name)
                p = documented;
        }
        params.append(parameter(p, QStringLiteral("path")));
    }
    for (const RouteDoc::Param &q : d.queryParams())
        params.append(parameter(q, QStringLiteral("query")));
    if (!params.isEmpty())
        op.insert(QStringLiteral("parameters"), params);

    if (!d.bodyDescription().isEmpty()) {
        QJsonObject schema = d.bodySchema().isEmpty() ? QJsonObject{} : d.bodySchema();
        op.insert(QStringLiteral("requestBody"),
                  QJsonObject{{QStringLiteral("description"), d.bodyDescription()},
                              {QStringLiteral("required"), d.bodyRequired()},
                              {QStringLiteral("content"),
                               QJsonObject{{QStringLiteral("application/json"), QJsonObject{{QStringLiteral("schema"), schema}}}}}});
    }

    QJsonObject responses;
    for (const RouteDoc::Response &resp : d.responses()) {
        QJsonObject o{{QStringLiteral("description"), resp.description}};
        if (!resp.contentType.isEmpty()) {
            const QJsonObject schema = resp.status >= 400 ? ref(QStringLiteral("Error")) : QJsonObject{};
            o.insert(QStringLiteral("content"), QJsonObject{{resp.contentType, QJsonObject{{QStringLiteral("schema"), schema}}}});
        }
        responses.insert(QString::number(resp.status), o);
    }
    if (responses.isEmpty())
        responses.insert(QStringLiteral("200"), QJsonObject{{QStringLiteral("description"), QStringLiteral("success")}});
    const QJsonObject error{{QStringLiteral("description"), QStringLiteral("Conductor's error body")},
                            {QStringLiteral("content"),
                             QJsonObject{{QStringLiteral("application/json"),
                                          QJsonObject{{QStringLiteral("schema"), ref(QStringLiteral("Error"))}}}}}};
    if (!responses.contains(QStringLiteral("400")))
        responses.insert(QStringLiteral("400"), error);
    if (r.access != Access::Anonymous) {
        responses.insert(QStringLiteral("401"), error);
        responses.insert(QStringLiteral("403"), error);
        responses.insert(QStringLiteral("429"), error);
    }
    op.insert(QStringLiteral("responses"), responses);
    return op;
}

} // namespace

QJsonObject OpenApiBuilder::build(const QList<ApiRouter::RouteInfo> &routes, const QString &version)
{
    QJsonObject paths;
    for (const ApiRouter::RouteInfo &r : routes) {
        QJsonObject item = paths.value(r.pattern).toObject();
        item.insert(QString::fromLatin1(r.method).toLower(), operation(r));
        paths.insert(r.pattern, item);
    }
    const QJsonObject schemes{
        {QStringLiteral("bearer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("http")}, {QStringLiteral("scheme"), QStringLiteral("bearer")}}},
        {QStringLiteral("conductor"), QJsonObject{{QStringLiteral("type"), QStringLiteral("apiKey")},
                                                  {QStringLiteral("in"), QStringLiteral("header")},
                                                  {QStringLiteral("name"), QStringLiteral("X-Authorization")}}}};
    return QJsonObject{
        {QStringLiteral("openapi"), QStringLiteral("3.0.3")},
        {QStringLiteral("info"), QJsonObject{{QStringLiteral("title"), QStringLiteral("Orrery API")},
                                             {QStringLiteral("version"), version},
                                             {QStringLiteral("description"),
                                              QStringLiteral("Conductor-compatible worker, metadata and workflow routes plus "
                                                             "Orrery's operations routes. Lists are paged with start/size "
                                                             "and answer {totalHits, results}.")}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"), QJsonObject{{QStringLiteral("securitySchemes"), schemes},
                                                   {QStringLiteral("schemas"), QJsonObject{{QStringLiteral("Error"), errorSchema()}}}}},
        {QStringLiteral("security"), QJsonArray{QJsonObject{{QStringLiteral("bearer"), QJsonArray()}},
                                                QJsonObject{{QStringLiteral("conductor"), QJsonArray()}}}}};
}

QStringList OpenApiBuilder::undocumented(const QList<ApiRouter::RouteInfo> &routes)
{
    QStringList out;
    for (const ApiRouter::RouteInfo &r : routes) {
        if (!r.doc.documented())
            out.append(QString::fromLatin1(r.method) + u' ' + r.pattern);
    }
    return out;
}

} // namespace orrery
