#include "WorkflowRetry.h"

#include "RequestContext.h"

#include "workflow/Engine.h"

#include <QHash>
#include <QJsonArray>
#include <memory>

namespace orrery {

namespace {

bool retryable(const QString &status)
{
    return status == QLatin1String("FAILED") || status == QLatin1String("FAILED_WITH_TERMINAL_ERROR") ||
        status == QLatin1String("TIMED_OUT") || status == QLatin1String("CANCELED");
}

// Replays refs[index..] one after the other, then answers 204.
void replayFrom(Engine *engine, RequestContext ctx, QString workflowId, std::shared_ptr<const QStringList> refs, int index)
{
    if (index >= refs->size())
        return ctx.replyNoContent();
    engine->replayTask(workflowId, refs->at(index), [engine, ctx, workflowId, refs, index](Result<QString> r) {
        if (!r.ok()) {
            const Error e = r.error();
            return ctx.replyError(Error{e.kind,
                                        index == 0 ? e.message
                                                   : QStringLiteral("%1 (the tasks before '%2' were retried)")
                                                         .arg(e.message, refs->at(index)),
                                        e.fieldErrors});
        }
        replayFrom(engine, ctx, workflowId, refs, index + 1);
    });
}

} // namespace

QStringList WorkflowRetry::retryableRefs(const QJsonObject &workflow)
{
    QHash<QString, QJsonObject> latest;
    QStringList order;
    for (const QJsonValue &v : workflow.value(QStringLiteral("tasks")).toArray()) {
        const QJsonObject t = v.toObject();
        const QString ref = t.value(QStringLiteral("referenceTaskName")).toString();
        if (ref.isEmpty())
            continue;
        auto it = latest.find(ref);
        if (it == latest.end() || t.value(QStringLiteral("seq")).toInt() >= it->value(QStringLiteral("seq")).toInt()) {
            latest.insert(ref, t);
            order.removeOne(ref);
            order.append(ref);
        }
    }
    QStringList refs;
    for (const QString &ref : order) {
        if (retryable(latest.value(ref).value(QStringLiteral("status")).toString()))
            refs.append(ref);
    }
    return refs;
}

void WorkflowRetry::run(Engine *engine, const RequestContext &ctx, const QJsonObject &workflow)
{
    const QString id = workflow.value(QStringLiteral("workflowId")).toString();
    const QString status = workflow.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("RUNNING") || status == QLatin1String("PAUSED"))
        return ctx.replyError(409, QStringLiteral("Workflow is still running.  status=%1; only a finished workflow can be "
                                                  "retried.").arg(status));
    auto refs = std::make_shared<const QStringList>(retryableRefs(workflow));
    if (refs->isEmpty())
        return ctx.replyError(409, QStringLiteral("There are no retryable tasks! Workflow %1 is %2 and no task reference "
                                                  "ended FAILED, FAILED_WITH_TERMINAL_ERROR, TIMED_OUT or CANCELED.")
                                       .arg(id, status));
    replayFrom(engine, ctx, id, refs, 0);
}

} // namespace orrery
