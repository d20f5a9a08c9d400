#include "scheduler/WorkflowRetention.h"

#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QAtomicInteger>
#include <QJsonArray>
#include <QSqlQuery>

namespace orrery {

namespace {

QString placeholders(qsizetype n)
{
    QStringList marks;
    marks.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        marks << QStringLiteral("?");
    return marks.join(QStringLiteral(", "));
}

Result<int> exec(QSqlDatabase &db, const SqlBackend &backend, const QString &sql, const QVariantList &args)
{
    return backend.execute(db, sql, args, QStringLiteral("cleanup: cannot purge finished executions"));
}

Result<QJsonObject> purgeOn(QSqlDatabase &db, const SqlBackend &backend, const QStringList &statuses, qint64 cutoffMs,
                            int batchSize)
{
    qint64 workflows = 0, tasks = 0, logs = 0;
    QVariantList statusArgs;
    for (const QString &s : statuses)
        statusArgs << s;
    const QString select = QStringLiteral("SELECT id FROM workflows WHERE status IN (%1) "
                                          "AND COALESCE(NULLIF(end_time, 0), update_time) < ? LIMIT %2")
                               .arg(placeholders(statuses.size()))
                               .arg(batchSize);
    for (;;) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(select);
        for (const QVariant &v : statusArgs)
            q.addBindValue(v);
        q.addBindValue(qlonglong(cutoffMs));
        if (!q.exec())
            return backend.queryError(QStringLiteral("cleanup: cannot find finished executions"), q);
        QVariantList ids;
        while (q.next())
            ids << q.value(0);
        q.finish();
        if (ids.isEmpty())
            break;
        const QString in = placeholders(ids.size());
        QSqlQuery begin(db);
        if (!begin.exec(backend.beginWriteSql()))
            return backend.queryError(QStringLiteral("cleanup: cannot start a transaction"), begin);
        auto l = exec(db, backend,
                      QStringLiteral("DELETE FROM task_logs WHERE task_id IN (SELECT id FROM tasks WHERE workflow_id IN (%1))")
                          .arg(in),
                      ids);
        auto t = l ? exec(db, backend, QStringLiteral("DELETE FROM tasks WHERE workflow_id IN (%1)").arg(in), ids) : l;
        auto w = t ? exec(db, backend, QStringLiteral("DELETE FROM workflows WHERE id IN (%1)").arg(in), ids) : t;
        QSqlQuery end(db);
        if (!w) {
            end.exec(QStringLiteral("ROLLBACK"));
            return w.error();
        }
        if (!end.exec(QStringLiteral("COMMIT")))
            return backend.queryError(QStringLiteral("cleanup: cannot commit"), end);
        logs += *l;
        tasks += *t;
        workflows += *w;
        if (ids.size() < batchSize)
            break;
    }
    return QJsonObject{{QStringLiteral("workflows"), double(workflows)},
                       {QStringLiteral("tasks"), double(tasks)},
                       {QStringLiteral("taskLogs"), double(logs)},
                       {QStringLiteral("cutoffMs"), double(cutoffMs)},
                       {QStringLiteral("statuses"), QJsonArray::fromStringList(statuses)}};
}

} // namespace

qint64 WorkflowRetention::retentionMs(const QJsonObject &input)
{
    const QJsonValue seconds = input.value(QStringLiteral("retentionSeconds"));
    if (seconds.isDouble())
        return qint64(seconds.toDouble()) * 1000;
    return qint64(input.value(QStringLiteral("retentionDays")).toInt(30)) * 86'400'000;
}

Result<QJsonObject> WorkflowRetention::purge(Store *store, const QStringList &statuses, qint64 cutoffMs, int batchSize)
{
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("orrery-cleanup-%1").arg(counter.fetchAndAddRelaxed(1));
    Result<QJsonObject> result = Error::internal(QStringLiteral("cleanup did not run"));
    {
        auto db = store->openModuleConnection(name);
        if (!db)
            return db.error();
        result = purgeOn(*db, store->backend(), statuses.isEmpty() ? defaultStatuses() : statuses, cutoffMs,
                         std::max(1, batchSize));
    }
    SqlBackend::closeConnection(name);
    return result;
}

} // namespace orrery
