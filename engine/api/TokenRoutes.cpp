#include "TokenRoutes.h"

#include "ApiRouter.h"
#include "TokenService.h"

namespace orrery {

void TokenRoutes::registerRoutes(ApiRouter &router, const TokenService *tokens)
{
    router.add("POST", QStringLiteral("/api/token"), Access::Anonymous, [tokens](const RequestContext &ctx) {
        auto body = ctx.jsonObjectBody(QStringLiteral("{keyId, keySecret}"));
        if (!body.ok())
            return ctx.replyError(body.error());
        const QJsonValue secret = body->value(QStringLiteral("keySecret"));
        if (!secret.isString() || secret.toString().isEmpty())
            return ctx.replyError(400, QStringLiteral("'keySecret' is required: pass an Orrery API token."),
                                  {{QStringLiteral("keySecret"), QStringLiteral("is required"), QJsonValue()}});
        if (!tokens || !tokens->authenticate(secret.toString().toUtf8()))
            return ctx.replyError(401, QStringLiteral("The keySecret is not a valid Orrery API token."));
        ctx.replyJson(QJsonObject{{QStringLiteral("token"), secret.toString()}});
    });
}

} // namespace orrery
