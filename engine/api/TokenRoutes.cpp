#include "TokenRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "Paging.h"
#include "TokenService.h"

namespace orrery {

namespace {

const QString kTag = QStringLiteral("tokens");

bool validProject(const QString &p)
{
    return RequestContext::isValidId(p);
}

struct CreateRequest
{
    QString name;
    Role role = Role::Viewer;
    QStringList projects;
};

Result<CreateRequest> parseCreate(const QJsonObject &body)
{
    CreateRequest r;
    QList<FieldError> errors;
    const QJsonValue name = body.value(QStringLiteral("name"));
    if (name.isUndefined() || name.isNull())
        errors.append({QStringLiteral("name"), QStringLiteral("is required"), QJsonValue()});
    else if (!name.isString())
        errors.append({QStringLiteral("name"), QStringLiteral("must be a string"), name});
    else if (name.toString().trimmed().isEmpty() || name.toString().size() > 100)
        errors.append({QStringLiteral("name"), QStringLiteral("must be 1 to 100 characters"), name});
    else
        r.name = name.toString().trimmed();

    const QJsonValue role = body.value(QStringLiteral("role"));
    if (role.isUndefined() || role.isNull())
        errors.append({QStringLiteral("role"), QStringLiteral("is required: viewer, operator or admin"), QJsonValue()});
    else if (!role.isString() || !parseRole(role.toString()))
        errors.append({QStringLiteral("role"), QStringLiteral("must be viewer, operator or admin"), role});
    else
        r.role = *parseRole(role.toString());

    const QJsonValue projects = body.value(QStringLiteral("projects"));
    if (!projects.isUndefined() && !projects.isNull()) {
        if (!projects.isArray()) {
            errors.append({QStringLiteral("projects"), QStringLiteral("must be an array of project ids"), projects});
        } else {
            const QJsonArray list = projects.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QJsonValue p = list.at(i);
                const QString path = QStringLiteral("projects[%1]").arg(i);
                if (!p.isString())
                    errors.append({path, QStringLiteral("must be a string"), p});
                else if (!validProject(p.toString()))
                    errors.append({path, QStringLiteral("must be 1-128 letters, digits, '-', '_', '.' or ':'"), p});
                else if (!r.projects.contains(p.toString()))
                    r.projects.append(p.toString());
            }
        }
    }
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Validation failed, check below errors for detail."), errors);
    return r;
}

void listTokens(TokenService *tokens, const RequestContext &ctx)
{
    auto paging = Paging::fromQuery(ctx);
    if (!paging.ok())
        return ctx.replyError(paging.error());
    const auto revoked = ctx.query(QStringLiteral("revoked"));
    auto wantRevoked = ctx.queryBool(QStringLiteral("revoked"), false);
    if (!wantRevoked.ok())
        return ctx.replyError(wantRevoked.error());
    auto roles = ctx.queryEnumList(QStringLiteral("role"), {QStringLiteral("viewer"), QStringLiteral("operator"), QStringLiteral("admin")});
    if (!roles.ok())
        return ctx.replyError(roles.error());
    QJsonArray all;
    for (const TokenRecord &t : tokens->tokens()) {
        if (revoked && !revoked->isEmpty() && t.revoked != *wantRevoked)
            continue;
        if (!roles->isEmpty() && !roles->contains(t.role))
            continue;
        all.append(TokenService::toJson(t));
    }
    ctx.replyJson(paging->slice(all));
}

void createToken(const ApiServices &s, const RequestContext &ctx)
{
    auto body = ctx.jsonObjectBody(QStringLiteral("{name, role, projects?}"));
    if (!body.ok())
        return ctx.replyError(body.error());
    auto request = parseCreate(*body);
    if (!request.ok())
        return ctx.replyError(request.error());
    TokenService *tokens = s.tokens;
    // Creating waits for the commit: off the server thread.
    ApiServices::query(s.queries, ctx, [ctx, tokens, r = *request](QueryExecutor::Connection &) {
        auto issued = tokens->create(r.name, r.role, r.projects);
        if (!issued.ok())
            return ctx.replyError(issued.error());
        QJsonObject o = TokenService::toJson(issued->record);
        o.insert(QStringLiteral("token"), issued->secret);
        o.insert(QStringLiteral("note"), QStringLiteral("Store the token now: it is shown only once."));
        ctx.replyJson(o);
    });
}

void revokeToken(const ApiServices &s, const RequestContext &ctx)
{
    auto id = ctx.idParam(QStringLiteral("tokenId"));
    if (!id.ok())
        return ctx.replyError(id.error());
    TokenService *tokens = s.tokens;
    ApiServices::query(s.queries, ctx, [ctx, tokens, id = *id](QueryExecutor::Connection &) {
        auto revoked = tokens->revoke(id);
        if (!revoked.ok())
            return ctx.replyError(revoked.error());
        ctx.replyEmpty();
    });
}

} // namespace

void TokenRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    const TokenService *exchange = services.tokens;
    router.add("POST", QStringLiteral("/api/token"), Access::Anonymous, [exchange](const RequestContext &ctx) {
        auto body = ctx.jsonObjectBody(QStringLiteral("{keyId, keySecret}"));
        if (!body.ok())
            return ctx.replyError(body.error());
        const QJsonValue secret = body->value(QStringLiteral("keySecret"));
        if (!secret.isString() || secret.toString().isEmpty())
            return ctx.replyError(400, QStringLiteral("'keySecret' is required: pass an Orrery API token."),
                                  {{QStringLiteral("keySecret"), QStringLiteral("is required"), QJsonValue()}});
        if (!exchange || !exchange->authenticate(secret.toString().toUtf8()))
            return ctx.replyError(401, QStringLiteral("The keySecret is not a valid Orrery API token."));
        ctx.replyJson(QJsonObject{{QStringLiteral("token"), secret.toString()}});
    })
        .summary(QStringLiteral("Exchange keyId/keySecret for a token (Conductor SDKs)"))
        .description(QStringLiteral("Put an Orrery token in keySecret; the same token comes back and is then sent as "
                                    "X-Authorization. No token needed to call it; wrong secrets count as failed "
                                    "authentications of the caller's address."))
        .tag(kTag)
        .noAudit()
        .checksCredentials()
        .body(QStringLiteral("{keyId, keySecret}"))
        .response(200, QStringLiteral("{token}"))
        .response(401, QStringLiteral("not a valid token"));

    router.add("GET", QStringLiteral("/api/token/me"), Access::Viewer, [](const RequestContext &ctx) {
        const Principal &p = *ctx.principal();
        ctx.replyJson(QJsonObject{{QStringLiteral("id"), p.tokenId},
                                  {QStringLiteral("name"), p.name},
                                  {QStringLiteral("role"), roleName(p.role)},
                                  {QStringLiteral("projects"), QJsonArray::fromStringList(p.projects)}});
    })
        .summary(QStringLiteral("Who am I: the calling token's id, name, role and projects"))
        .description(QStringLiteral("Lets a client (the console, the web dashboard) disable what its role may not do, "
                                    "with the reason. Tokens limited to projects may call it: it tells only about the "
                                    "caller's own token."))
        .tag(kTag)
        .allowScoped()
        .response(200, QStringLiteral("{id, name, role: viewer|operator|admin, projects: [projectId]} (no projects = every project)"));

    const ApiServices s = services;
    TokenService *tokens = services.tokens;
    router.add("GET", QStringLiteral("/api/tokens"), Access::Admin, [tokens](const RequestContext &ctx) { listTokens(tokens, ctx); })
        .summary(QStringLiteral("List API tokens"))
        .description(QStringLiteral("Every token with its id, name, role, projects, creation and last-use times and "
                                    "whether it is revoked. Secrets are never stored, so never shown."))
        .tag(kTag)
        .query(QStringLiteral("revoked"), QStringLiteral("boolean"), QStringLiteral("Only revoked (true) or usable (false) tokens."))
        .query(QStringLiteral("role"), QStringLiteral("string"), QStringLiteral("Roles."),
               {QStringLiteral("viewer"), QStringLiteral("operator"), QStringLiteral("admin")})
        .paged()
        .response(200, QStringLiteral("{totalHits, results: [token], start, size}"));
    router.add("POST", QStringLiteral("/api/tokens"), Access::Admin, [s](const RequestContext &ctx) { createToken(s, ctx); })
        .summary(QStringLiteral("Create an API token"))
        .description(QStringLiteral("The answer holds the secret (`token`) once; only its SHA-256 is stored."))
        .tag(kTag)
        .body(QStringLiteral("{name, role: viewer|operator|admin, projects?: [projectId]} (no projects = every project)"),
              QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                          {QStringLiteral("required"), QJsonArray{QStringLiteral("name"), QStringLiteral("role")}}})
        .response(200, QStringLiteral("{id, name, role, projects, createdTime, revoked, token}"))
        .response(400, QStringLiteral("validationErrors naming name, role or projects[i]"));
    router.add("DELETE", QStringLiteral("/api/tokens/{tokenId}"), Access::Admin,
               [s](const RequestContext &ctx) { revokeToken(s, ctx); })
        .summary(QStringLiteral("Revoke an API token"))
        .tag(kTag)
        .pathParam(QStringLiteral("tokenId"), QStringLiteral("Token id (tok_...)."))
        .response(200, QStringLiteral("revoked (also when it already was)"), {})
        .response(404, QStringLiteral("unknown token id"))
        .response(409, QStringLiteral("the last admin token"));
}

} // namespace orrery
