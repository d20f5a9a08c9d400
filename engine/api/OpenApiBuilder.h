#pragma once

#include "ApiRouter.h"

#include <QJsonObject>
#include <QList>

namespace orrery {

// Builds the OpenAPI 3.0 document of the API from the router's registrations and their
// RouteDoc: every registered method+pattern becomes an operation, {name} segments become path
// parameters, the route's access level and scope policy are stated (x-orrery-access,
// x-orrery-scoped-tokens), and errors use Conductor's error schema. A route without a summary is
// still listed, marked "x-orrery-undocumented": true.
class OpenApiBuilder
{
public:
    static QJsonObject build(const QList<ApiRouter::RouteInfo> &routes, const QString &version);
    // "METHOD pattern" of every route without a summary.
    static QStringList undocumented(const QList<ApiRouter::RouteInfo> &routes);
};

} // namespace orrery
