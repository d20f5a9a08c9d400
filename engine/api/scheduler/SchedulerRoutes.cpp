#include "api/scheduler/SchedulerRoutes.h"

#include "api/ApiRouter.h"
#include "api/Paging.h"
#include "api/scheduler/SchedulerAccess.h"
#include "core/Clock.h"
#include "scheduler/CronExpression.h"
#include "scheduler/IsoDateTime.h"
#include "scheduler/JobCodec.h"
#include "scheduler/Scheduler.h"
#include "scheduler/ZoneParser.h"

#include <QJsonArray>
#include <algorithm>

namespace orrery {

namespace {

using Access_ = std::shared_ptr<SchedulerAccess>;

// Runs fn(scheduler) on the scheduler's thread; answers 503 when the scheduler is stopping.
void onScheduler(const Access_ &access, const RequestContext &ctx, std::function<void(Scheduler &)> fn)
{
    if (!access->post(std::move(fn)))
        ctx.replyError(Error::unavailable(QStringLiteral("The scheduler is stopping; try again later.")));
}

QJsonObject jobJson(const Scheduler &s, const Job &job)
{
    return JobCodec::jobToJson(job, s.plannedTime(job));
}

Error fieldError(const QString &path, const QString &message, const QJsonValue &value = {})
{
    return Error::invalid(QStringLiteral("%1: %2").arg(path, message), {FieldError{path, message, value}});
}

// Paged like every list of the API: {"totalHits", "results", "start", "size"}; ?state= filters.
void listJobs(const Access_ &access, const RequestContext &ctx)
{
    auto paging = Paging::fromQuery(ctx);
    if (!paging)
        return ctx.replyError(paging.error());
    const QStringList states = ctx.queryList(QStringLiteral("state"));
    static const QStringList known = {QStringLiteral("scheduled"), QStringLiteral("paused"), QStringLiteral("finished"),
                                      QStringLiteral("flagged")};
    for (const QString &state : states)
        if (!known.contains(state))
            return ctx.replyError(fieldError(QStringLiteral("state"),
                                             QStringLiteral("must be one of %1").arg(known.join(QStringLiteral(", "))), state));
    onScheduler(access, ctx, [ctx, paging = *paging, states](Scheduler &s) {
        QList<Job> jobs = s.jobs();
        std::sort(jobs.begin(), jobs.end(), [](const Job &a, const Job &b) { return a.id() < b.id(); });
        QJsonArray out;
        for (const Job &job : jobs)
            if (states.isEmpty() || states.contains(job.stateName()))
                out.append(jobJson(s, job));
        ctx.replyJson(paging.slice(out));
    });
}

void getJob(const Access_ &access, const RequestContext &ctx)
{
    auto limit = ctx.queryInt(QStringLiteral("runs"), 20);
    if (!limit)
        return ctx.replyError(limit.error());
    if (*limit < 0 || *limit > 1000)
        return ctx.replyError(fieldError(QStringLiteral("runs"), QStringLiteral("must be between 0 and 1000"), *limit));
    onScheduler(access, ctx, [ctx, id = ctx.param(QStringLiteral("id")), n = *limit](Scheduler &s) {
        auto job = s.job(id);
        if (!job)
            return ctx.replyError(job.error());
        auto runs = s.recentRuns(id, n);
        if (!runs)
            return ctx.replyError(runs.error());
        QJsonObject o = jobJson(s, *job);
        QJsonArray list;
        for (const JobRun &run : *runs)
            list.append(JobCodec::runToJson(run, job->def.displayZone()));
        o.insert(QStringLiteral("recentRuns"), list);
        ctx.replyJson(o);
    });
}

void createJob(const Access_ &access, const RequestContext &ctx, const Clock *clock)
{
    auto body = ctx.jsonObjectBody(QStringLiteral("a job definition"));
    if (!body)
        return ctx.replyError(body.error());
    auto def = JobCodec::parseDefinition(*body, clock->nowMs());
    if (!def)
        return ctx.replyError(def.error());
    auto options = JobCodec::parseCreateOptions(*body);
    if (!options)
        return ctx.replyError(options.error());
    onScheduler(access, ctx, [ctx, def = *def, options = *options](Scheduler &s) {
        auto job = s.addJob(def, options);
        if (!job)
            return ctx.replyError(job.error());
        ctx.replyJson(jobJson(s, *job));
    });
}

void updateJob(const Access_ &access, const RequestContext &ctx, const Clock *clock)
{
    auto body = ctx.jsonObjectBody(QStringLiteral("a job definition"));
    if (!body)
        return ctx.replyError(body.error());
    const QString id = ctx.param(QStringLiteral("id"));
    const QJsonValue bodyId = body->value(QStringLiteral("id"));
    if (!bodyId.isUndefined() && !bodyId.isNull() && bodyId.toString() != id)
        return ctx.replyError(fieldError(QStringLiteral("id"), QStringLiteral("must match the id in the path ('%1')").arg(id), bodyId));
    QJsonObject definition = *body;
    definition.remove(QStringLiteral("id"));
    for (const char *createOnly : {"paused", "nextRunTime"}) // state: use pause/resume
        definition.remove(QLatin1String(createOnly));
    auto def = JobCodec::parseDefinition(definition, clock->nowMs());
    if (!def)
        return ctx.replyError(def.error());
    onScheduler(access, ctx, [ctx, id, def = *def](Scheduler &s) {
        auto job = s.updateJob(id, def);
        if (!job)
            return ctx.replyError(job.error());
        ctx.replyJson(jobJson(s, *job));
    });
}

void removeJob(const Access_ &access, const RequestContext &ctx)
{
    onScheduler(access, ctx, [ctx, id = ctx.param(QStringLiteral("id"))](Scheduler &s) {
        auto r = s.removeJob(id);
        if (!r)
            return ctx.replyError(r.error());
        ctx.replyEmpty();
    });
}

void pauseJob(const Access_ &access, const RequestContext &ctx)
{
    onScheduler(access, ctx, [ctx, id = ctx.param(QStringLiteral("id"))](Scheduler &s) {
        auto job = s.pauseJob(id);
        if (!job)
            return ctx.replyError(job.error());
        ctx.replyJson(jobJson(s, *job));
    });
}

void resumeJob(const Access_ &access, const RequestContext &ctx)
{
    QString from = ctx.queryString(QStringLiteral("from"));
    if (from.isEmpty() && !ctx.request().body.trimmed().isEmpty()) {
        auto body = ctx.jsonObjectBody(QStringLiteral("resume options"));
        if (!body)
            return ctx.replyError(body.error());
        from = body->value(QStringLiteral("from")).toString();
    }
    if (from.isEmpty())
        from = QStringLiteral("missed");
    if (from != QLatin1String("missed") && from != QLatin1String("now"))
        return ctx.replyError(fieldError(QStringLiteral("from"),
                                         QStringLiteral("must be \"missed\" (overdue runs go through the misfire policy) or "
                                                        "\"now\" (skip them)"),
                                         from));
    const ResumeMode mode = from == QLatin1String("now") ? ResumeMode::FromNow : ResumeMode::HonourMissed;
    onScheduler(access, ctx, [ctx, mode, id = ctx.param(QStringLiteral("id"))](Scheduler &s) {
        auto job = s.resumeJob(id, mode);
        if (!job)
            return ctx.replyError(job.error());
        ctx.replyJson(jobJson(s, *job));
    });
}

void runJob(const Access_ &access, const RequestContext &ctx)
{
    onScheduler(access, ctx, [ctx, id = ctx.param(QStringLiteral("id"))](Scheduler &s) {
        auto run = s.runNow(id);
        if (!run)
            return ctx.replyError(run.error());
        auto job = s.job(id);
        ctx.replyJson(JobCodec::runToJson(*run, job ? job->def.displayZone() : QTimeZone(QByteArrayLiteral("UTC"))));
    });
}

void preview(const RequestContext &ctx, const Clock *clock)
{
    const QString expr = ctx.queryString(QStringLiteral("expr"));
    const QString tz = ctx.queryString(QStringLiteral("tz"), QStringLiteral("UTC"));
    QList<FieldError> errors;
    auto parsed = CronExpression::parse(expr);
    if (!parsed)
        errors.append(FieldError{QStringLiteral("expr"), parsed.error().message, expr});
    auto zone = ZoneParser::parse(tz);
    if (!zone)
        errors.append(FieldError{QStringLiteral("tz"), zone.error().message, tz});
    auto count = ctx.queryInt(QStringLiteral("count"), 5);
    if (!count || *count < 1 || *count > 100)
        errors.append(FieldError{QStringLiteral("count"), QStringLiteral("must be a whole number between 1 and 100"),
                                 ctx.queryString(QStringLiteral("count"))});
    qint64 from = clock->nowMs();
    if (const QString f = ctx.queryString(QStringLiteral("from")); !f.isEmpty() && zone) {
        auto t = IsoDateTime::parse(f, *zone);
        if (!t)
            errors.append(FieldError{QStringLiteral("from"), t.error().message, f});
        else
            from = *t;
    }
    if (!errors.isEmpty()) {
        const FieldError &first = errors.first();
        return ctx.replyError(Error::invalid(QStringLiteral("%1: %2").arg(first.path, first.message), errors));
    }
    QJsonArray times;
    for (qint64 ms : parsed->nextN(from, *zone, *count))
        times.append(IsoDateTime::format(ms, *zone));
    ctx.replyJson(QJsonObject{{QStringLiteral("valid"), true},
                              {QStringLiteral("expression"), parsed->text()},
                              {QStringLiteral("timezone"), ZoneParser::canonicalName(*zone)},
                              {QStringLiteral("description"), parsed->describe()},
                              {QStringLiteral("dstClass"), parsed->isWildcard() ? QStringLiteral("wildcard")
                                                                                 : QStringLiteral("fixed-time")},
                              {QStringLiteral("neverFires"), times.isEmpty()},
                              {QStringLiteral("from"), IsoDateTime::format(from, *zone)},
                              {QStringLiteral("nextFireTimes"), times}});
}

} // namespace

void SchedulerRoutes::registerRoutes(ApiRouter &router, std::shared_ptr<SchedulerAccess> access, const Clock *clock)
{
    const QString jobs = QStringLiteral("/api/scheduler/jobs");
    const QString one = QStringLiteral("/api/scheduler/jobs/{id}");
    const QString tag = QStringLiteral("scheduler");
    router.add("GET", jobs, Access::Viewer, [access](const RequestContext &ctx) { listJobs(access, ctx); })
        .summary(QStringLiteral("List scheduled jobs with their next run times (paged)")).tag(tag);
    router.add("POST", jobs, Access::Admin, [access, clock](const RequestContext &ctx) { createJob(access, ctx, clock); })
        .summary(QStringLiteral("Create a job (trigger, target workflow, misfire/coalesce/maxInstances/jitter)")).tag(tag);
    router.add("GET", one, Access::Viewer, [access](const RequestContext &ctx) { getJob(access, ctx); })
        .summary(QStringLiteral("Get a job with its recent runs")).tag(tag);
    router.add("PUT", one, Access::Admin, [access, clock](const RequestContext &ctx) { updateJob(access, ctx, clock); })
        .summary(QStringLiteral("Update or reschedule a job")).tag(tag);
    router.add("DELETE", one, Access::Admin, [access](const RequestContext &ctx) { removeJob(access, ctx); })
        .summary(QStringLiteral("Delete a job")).tag(tag);
    router.add("POST", one + QStringLiteral("/pause"), Access::Operator,
               [access](const RequestContext &ctx) { pauseJob(access, ctx); })
        .summary(QStringLiteral("Pause a job")).tag(tag);
    router.add("POST", one + QStringLiteral("/resume"), Access::Operator,
               [access](const RequestContext &ctx) { resumeJob(access, ctx); })
        .summary(QStringLiteral("Resume a job, honouring missed runs or from now")).tag(tag);
    router.add("POST", one + QStringLiteral("/run"), Access::Operator,
               [access](const RequestContext &ctx) { runJob(access, ctx); })
        .summary(QStringLiteral("Run a job now")).tag(tag);
    router.add("GET", QStringLiteral("/api/scheduler/preview"), Access::Viewer,
               [clock](const RequestContext &ctx) { preview(ctx, clock); })
        .summary(QStringLiteral("Validate a cron rule: description and next fire times (expr, tz, count)")).tag(tag);
}

} // namespace orrery
