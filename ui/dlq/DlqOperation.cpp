#include "DlqOperation.h"

#include "EngineClient.h"

#include <QJsonArray>
#include <QTimer>

namespace orrery {

namespace {

const QString kReplayPath = QStringLiteral("/api/dlq/replay");
const QString kPurgePath = QStringLiteral("/api/dlq/purge");

QString entryPath(const QString &id) { return QStringLiteral("/api/dlq/") + EngineClient::segment(id); }

QJsonObject resultRow(const QString &id, const QString &status, const QString &detail, const QString &taskType = {})
{
    QJsonObject o{{QStringLiteral("id"), id}, {QStringLiteral("status"), status}, {QStringLiteral("detail"), detail}};
    if (!taskType.isEmpty())
        o.insert(QStringLiteral("taskType"), taskType);
    return o;
}

} // namespace

DlqOperation::DlqOperation(EngineClient *client, Action action, Selection selection, double ratePerSecond, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_action(action)
    , m_selection(std::move(selection))
    , m_rate(ratePerSecond)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
}

DlqOperation::~DlqOperation() = default;

QJsonObject DlqOperation::dryRunBody() const
{
    QJsonObject body;
    if (!m_selection.ids.isEmpty()) {
        body.insert(QStringLiteral("ids"), QJsonArray::fromStringList(m_selection.ids));
        // A purge counts the selected entries whatever their status (a replay only DEAD ones).
        if (m_action == Action::Purge)
            body.insert(QStringLiteral("status"), QStringLiteral("ALL"));
    } else {
        body = bulkBody();
        body.remove(QStringLiteral("ratePerSecond"));
    }
    body.insert(QStringLiteral("dryRun"), true);
    return body;
}

QJsonObject DlqOperation::bulkBody() const
{
    QJsonObject body{{QStringLiteral("filter"), m_selection.filter}};
    QJsonObject criteria = m_selection.filter;
    criteria.remove(QStringLiteral("status"));
    // Nothing but a status narrows it: the server wants "all" said out loud.
    if (criteria.isEmpty())
        body.insert(QStringLiteral("all"), true);
    if (m_action == Action::Replay)
        body.insert(QStringLiteral("ratePerSecond"), m_rate);
    return body;
}

QString DlqOperation::curl() const
{
    if (!m_client)
        return {};
    if (m_selection.ids.isEmpty())
        return m_client->curlFor("POST", m_action == Action::Replay ? kReplayPath : kPurgePath, {}, bulkBody());
    QStringList lines;
    for (const QString &id : m_selection.ids)
        lines << (m_action == Action::Replay ? m_client->curlFor("POST", entryPath(id) + QStringLiteral("/replay"))
                                             : m_client->curlFor("DELETE", entryPath(id)));
    return lines.join(QLatin1Char('\n'));
}

void DlqOperation::dryRun()
{
    if (!m_client)
        return Q_EMIT failed(tr("Not connected to an engine."));
    QPointer<DlqOperation> self(this);
    m_client->call("POST", m_action == Action::Replay ? kReplayPath : kPurgePath, {}, dryRunBody(), [self](Result<QJsonValue> r) {
        if (!self)
            return;
        if (!r.ok())
            return Q_EMIT self->failed(r.error().message);
        Q_EMIT self->counted(r->toObject().value(QStringLiteral("matched")).toInt());
    });
}

void DlqOperation::run()
{
    if (!m_client)
        return Q_EMIT failed(tr("Not connected to an engine."));
    m_running = true;
    m_results.clear();
    QPointer<DlqOperation> self(this);
    if (!m_selection.ids.isEmpty()) {
        Q_EMIT progress(0, int(m_selection.ids.size()));
        connect(m_timer, &QTimer::timeout, this, &DlqOperation::sendNext);
        sendNext();
        return;
    }
    Q_EMIT progress(0, 0);
    if (m_action == Action::Purge) {
        m_client->call("POST", kPurgePath, {}, bulkBody(), [self](Result<QJsonValue> r) {
            if (!self || self->m_cancelled)
                return;
            if (!r.ok()) {
                self->m_running = false;
                return Q_EMIT self->failed(r.error().message);
            }
            const QJsonObject o = r->toObject();
            self->finish(tr("%1 of %2 matching entries purged.").arg(o.value(QStringLiteral("purged")).toInt())
                             .arg(o.value(QStringLiteral("matched")).toInt()));
        });
        return;
    }
    m_client->call("POST", kReplayPath, {}, bulkBody(), [self](Result<QJsonValue> r) {
        if (!self || self->m_cancelled)
            return;
        if (!r.ok()) {
            self->m_running = false;
            return Q_EMIT self->failed(r.error().message);
        }
        const QJsonObject o = r->toObject();
        self->m_jobTotal = o.value(QStringLiteral("matched")).toInt();
        self->m_jobId = o.value(QStringLiteral("jobId")).toString();
        if (self->m_jobId.isEmpty())
            return self->finish(tr("No DEAD entry matched the filter; nothing was replayed."));
        Q_EMIT self->progress(0, self->m_jobTotal);
        connect(self->m_timer, &QTimer::timeout, self, &DlqOperation::pollJob);
        self->m_timer->start(self->m_pollMs);
    });
}

void DlqOperation::sendNext()
{
    if (m_cancelled || !m_client)
        return;
    if (m_next >= m_selection.ids.size()) {
        const QString done = m_action == Action::Replay ? tr("%1 of %2 entries replayed, %3 failed.") : tr("%1 of %2 entries purged, %3 failed.");
        return finish(done.arg(m_succeeded).arg(m_selection.ids.size()).arg(m_failedCount));
    }
    const QString id = m_selection.ids.at(m_next++);
    QPointer<DlqOperation> self(this);
    auto done = [self, id](Result<QJsonValue> r) {
        if (!self || self->m_cancelled)
            return;
        QJsonObject entry;
        QJsonObject row;
        if (!r.ok()) {
            ++self->m_failedCount;
            row = resultRow(id, QStringLiteral("FAILED"), r.error().message);
        } else if (self->m_action == Action::Replay) {
            ++self->m_succeeded;
            entry = r->toObject().value(QStringLiteral("entry")).toObject();
            row = resultRow(id, QStringLiteral("REPLAYED"),
                            tr("new task %1").arg(r->toObject().value(QStringLiteral("newTaskId")).toString()),
                            entry.value(QStringLiteral("taskType")).toString());
        } else {
            ++self->m_succeeded;
            row = resultRow(id, QStringLiteral("PURGED"), QString());
        }
        self->m_results.append(row);
        Q_EMIT self->itemDone(row, entry);
        Q_EMIT self->progress(int(self->m_results.size()), int(self->m_selection.ids.size()));
        // Pacing: at most m_rate requests per second; 0 = the next as soon as this one answered.
        self->m_timer->start(self->m_rate > 0 ? int(1000.0 / self->m_rate) : 0);
    };
    if (m_action == Action::Replay)
        m_client->call("POST", entryPath(id) + QStringLiteral("/replay"), {}, {}, done);
    else
        m_client->call("DELETE", entryPath(id), {}, {}, done);
}

void DlqOperation::pollJob()
{
    if (m_cancelled || !m_client)
        return;
    QPointer<DlqOperation> self(this);
    m_client->get(QStringLiteral("/api/dlq/stats"), {}, [self](Result<QJsonValue> r) {
        if (!self || self->m_cancelled)
            return;
        if (!r.ok()) {
            self->m_running = false;
            return Q_EMIT self->failed(tr("Replay job %1 is running on the server, but its progress cannot be read: %2")
                                           .arg(self->m_jobId, r.error().message));
        }
        for (const QJsonValue &v : r->toObject().value(QStringLiteral("replayJobs")).toArray()) {
            const QJsonObject job = v.toObject();
            if (job.value(QStringLiteral("jobId")).toString() != self->m_jobId)
                continue;
            const int ok = job.value(QStringLiteral("succeeded")).toInt(), bad = job.value(QStringLiteral("failed")).toInt();
            Q_EMIT self->progress(ok + bad, job.value(QStringLiteral("total")).toInt(self->m_jobTotal));
            if (job.value(QStringLiteral("finished")).toBool()) {
                self->m_succeeded = ok;
                self->m_failedCount = bad;
                return self->finish(tr("Replay job %1: %2 of %3 entries replayed, %4 refused (each refusal is in its "
                                       "entry's replay history).")
                                        .arg(self->m_jobId).arg(ok).arg(self->m_jobTotal).arg(bad));
            }
        }
        self->m_timer->start(self->m_pollMs);
    });
}

void DlqOperation::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    m_timer->stop();
    if (!m_selection.ids.isEmpty()) {
        // A request already sent is not recalled; its answer is no longer waited for.
        const int inFlight = m_next - int(m_results.size());
        const int notSent = int(m_selection.ids.size()) - m_next;
        for (qsizetype i = m_next; i < m_selection.ids.size(); ++i)
            m_results.append(resultRow(m_selection.ids.at(i), QStringLiteral("NOT_SENT"), tr("cancelled before it was sent")));
        if (inFlight > 0)
            m_results.append(resultRow(m_selection.ids.at(m_next - 1), QStringLiteral("UNKNOWN"),
                                       tr("sent before the cancel; its answer was not waited for")));
        finish(tr("Cancelled: %1 done, %2 failed, %3 not sent.").arg(m_succeeded).arg(m_failedCount).arg(notSent));
        return;
    }
    if (!m_jobId.isEmpty())
        finish(tr("Stopped waiting. The server continues replay job %1; its progress is in GET /api/dlq/stats (replayJobs).").arg(m_jobId));
    else
        finish(tr("Stopped waiting. The server still completes the request that was sent."));
}

void DlqOperation::finish(const QString &summary)
{
    m_running = false;
    m_timer->stop();
    Q_EMIT finished(summary);
}

} // namespace orrery
