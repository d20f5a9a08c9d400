#include "EngineCore.h"

#include <QMutex>
#include <vector>

// EngineCore's bulk workflow actions (Conductor's /api/workflow/bulk/...): the action runs for
// every id in one pass on the engine thread, so their writes share the store's batches; the
// answer lists each id as a success or with its error, in the order of the request.

namespace orrery {

namespace {

struct BulkState
{
    QMutex mutex;
    QStringList ids;
    std::vector<std::optional<QString>> errors; // per id; none = success
    int pending = 0;
    Reply<BulkResponse> reply;

    // Replies come back on the engine thread or on the store's writer thread (after commit).
    void done(int index, const Result<void> &r)
    {
        bool last = false;
        {
            QMutexLocker lock(&mutex);
            if (index >= 0 && !r.ok())
                errors[size_t(index)] = r.error().message;
            last = --pending == 0;
        }
        if (!last)
            return;
        BulkResponse out;
        for (int i = 0; i < ids.size(); ++i) {
            if (errors[size_t(i)])
                out.errors.append({ids[i], *errors[size_t(i)]});
            else
                out.successful.append(ids[i]);
        }
        reply(out);
    }
};

} // namespace

void EngineCore::bulk(BulkAction action, const QStringList &workflowIds, const BulkOptions &options,
                      Reply<BulkResponse> reply)
{
    auto state = std::make_shared<BulkState>();
    for (const QString &id : workflowIds)
        if (!state->ids.contains(id)) // a repeated id is acted on once
            state->ids.append(id);
    state->errors.resize(size_t(state->ids.size()));
    state->pending = int(state->ids.size()) + 1; // +1: held until every action was started
    state->reply = std::move(reply);
    for (int i = 0; i < state->ids.size(); ++i) {
        const QString &id = state->ids[i];
        Reply<void> done = [state, i](Result<void> r) { state->done(i, r); };
        switch (action) {
        case BulkAction::Pause: pauseWorkflow(id, std::move(done)); break;
        case BulkAction::Resume: resumeWorkflow(id, std::move(done)); break;
        case BulkAction::Retry: retryWorkflow(id, std::move(done)); break;
        case BulkAction::Restart: restartWorkflow(id, options.useLatestDefinitions, std::move(done)); break;
        case BulkAction::Terminate: terminateWorkflow(id, options.reason, std::move(done)); break;
        }
    }
    state->done(-1, Result<void>());
}

} // namespace orrery
