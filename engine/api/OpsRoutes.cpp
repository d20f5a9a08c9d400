#include "OpsRoutes.h"

#include "ApiRouter.h"
#include "ApiServices.h"
#include "MetricsRegistry.h"
#include "Paging.h"
#include "StatsRegistry.h"
#include "StoreFigures.h"
#include "StoreMetrics.h"
#include "WorkersReport.h"

#include "workflow/Engine.h"

namespace orrery {

namespace {

const QString kTag = QStringLiteral("operations");

void workers(const ApiServices &s, const RequestContext &ctx)
{
    auto paging = Paging::fromQuery(ctx);
    if (!paging.ok())
        return ctx.replyError(paging.error());
    const ApiServices services = s;
    s.engine->pollData(QString(), [services, ctx, paging = *paging](Result<QJsonArray> pollData) {
        if (!pollData.ok())
            return ctx.replyError(pollData.error());
        WorkerPool *pool = services.pool->load();
        auto tracker = services.workers;
        auto finish = [ctx, paging, pool, tracker, polls = pollData.value()](const QHash<QString, TaskQueries::InFlight> &inFlight,
                                                                             const QString &note) {
            QJsonObject page = paging.slice(WorkersReport::build(polls, tracker.get(), inFlight, pool));
            if (!note.isEmpty())
                page.insert(QStringLiteral("note"), note);
            ctx.replyJson(page);
        };
        if (!services.queries)
            return finish({}, QStringLiteral("no store: tasks in progress are not counted"));
        ApiServices::query(services.queries, ctx, [finish](QueryExecutor::Connection &c) {
            auto inFlight = TaskQueries::inFlightByWorker(c.db, *c.backend);
            if (!inFlight.ok())
                c.failed = true;
            finish(inFlight.ok() ? inFlight.value() : QHash<QString, TaskQueries::InFlight>(),
                   inFlight.ok() ? QString() : inFlight.error().message);
        });
    });
}

// The two task figures: the store's local tasks plus, in client mode, the attempts the remote
// workers ended for the Conductor server (`remote`; docs/conductor-client.md, "Operating figures").
QJsonObject taskFigure(const QString &name, const std::optional<StoreFigures::Outcomes> &o, const QString &storeError,
                       const std::optional<StatsRegistry::RemoteTasks> &r)
{
    if (!o)
        return StatsFigure::missing(QStringLiteral("the store cannot be read: %1").arg(storeError)).toJson();
    const qint64 tasks = o->tasks() + (r ? r->tasks() : 0);
    if (tasks == 0)
        return StatsFigure::missing(QStringLiteral("no task finished in the window")).toJson();
    if (name == QLatin1String(StatsRegistry::kTaskSuccessRate)) {
        const qint64 succeeded = o->succeeded + (r ? r->succeeded : 0);
        QJsonObject detail{{QStringLiteral("succeeded"), succeeded}, {QStringLiteral("failed"), tasks - succeeded}};
        if (r) {
            detail.insert(QStringLiteral("local"), QJsonObject{{QStringLiteral("succeeded"), o->succeeded},
                                                               {QStringLiteral("failed"), o->failed}});
            detail.insert(QStringLiteral("remote"), QJsonObject{{QStringLiteral("succeeded"), r->succeeded},
                                                                {QStringLiteral("failed"), r->failed},
                                                                {QStringLiteral("retried"), r->retried}});
        }
        return StatsFigure::of(double(succeeded) / double(tasks), detail).toJson();
    }
    const qint64 retries = (o->attempts - o->tasks()) + (r ? r->retries : 0);
    QJsonObject detail{{QStringLiteral("attempts"), o->attempts + (r ? r->attempts() : 0)},
                       {QStringLiteral("tasks"), tasks}};
    if (r) {
        detail.insert(QStringLiteral("retries"), retries);
        detail.insert(QStringLiteral("local"), QJsonObject{{QStringLiteral("attempts"), o->attempts},
                                                           {QStringLiteral("tasks"), o->tasks()},
                                                           {QStringLiteral("retries"), o->attempts - o->tasks()}});
        detail.insert(QStringLiteral("remote"), QJsonObject{{QStringLiteral("attempts"), r->attempts()},
                                                            {QStringLiteral("tasks"), r->tasks()},
                                                            {QStringLiteral("retries"), r->retries}});
    }
    return StatsFigure::of(double(retries) / double(tasks), detail).toJson();
}

QJsonObject figureFor(const QString &name, const std::optional<StoreFigures::Outcomes> &o, const QString &storeError,
                      const std::optional<StatsRegistry::RemoteTasks> &remote, const StatsRegistry::Provider &provider,
                      qint64 windowMs, qint64 nowMs)
{
    if (name == QLatin1String(StatsRegistry::kTaskSuccessRate) || name == QLatin1String(StatsRegistry::kAverageRetries))
        return taskFigure(name, o, storeError, remote);
    if (!provider)
        return StatsFigure::missing(QStringLiteral("no provider registered: the %1 module is not running in this server")
                                        .arg(StatsRegistry::owner(name)))
            .toJson();
    return provider(windowMs, nowMs).toJson();
}

void stats(const ApiServices &s, const RequestContext &ctx)
{
    const ApiServices services = s;
    ApiServices::query(s.queries, ctx, [ctx, services](QueryExecutor::Connection &c) {
        const QList<QPair<QString, qint64>> windows = {{QStringLiteral("1h"), 3'600'000}, {QStringLiteral("24h"), 86'400'000}};
        const qint64 now = services.nowMs();
        auto outcomes = services.figures->outcomes(c.db, *c.backend, {windows[0].second, windows[1].second});
        if (!outcomes.ok())
            c.failed = true;
        const StatsRegistry::RemoteTasksProvider remoteTasks = services.stats->remoteTasks();
        QList<std::optional<StatsRegistry::RemoteTasks>> remote(windows.size());
        if (remoteTasks)
            for (qsizetype i = 0; i < windows.size(); ++i)
                remote[i] = remoteTasks(windows[i].second, now);
        QJsonObject figures;
        for (const QString &name : StatsRegistry::figures()) {
            const StatsRegistry::Provider provider = services.stats->provider(name);
            QJsonObject f{{QStringLiteral("unit"), StatsRegistry::unit(name)},
                          {QStringLiteral("description"), StatsRegistry::description(name)}};
            for (qsizetype i = 0; i < windows.size(); ++i) {
                std::optional<StoreFigures::Outcomes> o;
                if (outcomes.ok())
                    o = outcomes->at(i);
                f.insert(windows[i].first, figureFor(name, o, outcomes.ok() ? QString() : outcomes.error().message,
                                                     remote[i], provider, windows[i].second, now));
            }
            figures.insert(name, f);
        }
        ctx.replyJson(QJsonObject{{QStringLiteral("generatedAt"), now},
                                  {QStringLiteral("windows"), QJsonObject{{windows[0].first, windows[0].second},
                                                                          {windows[1].first, windows[1].second}}},
                                  {QStringLiteral("figures"), figures}});
    });
}

void metrics(const ApiServices &s, const RequestContext &ctx)
{
    auto registry = s.metrics;
    auto figures = s.figures;
    auto render = [ctx, registry](MetricsWriter &writer) {
        registry->render(writer);
        HttpResponse r;
        r.status = 200;
        r.contentType = MetricsRegistry::contentType();
        r.body = writer.text();
        ctx.reply(std::move(r));
    };
    if (!s.queries) {
        MetricsWriter writer;
        return render(writer);
    }
    ApiServices::query(s.queries, ctx, [render, figures, storeMetrics = s.storeMetrics](QueryExecutor::Connection &c) {
        MetricsWriter writer;
        figures->writeMetrics(c.db, *c.backend, writer);
        storeMetrics->write(c, writer);
        render(writer);
    });
}

} // namespace

void OpsRoutes::registerRoutes(ApiRouter &router, const ApiServices &services)
{
    const ApiServices s = services;
    router.add("GET", QStringLiteral("/api/conductor/workers"), Access::Viewer, [s](const RequestContext &ctx) { workers(s, ctx); })
        .summary(QStringLiteral("Workers"))
        .description(QStringLiteral("Every worker that polled this server (id, task types, domains, last poll, polls "
                                    "counted since the server started, tasks handed out, tasks in progress) and the "
                                    "local worker pool (kind local). Tasks in progress come from the store (a few ms "
                                    "behind the engine)."))
        .tag(kTag)
        .paged()
        .response(200, QStringLiteral("{totalHits, results: [worker], start, size}"));
    router.add("GET", QStringLiteral("/api/stats"), Access::Viewer, [s](const RequestContext &ctx) { stats(s, ctx); })
        .summary(QStringLiteral("Operating figures"))
        .description(QStringLiteral("Task success rate, average retries per task, DLQ depth, scheduled-job uptime, "
                                    "WebSocket p95 latency and breaker trip rate, each over 1 h and 24 h. A figure "
                                    "without data is null with a reason. Store figures are cached for 10 s."))
        .tag(kTag)
        .response(200, QStringLiteral("{generatedAt, windows, figures: {name: {unit, description, 1h: {value, reason?, detail?}, 24h: {...}}}}"));
    router.add("GET", QStringLiteral("/metrics"), Access::Viewer, [s](const RequestContext &ctx) { metrics(s, ctx); })
        .summary(QStringLiteral("Prometheus metrics"))
        .description(QStringLiteral("Text exposition format 0.0.4: HTTP requests by route, status and latency, tasks by "
                                    "type and status, retries, workflows, store writer counters, and whatever the "
                                    "other modules register (DLQ, breakers, scheduler, WebSocket)."))
        .tag(kTag)
        .response(200, QStringLiteral("metrics"), QStringLiteral("text/plain; version=0.0.4"));
}

} // namespace orrery
