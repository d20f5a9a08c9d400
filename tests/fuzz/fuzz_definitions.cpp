// Fuzz target: the JSON codecs of what clients send as definitions and requests. Input: a request
// body, parsed the way the REST API parses bodies (api/JsonBody, depth limit 64); an object, or
// every object of an array (the bulk routes), goes through every codec: TaskDef, WorkflowDef,
// StartWorkflowRequest, TaskResult, the store's lenient Task / Workflow readers, JobCodec (job
// definitions and create options) and Trigger.
// Properties: nothing crashes; a refusal names its problem; what a codec accepts and writes back
// (the normalised form the server stores and echoes) is accepted again and normalises to itself,
// so a stored definition always loads after a restart.
#include "FuzzCheck.h"

#include "api/JsonBody.h"
#include "core/Requests.h"
#include "core/Task.h"
#include "core/TaskDef.h"
#include "core/Workflow.h"
#include "core/WorkflowDef.h"
#include "scheduler/JobCodec.h"
#include "scheduler/Trigger.h"

#include <QJsonDocument>

using namespace orrery;

namespace {

constexpr qint64 kNowMs = 1767225600000LL; // 2026-01-01T00:00:00Z

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)).left(600);
}

void refusalExplains(const Error &e, const QJsonObject &o)
{
    FUZZ_CHECK(!e.message.isEmpty() || !e.fieldErrors.isEmpty(), "a refusal names its problem: " + compact(o));
}

void taskDef(const QJsonObject &o)
{
    auto def = TaskDef::fromJson(o);
    if (!def.ok())
        return refusalExplains(def.error(), o);
    const QJsonObject stored = def->toJson();
    auto again = TaskDef::fromJson(stored);
    FUZZ_CHECK(again.ok(), "a stored TaskDef loads again: " + compact(stored)
                               + (again.ok() ? QString() : " : " + again.error().message));
    FUZZ_CHECK(again->toJson() == stored, "TaskDef normalisation is stable: " + compact(stored) + " -> "
                                              + compact(again->toJson()));
}

void workflowDef(const QJsonObject &o)
{
    auto def = WorkflowDef::fromJson(o);
    if (!def.ok())
        return refusalExplains(def.error(), o);
    const QJsonObject stored = def->toJson();
    auto again = WorkflowDef::fromJson(stored);
    FUZZ_CHECK(again.ok(), "a stored WorkflowDef loads again: " + compact(stored)
                               + (again.ok() ? QString() : " : " + again.error().message));
    FUZZ_CHECK(again->toJson() == stored, "WorkflowDef normalisation is stable: " + compact(stored) + " -> "
                                              + compact(again->toJson()));
    for (const WorkflowTask *t : def->allTasks())
        FUZZ_CHECK(def->findByRef(t->taskReferenceName) != nullptr, "every task is found by its ref");
    WorkflowDef copy = def.value();
    copy.computeSnapshotId();
    FUZZ_CHECK(!copy.snapshotId.isEmpty(), "a snapshot id");
}

void requests(const QJsonObject &o)
{
    auto start = StartWorkflowRequest::fromJson(o);
    if (!start.ok())
        refusalExplains(start.error(), o);
    auto result = taskResultFromJson(o);
    if (!result.ok())
        refusalExplains(result.error(), o);
    // The store's readers never fail; what they read writes back out.
    const Task task = Task::fromJson(o);
    (void)task.toJson();
    const Workflow workflow = Workflow::fromJson(o);
    (void)workflow.toJson({task});
}

void job(const QJsonObject &o)
{
    auto options = JobCodec::parseCreateOptions(o);
    if (!options.ok())
        refusalExplains(options.error(), o);
    auto trigger = Trigger::fromJson(o.value(QLatin1String("trigger")).toObject());
    if (trigger.ok()) {
        const QJsonObject stored = trigger.value()->toJson();
        auto again = Trigger::fromJson(stored);
        FUZZ_CHECK(again.ok(), "a stored trigger loads again: " + compact(stored)
                                   + (again.ok() ? QString() : " : " + again.error().message));
        FUZZ_CHECK(again.value()->toJson() == stored, "trigger normalisation is stable: " + compact(stored));
        (void)trigger.value()->describe();
        const std::optional<qint64> next = trigger.value()->nextFireAfter(kNowMs);
        FUZZ_CHECK(!next || *next > kNowMs, "a trigger fires after the instant asked: " + compact(stored));
    }
    auto def = JobCodec::parseDefinition(o, kNowMs);
    if (!def.ok())
        return refusalExplains(def.error(), o);
    if (def->id.isEmpty())
        def->id = QStringLiteral("job-1"); // the scheduler gives a job without an id one (Scheduler::add)
    const QJsonObject stored = JobCodec::definitionToJson(def.value());
    auto again = JobCodec::parseDefinition(stored, kNowMs);
    FUZZ_CHECK(again.ok(), "a stored job definition loads again: " + compact(stored)
                               + (again.ok() ? QString() : " : " + again.error().message));
    FUZZ_CHECK(JobCodec::definitionToJson(again.value()) == stored,
               "job normalisation is stable: " + compact(stored) + " -> "
                   + compact(JobCodec::definitionToJson(again.value())));
}

void everyCodec(const QJsonObject &o)
{
    taskDef(o);
    workflowDef(o);
    requests(o);
    job(o);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    auto body = JsonBody::parse(fuzz::bytes(data, size), 64);
    if (!body.ok()) {
        FUZZ_CHECK(!body.error().message.isEmpty(), "a refused body names its problem");
        return 0;
    }
    if (body->isObject())
        everyCodec(body->toObject());
    else if (body->isArray())
        for (const QJsonValue &v : body->toArray())
            if (v.isObject())
                everyCodec(v.toObject());
    return 0;
}
