#include "scheduler/JobCodec.h"

#include "scheduler/IsoDateTime.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <cmath>

namespace orrery {

namespace {

class Errors
{
public:
    void add(const QString &path, const QString &message, const QJsonValue &value = {})
    {
        m_list.append(FieldError{path, message, value});
    }
    bool empty() const { return m_list.isEmpty(); }
    Error error() const
    {
        const FieldError &f = m_list.first();
        QString msg = QStringLiteral("%1: %2").arg(f.path, f.message);
        if (m_list.size() > 1)
            msg += QStringLiteral(" (and %1 more problem%2)").arg(m_list.size() - 1).arg(m_list.size() > 2 ? "s" : "");
        return Error::invalid(msg, m_list);
    }

private:
    QList<FieldError> m_list;
};

std::optional<qint64> wholeNumber(const QJsonValue &v, qint64 min, qint64 max)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d != std::floor(d) || d < double(min) || d > double(max))
        return std::nullopt;
    return qint64(d);
}

std::optional<qint64> instant(const QJsonObject &json, const QString &key, const QString &path, Errors &errors)
{
    auto r = Trigger::instantField(json, key, false);
    if (!r) {
        errors.add(path, r.error().fieldErrors.isEmpty() ? r.error().message : r.error().fieldErrors.first().message
                                                                                   .section(QStringLiteral(": "), 1),
                   json.value(key));
        return std::nullopt;
    }
    return *r;
}

const QSet<QString> &knownKeys()
{
    static const QSet<QString> keys = {
        // definition
        QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("trigger"),
        QStringLiteral("target"), QStringLiteral("misfireGraceSeconds"), QStringLiteral("coalesce"),
        QStringLiteral("maxInstances"), QStringLiteral("jitterSeconds"), QStringLiteral("startDate"),
        QStringLiteral("endDate"),
        // create options
        QStringLiteral("paused"), QStringLiteral("nextRunTime"),
        // read-only state a client may send back from a GET
        QStringLiteral("state"), QStringLiteral("nextRunTimeMs"), QStringLiteral("plannedRunTime"),
        QStringLiteral("lastRunTime"), QStringLiteral("lastRunTimeMs"), QStringLiteral("revision"),
        QStringLiteral("createTime"), QStringLiteral("updateTime"), QStringLiteral("triggerDescription"),
        QStringLiteral("error"), QStringLiteral("recentRuns")};
    return keys;
}

void parseTarget(const QJsonValue &value, JobTarget &target, Errors &errors)
{
    if (!value.isObject()) {
        errors.add(QStringLiteral("target"), QStringLiteral("is required: an object such as {\"name\": \"my_workflow\"}"),
                   value);
        return;
    }
    const QJsonObject o = value.toObject();
    const QJsonValue type = o.value(QStringLiteral("type"));
    if (type.isUndefined() || type.isNull() || type.toString() == QLatin1String("workflow"))
        target.kind = JobTarget::Kind::Workflow;
    else if (type.toString() == QLatin1String("builtin"))
        target.kind = JobTarget::Kind::Builtin;
    else
        errors.add(QStringLiteral("target.type"), QStringLiteral("must be \"workflow\" or \"builtin\""), type);

    const QJsonValue name = o.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty())
        errors.add(QStringLiteral("target.name"),
                   target.kind == JobTarget::Kind::Builtin
                       ? QStringLiteral("is required: one of %1").arg(JobCodec::builtinActions().join(QStringLiteral(", ")))
                       : QStringLiteral("is required: the name of the workflow to start"),
                   name);
    else if (target.kind == JobTarget::Kind::Builtin && !JobCodec::builtinActions().contains(name.toString()))
        errors.add(QStringLiteral("target.name"),
                   QStringLiteral("unknown built-in action '%1' (known: %2)")
                       .arg(name.toString(), JobCodec::builtinActions().join(QStringLiteral(", "))),
                   name);
    target.name = name.toString().trimmed();

    const QJsonValue version = o.value(QStringLiteral("version"));
    if (!version.isUndefined() && !version.isNull()) {
        const auto v = wholeNumber(version, 1, 1'000'000'000);
        if (!v)
            errors.add(QStringLiteral("target.version"), QStringLiteral("must be a positive whole number (or null for the latest)"),
                       version);
        else
            target.version = int(*v);
    }
    const QJsonValue input = o.value(QStringLiteral("input"));
    if (!input.isUndefined() && !input.isNull() && !input.isObject())
        errors.add(QStringLiteral("target.input"), QStringLiteral("must be a JSON object"), input);
    target.input = input.toObject();
    if (target.kind == JobTarget::Kind::Builtin) {
        const QJsonValue days = target.input.value(QStringLiteral("retentionDays"));
        if (!days.isUndefined() && !wholeNumber(days, 1, 36500))
            errors.add(QStringLiteral("target.input.retentionDays"), QStringLiteral("must be a whole number of days, 1-36500"),
                       days);
        const QJsonValue seconds = target.input.value(QStringLiteral("retentionSeconds"));
        if (!seconds.isUndefined() && !wholeNumber(seconds, 1, qint64(36500) * 86400))
            errors.add(QStringLiteral("target.input.retentionSeconds"),
                       QStringLiteral("must be a whole number of seconds, 1-3153600000"), seconds);
        else if (!seconds.isUndefined() && !days.isUndefined())
            errors.add(QStringLiteral("target.input.retentionSeconds"),
                       QStringLiteral("give retentionSeconds or retentionDays, not both"), seconds);
        const QJsonValue statuses = target.input.value(QStringLiteral("statuses"));
        static const QStringList terminal = {QStringLiteral("COMPLETED"), QStringLiteral("FAILED"),
                                             QStringLiteral("TIMED_OUT"), QStringLiteral("TERMINATED")};
        if (!statuses.isUndefined()) {
            bool ok = statuses.isArray() && !statuses.toArray().isEmpty();
            for (const QJsonValue &s : statuses.toArray())
                ok = ok && terminal.contains(s.toString());
            if (!ok)
                errors.add(QStringLiteral("target.input.statuses"),
                           QStringLiteral("must be a non-empty list of %1").arg(terminal.join(QStringLiteral(", "))), statuses);
        }
    }
    const QJsonValue priority = o.value(QStringLiteral("priority"));
    if (!priority.isUndefined() && !priority.isNull()) {
        const auto p = wholeNumber(priority, 0, 99);
        if (!p)
            errors.add(QStringLiteral("target.priority"), QStringLiteral("must be a whole number between 0 and 99"), priority);
        else
            target.priority = int(*p);
    }
    const QJsonValue project = o.value(QStringLiteral("projectId"));
    if (!project.isUndefined() && !project.isNull() && !project.isString())
        errors.add(QStringLiteral("target.projectId"), QStringLiteral("must be a string"), project);
    target.projectId = project.toString();
}

QJsonValue isoOrNull(const std::optional<qint64> &ms, const QTimeZone &zone)
{
    return ms ? QJsonValue(IsoDateTime::format(*ms, zone)) : QJsonValue(QJsonValue::Null);
}

QJsonValue msOrNull(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(double(*ms)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QStringList JobCodec::builtinActions()
{
    return {QStringLiteral("cleanup")};
}

bool JobCodec::isValidId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    return re.match(id).hasMatch();
}

Result<JobDefinition> JobCodec::parseDefinition(const QJsonObject &json, qint64 nowMs)
{
    Errors errors;
    JobDefinition def;
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!knownKeys().contains(it.key()))
            errors.add(it.key(), QStringLiteral("unknown field"), it.value());

    const QJsonValue id = json.value(QStringLiteral("id"));
    if (!id.isUndefined() && !id.isNull()) {
        if (!id.isString() || !isValidId(id.toString()))
            errors.add(QStringLiteral("id"),
                       QStringLiteral("must be 1-64 characters: letters, digits, '_', '.', '-', starting with a letter or digit"), id);
        def.id = id.toString();
    }
    const QJsonValue name = json.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty() || name.toString().size() > 200)
        errors.add(QStringLiteral("name"), QStringLiteral("is required: a non-empty string of at most 200 characters"), name);
    def.name = name.toString().trimmed();
    const QJsonValue description = json.value(QStringLiteral("description"));
    if (!description.isUndefined() && !description.isNull() && !description.isString())
        errors.add(QStringLiteral("description"), QStringLiteral("must be a string"), description);
    def.description = description.toString();

    const QJsonValue trigger = json.value(QStringLiteral("trigger"));
    if (!trigger.isObject()) {
        errors.add(QStringLiteral("trigger"),
                   QStringLiteral("is required: an object such as {\"type\": \"cron\", \"expression\": \"30 2 * * *\"}"), trigger);
    } else {
        QJsonObject t = trigger.toObject();
        if (t.value(QStringLiteral("type")).toString() == QLatin1String("interval") && !t.contains(QStringLiteral("start")))
            t.insert(QStringLiteral("start"), IsoDateTime::formatUtc(nowMs));
        auto parsed = Trigger::fromJson(t);
        if (!parsed) {
            for (const FieldError &f : parsed.error().fieldErrors)
                errors.add(QStringLiteral("trigger.") + f.path, f.message.section(QStringLiteral(": "), 1), f.invalidValue);
            if (parsed.error().fieldErrors.isEmpty())
                errors.add(QStringLiteral("trigger"), parsed.error().message, trigger);
        } else {
            def.trigger = std::shared_ptr<const Trigger>(std::move(parsed).value());
        }
    }
    parseTarget(json.value(QStringLiteral("target")), def.target, errors);

    const QJsonValue grace = json.value(QStringLiteral("misfireGraceSeconds"));
    if (grace.isNull()) {
        def.misfireGraceSeconds.reset();
    } else if (!grace.isUndefined()) {
        const auto g = wholeNumber(grace, 0, 366 * 86400);
        if (!g)
            errors.add(QStringLiteral("misfireGraceSeconds"),
                       QStringLiteral("must be a whole number of seconds (0-31622400), or null for no limit"), grace);
        else
            def.misfireGraceSeconds = int(*g);
    }
    const QJsonValue coalesce = json.value(QStringLiteral("coalesce"));
    if (!coalesce.isUndefined()) {
        const auto c = parseCoalesce(coalesce.toString());
        if (!coalesce.isString() || !c)
            errors.add(QStringLiteral("coalesce"), QStringLiteral("must be \"latest\", \"earliest\" or \"all\""), coalesce);
        else
            def.coalesce = *c;
    }
    const QJsonValue maxInstances = json.value(QStringLiteral("maxInstances"));
    if (!maxInstances.isUndefined()) {
        const auto m = wholeNumber(maxInstances, 0, 10000);
        if (!m)
            errors.add(QStringLiteral("maxInstances"), QStringLiteral("must be a whole number 0-10000 (0 = unlimited)"),
                       maxInstances);
        else
            def.maxInstances = int(*m);
    }
    const QJsonValue jitter = json.value(QStringLiteral("jitterSeconds"));
    if (!jitter.isUndefined() && !jitter.isNull()) {
        const double j = jitter.toDouble(-1);
        if (!jitter.isDouble() || !std::isfinite(j) || j < 0 || j > 86400)
            errors.add(QStringLiteral("jitterSeconds"), QStringLiteral("must be a number of seconds between 0 and 86400"), jitter);
        else
            def.jitterMs = qint64(std::llround(j * 1000));
    }
    def.startMs = instant(json, QStringLiteral("startDate"), QStringLiteral("startDate"), errors);
    def.endMs = instant(json, QStringLiteral("endDate"), QStringLiteral("endDate"), errors);
    if (def.startMs && def.endMs && *def.endMs < *def.startMs)
        errors.add(QStringLiteral("endDate"), QStringLiteral("must not be before startDate"), json.value(QStringLiteral("endDate")));
    if (!errors.empty())
        return errors.error();
    return def;
}

Result<JobCreateOptions> JobCodec::parseCreateOptions(const QJsonObject &json)
{
    Errors errors;
    JobCreateOptions options;
    const QJsonValue paused = json.value(QStringLiteral("paused"));
    if (!paused.isUndefined() && !paused.isBool())
        errors.add(QStringLiteral("paused"), QStringLiteral("must be true or false"), paused);
    options.paused = paused.toBool(false);
    options.nextRunTimeMs = instant(json, QStringLiteral("nextRunTime"), QStringLiteral("nextRunTime"), errors);
    if (!errors.empty())
        return errors.error();
    return options;
}

QJsonObject JobCodec::definitionToJson(const JobDefinition &def)
{
    QJsonObject target{{QStringLiteral("type"), def.target.kind == JobTarget::Kind::Builtin ? QStringLiteral("builtin")
                                                                                             : QStringLiteral("workflow")},
                       {QStringLiteral("name"), def.target.name},
                       {QStringLiteral("input"), def.target.input}};
    target.insert(QStringLiteral("version"), def.target.version ? QJsonValue(*def.target.version) : QJsonValue());
    if (def.target.priority)
        target.insert(QStringLiteral("priority"), def.target.priority);
    if (!def.target.projectId.isEmpty())
        target.insert(QStringLiteral("projectId"), def.target.projectId);
    const QTimeZone utc(QByteArrayLiteral("UTC"));
    return QJsonObject{
        {QStringLiteral("id"), def.id},
        {QStringLiteral("name"), def.name},
        {QStringLiteral("description"), def.description},
        {QStringLiteral("trigger"), def.trigger ? def.trigger->toJson() : QJsonObject()},
        {QStringLiteral("target"), target},
        {QStringLiteral("misfireGraceSeconds"), def.misfireGraceSeconds ? QJsonValue(*def.misfireGraceSeconds) : QJsonValue()},
        {QStringLiteral("coalesce"), coalesceName(def.coalesce)},
        {QStringLiteral("maxInstances"), def.maxInstances},
        {QStringLiteral("jitterSeconds"), double(def.jitterMs) / 1000.0},
        {QStringLiteral("startDate"), def.startMs ? QJsonValue(IsoDateTime::formatUtc(*def.startMs)) : QJsonValue()},
        {QStringLiteral("endDate"), def.endMs ? QJsonValue(IsoDateTime::formatUtc(*def.endMs)) : QJsonValue()},
    };
}

QJsonObject JobCodec::storedForm(const Job &job)
{
    return job.flagged() ? job.storedDefinition : definitionToJson(job.def);
}

QJsonObject JobCodec::jobToJson(const Job &job, qint64 nextPlannedMs)
{
    const QTimeZone zone = job.def.displayZone();
    QJsonObject o = job.flagged() ? job.storedDefinition : definitionToJson(job.def);
    if (job.flagged()) {
        o.insert(QStringLiteral("id"), job.id());
        o.insert(QStringLiteral("error"), job.loadError);
    } else if (job.def.trigger) {
        o.insert(QStringLiteral("triggerDescription"), job.def.trigger->describe());
    }
    o.insert(QStringLiteral("paused"), job.paused);
    o.insert(QStringLiteral("state"), job.stateName());
    o.insert(QStringLiteral("nextRunTime"), isoOrNull(job.nextFireMs, zone));
    o.insert(QStringLiteral("nextRunTimeMs"), msOrNull(job.nextFireMs));
    if (job.nextFireMs && nextPlannedMs != *job.nextFireMs)
        o.insert(QStringLiteral("plannedRunTime"), IsoDateTime::format(nextPlannedMs, zone));
    o.insert(QStringLiteral("lastRunTime"), isoOrNull(job.lastFireMs, zone));
    o.insert(QStringLiteral("lastRunTimeMs"), msOrNull(job.lastFireMs));
    o.insert(QStringLiteral("revision"), double(job.revision));
    o.insert(QStringLiteral("createTime"), double(job.createdMs));
    o.insert(QStringLiteral("updateTime"), double(job.updatedMs));
    return o;
}

QJsonObject JobCodec::runToJson(const JobRun &run, const QTimeZone &zone)
{
    QJsonObject o{{QStringLiteral("runId"), run.runId},
                  {QStringLiteral("jobId"), run.jobId},
                  {QStringLiteral("status"), JobRun::statusName(run.status)},
                  {QStringLiteral("manual"), run.manual},
                  {QStringLiteral("scheduledTime"), IsoDateTime::format(run.scheduledMs, zone)},
                  {QStringLiteral("scheduledTimeMs"), double(run.scheduledMs)},
                  {QStringLiteral("plannedTimeMs"), double(run.plannedMs)},
                  {QStringLiteral("firedTimeMs"), msOrNull(run.firedMs)},
                  {QStringLiteral("endTimeMs"), msOrNull(run.endedMs)},
                  {QStringLiteral("workflowId"), run.workflowId},
                  {QStringLiteral("instance"), run.instanceId}};
    if (!run.reason.isEmpty())
        o.insert(QStringLiteral("reason"), run.reason);
    if (run.count > 1) {
        o.insert(QStringLiteral("count"), run.count);
        o.insert(QStringLiteral("lastScheduledTime"), IsoDateTime::format(run.lastScheduledMs, zone));
    }
    if (!run.detail.isEmpty())
        o.insert(QStringLiteral("detail"), run.detail);
    return o;
}

} // namespace orrery
