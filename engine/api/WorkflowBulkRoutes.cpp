#include "WorkflowBulkRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "EngineReply.h"

#include "workflow/Engine.h"

#include <QJsonArray>

namespace orrery {

namespace {

const QString kTag = QStringLiteral("workflows");

void runBulk(Engine *engine, const RequestContext &ctx, BulkAction action)
{
    auto body = ctx.jsonBody();
    if (!body.ok())
        return ctx.replyError(body.error());
    auto ids = WorkflowBulkRoutes::parseIds(*body);
    if (!ids.ok())
        return ctx.replyError(ids.error());
    BulkOptions options;
    if (action == BulkAction::Restart) {
        auto latest = ctx.queryBool(QStringLiteral("useLatestDefinitions"), false);
        if (!latest.ok())
            return ctx.replyError(latest.error());
        options.useLatestDefinitions = *latest;
    }
    if (action == BulkAction::Terminate)
        options.reason = ctx.queryString(QStringLiteral("reason"));
    engine->bulk(action, *ids, options, answerWith<BulkResponse>(ctx, [](const RequestContext &c, const BulkResponse &r) {
                     c.replyJson(r.toJson());
                 }));
}

} // namespace

Result<QStringList> WorkflowBulkRoutes::parseIds(const QJsonValue &body)
{
    if (!body.isArray())
        return Error::invalid(QStringLiteral("The request body must be a JSON array of workflow ids."),
                              {{QString(), QStringLiteral("must be a JSON array of strings"), body}});
    const QJsonArray arr = body.toArray();
    if (arr.isEmpty())
        return Error::invalid(QStringLiteral("WorkflowIds list cannot be empty: send 1 to %1 workflow ids.").arg(kMaxBulkWorkflows),
                              {{QString(), QStringLiteral("must not be empty"), arr}});
    if (arr.size() > kMaxBulkWorkflows)
        return Error::invalid(QStringLiteral("Cannot process more than %1 workflows. Please use multiple requests "
                                             "(this one has %2).")
                                  .arg(kMaxBulkWorkflows)
                                  .arg(arr.size()),
                              {{QString(), QStringLiteral("must hold at most %1 ids").arg(kMaxBulkWorkflows), qint64(arr.size())}});
    QStringList ids;
    QList<FieldError> errors;
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QJsonValue v = arr.at(i);
        const QString id = v.toString();
        if (!v.isString() || !RequestContext::isValidId(id))
            errors.append({QStringLiteral("[%1]").arg(i), QStringLiteral("must be a workflow id (a string of 1-128 "
                                                                          "letters, digits, '-', '_', '.' or ':')"),
                           v});
        else
            ids.append(id);
    }
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("The request body must be a JSON array of workflow ids; %1 element(s) are "
                                             "not ids.").arg(errors.size()),
                              errors);
    return ids;
}

void WorkflowBulkRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    Engine *engine = services.engine;
    const QString body = QStringLiteral("JSON array of 1 to 1000 workflow ids");
    const QString answer = QStringLiteral("BulkResponse {bulkSuccessfulResults: [workflowId], bulkErrorResults: {workflowId: message}}");
    const auto common = [&](RouteDoc &doc) -> RouteDoc & {
        return doc.tag(kTag)
            .body(body)
            .response(200, answer)
            .response(400, QStringLiteral("not an array of ids, empty, or more than 1000 ids"));
    };
    common(router.add("PUT", QStringLiteral("/api/workflow/bulk/pause"), Access::Operator,
                      [engine](const RequestContext &ctx) { runBulk(engine, ctx, BulkAction::Pause); })
               .summary(QStringLiteral("Pause many workflows")));
    common(router.add("PUT", QStringLiteral("/api/workflow/bulk/resume"), Access::Operator,
                      [engine](const RequestContext &ctx) { runBulk(engine, ctx, BulkAction::Resume); })
               .summary(QStringLiteral("Resume many paused workflows")));
    common(router.add("POST", QStringLiteral("/api/workflow/bulk/retry"), Access::Operator,
                      [engine](const RequestContext &ctx) { runBulk(engine, ctx, BulkAction::Retry); })
               .summary(QStringLiteral("Retry the failed tasks of many ended workflows")));
    common(router.add("POST", QStringLiteral("/api/workflow/bulk/restart"), Access::Operator,
                      [engine](const RequestContext &ctx) { runBulk(engine, ctx, BulkAction::Restart); })
               .summary(QStringLiteral("Restart many ended workflows from the start")))
        .query(QStringLiteral("useLatestDefinitions"), QStringLiteral("boolean"),
               QStringLiteral("Run the latest version of each workflow's definition (default false)."));
    common(router.add("POST", QStringLiteral("/api/workflow/bulk/terminate"), Access::Operator,
                      [engine](const RequestContext &ctx) { runBulk(engine, ctx, BulkAction::Terminate); })
               .summary(QStringLiteral("Terminate many workflows")))
        .query(QStringLiteral("reason"), QStringLiteral("string"), QStringLiteral("Reason recorded as reasonForIncompletion."));
}

} // namespace orrery
