#include "WorkersReport.h"

#include "WorkerTracker.h"

#include "workers/WorkerPool.h"
#include "workflow/EngineCore.h"

#include <QJsonObject>
#include <QSet>
#include <map>

namespace orrery {

namespace {

struct Worker
{
    QString kind = QStringLiteral("remote");
    QSet<QString> types;
    QSet<QString> domains;
    qint64 lastPoll = 0;
    std::optional<qint64> pollCount;
    std::optional<qint64> handedOut;
    TaskQueries::InFlight inFlight;
    QJsonObject pool;
};

QJsonArray sorted(const QSet<QString> &set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return QJsonArray::fromStringList(list);
}

} // namespace

QJsonArray WorkersReport::build(const QJsonArray &pollData, const WorkerTracker *tracker,
                                const QHash<QString, TaskQueries::InFlight> &inFlight, WorkerPool *pool)
{
    std::map<QString, Worker> workers;
    for (const QJsonValue &v : pollData) {
        const QJsonObject p = v.toObject();
        Worker &w = workers[p.value(QStringLiteral("workerId")).toString()];
        w.types.insert(p.value(QStringLiteral("queueName")).toString());
        if (const QString d = p.value(QStringLiteral("domain")).toString(); !d.isEmpty())
            w.domains.insert(d);
        w.lastPoll = qMax(w.lastPoll, qint64(p.value(QStringLiteral("lastPollTime")).toDouble()));
    }
    if (tracker) {
        for (const WorkerTracker::Entry &e : tracker->snapshot()) {
            Worker &w = workers[e.workerId];
            w.types.insert(e.taskType);
            if (!e.domain.isEmpty())
                w.domains.insert(e.domain);
            w.lastPoll = qMax(w.lastPoll, e.lastPollMs);
            w.pollCount = w.pollCount.value_or(0) + e.pollCount;
            w.handedOut = w.handedOut.value_or(0) + e.tasksHandedOut;
        }
    }
    for (auto it = inFlight.constBegin(); it != inFlight.constEnd(); ++it) {
        Worker &w = workers[it.key()];
        w.inFlight = it.value();
        for (auto t = it->byType.constBegin(); t != it->byType.constEnd(); ++t)
            w.types.insert(t.key());
    }
    const QString local = QString::fromLatin1(EngineCore::kLocalWorkerId);
    if (pool) {
        Worker &w = workers[local];
        w.pool = pool->stats();
        for (const QJsonValue &h : w.pool.value(QStringLiteral("handlers")).toArray())
            w.types.insert(h.toString());
    }
    if (workers.count(local))
        workers[local].kind = QStringLiteral("local");

    QJsonArray out;
    for (const auto &[id, w] : workers) {
        QJsonObject byType;
        for (auto t = w.inFlight.byType.constBegin(); t != w.inFlight.byType.constEnd(); ++t)
            byType.insert(t.key(), t.value());
        const bool isLocal = w.kind == QLatin1String("local");
        QJsonObject o{{QStringLiteral("workerId"), id},
                      {QStringLiteral("kind"), w.kind},
                      {QStringLiteral("taskTypes"), sorted(w.types)},
                      {QStringLiteral("domains"), sorted(w.domains)},
                      // Local workers are handed tasks directly; they never poll.
                      {QStringLiteral("lastPollTime"), isLocal || w.lastPoll == 0 ? QJsonValue() : QJsonValue(w.lastPoll)},
                      {QStringLiteral("pollCount"), isLocal || !w.pollCount ? QJsonValue() : QJsonValue(*w.pollCount)},
                      {QStringLiteral("tasksHandedOut"), isLocal || !w.handedOut ? QJsonValue() : QJsonValue(*w.handedOut)},
                      {QStringLiteral("inFlight"), isLocal && !w.pool.isEmpty()
                                                       ? w.pool.value(QStringLiteral("inFlight"))
                                                       : QJsonValue(w.inFlight.total)},
                      {QStringLiteral("inFlightByType"), byType}};
        if (!w.pool.isEmpty())
            o.insert(QStringLiteral("pool"), w.pool);
        out.append(o);
    }
    return out;
}

} // namespace orrery
