#include "PlumbingServer.h"

#include "api/ApiRouter.h"

#include <QJsonArray>
#include <QThread>

namespace orrery::test {

Result<quint16> PlumbingServer::start()
{
    HttpSettings settings;
    settings.maxBodyBytes = 1024;
    settings.instance = QStringLiteral("test-instance");
    m_host = std::make_unique<HttpServerHost>(settings, &m_tokens, [this](ApiRouter &r) { registerRoutes(r); });
    auto port = m_host->start(QHostAddress::LocalHost, 0);
    if (port.ok())
        m_port = *port;
    return port;
}

int PlumbingServer::heldCount()
{
    QMutexLocker lock(&m_state.mutex);
    return int(m_state.held.size());
}

RequestContext PlumbingServer::takeHeld()
{
    QMutexLocker lock(&m_state.mutex);
    return m_state.held.takeFirst();
}

void PlumbingServer::registerRoutes(ApiRouter &r)
{
    State *s = &m_state;
    const auto tag = [s](const QString &name) {
        return [s, name](const RequestContext &ctx) {
            ++s->handlerCalls;
            s->handlerThread = QThread::currentThread();
            ctx.replyText(name);
        };
    };
    // Variable routes registered BEFORE the literal ones: precedence must not depend on order.
    r.add("GET", QStringLiteral("/api/tasks/{taskId}"), Access::Anonymous, tag(QStringLiteral("task")));
    r.add("POST", QStringLiteral("/api/tasks/{taskId}"), Access::Anonymous, tag(QStringLiteral("post-task")));
    r.add("GET", QStringLiteral("/api/tasks/poll/{taskType}"), Access::Anonymous, tag(QStringLiteral("single")));
    r.add("GET", QStringLiteral("/api/tasks/{taskId}/{sub}"), Access::Anonymous, tag(QStringLiteral("task-sub")));
    r.add("GET", QStringLiteral("/api/tasks/poll/batch/{taskType}"), Access::Anonymous, tag(QStringLiteral("batch")));
    r.add("POST", QStringLiteral("/api/tasks/update-v2"), Access::Anonymous, tag(QStringLiteral("v2")));
    r.add("GET", QStringLiteral("/api/tasks/queue/sizes"), Access::Anonymous, tag(QStringLiteral("sizes")));

    r.add("GET", QStringLiteral("/api/echo/{a}/{b}"), Access::Anonymous, [](const RequestContext &ctx) {
        ctx.replyJson(QJsonObject{{QStringLiteral("a"), ctx.param(QStringLiteral("a"))},
                                  {QStringLiteral("b"), ctx.param(QStringLiteral("b"))}});
    });
    r.add("GET", QStringLiteral("/api/query"), Access::Anonymous, [](const RequestContext &ctx) {
        ctx.replyJson(QJsonObject{{QStringLiteral("list"), QJsonArray::fromStringList(ctx.queryList(QStringLiteral("taskType")))},
                                  {QStringLiteral("x"), ctx.queryString(QStringLiteral("x"))}});
    });
    r.add("GET", QStringLiteral("/api/int"), Access::Anonymous, [](const RequestContext &ctx) {
        auto n = ctx.queryInt(QStringLiteral("n"), 7);
        if (!n.ok())
            return ctx.replyError(n.error());
        ctx.replyJson(QJsonObject{{QStringLiteral("n"), *n}});
    });
    r.add("POST", QStringLiteral("/api/body"), Access::Anonymous, [s](const RequestContext &ctx) {
        ++s->handlerCalls;
        auto v = ctx.jsonBody();
        if (!v.ok())
            return ctx.replyError(v.error());
        ctx.replyJson(QJsonObject{{QStringLiteral("got"), *v}, {QStringLiteral("size"), int(ctx.request().body.size())}});
    });
    r.add("GET", QStringLiteral("/api/json"), Access::Anonymous, [](const RequestContext &ctx) {
        ctx.replyJson(QJsonObject{{QStringLiteral("a"), 1}, {QStringLiteral("b"), QJsonArray{1, 2}}});
    });
    r.add("GET", QStringLiteral("/api/text"), Access::Anonymous,
          [](const RequestContext &ctx) { ctx.replyText(QStringLiteral("wf-123")); });
    r.add("GET", QStringLiteral("/api/void"), Access::Anonymous, [](const RequestContext &ctx) { ctx.replyEmpty(); });
    r.add("GET", QStringLiteral("/api/nocontent"), Access::Anonymous, [](const RequestContext &ctx) { ctx.replyNoContent(); });
    r.add("GET", QStringLiteral("/api/dropped"), Access::Anonymous, [](const RequestContext &) {});
    r.add("GET", QStringLiteral("/api/hold"), Access::Anonymous, [s](const RequestContext &ctx) {
        QMutexLocker lock(&s->mutex);
        s->held.append(ctx);
    });
    r.add("GET", QStringLiteral("/api/fast"), Access::Anonymous, [s](const RequestContext &ctx) {
        ++s->fastCalls;
        ctx.replyText(QStringLiteral("fast"));
    });
    r.add("GET", QStringLiteral("/api/anon"), Access::Anonymous, tag(QStringLiteral("anon")));
    r.add("GET", QStringLiteral("/api/viewer"), Access::Viewer, [](const RequestContext &ctx) {
        ctx.replyText(ctx.principal() ? ctx.principal()->name : QStringLiteral("none"));
    });
    r.add("POST", QStringLiteral("/api/operator"), Access::Operator, tag(QStringLiteral("operator")));
    r.add("DELETE", QStringLiteral("/api/admin"), Access::Admin, tag(QStringLiteral("admin")));
}

} // namespace orrery::test
