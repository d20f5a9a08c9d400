#include "PopulatedStore.h"

#include "StoreTestData.h"
#include "api/AuditLog.h"
#include "recovery/DlqReconciler.h"
#include "recovery/BreakerTable.h"
#include "recovery/DlqTable.h"
#include "scheduler/JobCodec.h"
#include "scheduler/SqlJobStore.h"
#include "store/RowChecksum.h"
#include "store/SqlBackend.h"
#include "store/StoreSchema.h"
#include "store/TableScan.h"

#include <QCryptographicHash>
#include <QSqlQuery>

#include <functional>

namespace orrery::test {

namespace {

constexpr qint64 kT0 = 1'704'844'800'000; // 2024-01-10T00:00:00Z

// Runs `work` on a connection of its own to the database of `url`.
template<typename T>
Result<T> withConnection(const QString &url, const std::function<Result<T>(QSqlDatabase &, const SqlBackend &)> &work)
{
    Result<StoreUrl> parsed = StoreUrl::parse(url);
    if (!parsed)
        return parsed.error();
    const std::unique_ptr<SqlBackend> backend = SqlBackend::create(parsed.value());
    const QString name = QStringLiteral("populated-store-%1").arg(quintptr(&url), 0, 16);
    Result<T> result = Error::internal(QString());
    {
        Result<QSqlDatabase> db = backend->openConnection(name, QStringLiteral("test"));
        if (!db)
            return db.error();
        result = work(db.value(), *backend);
    }
    SqlBackend::closeConnection(name);
    return result;
}

Job job(const QString &id, qint64 next)
{
    const QJsonObject json{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), id},
        {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")},
                                                {QStringLiteral("expression"), QStringLiteral("30 2 * * *")},
                                                {QStringLiteral("timezone"), QStringLiteral("Europe/Berlin")}}},
        {QStringLiteral("target"), QJsonObject{{QStringLiteral("name"), QStringLiteral("order_fulfilment")},
                                               {QStringLiteral("input"), QJsonObject{{QStringLiteral("k"), QStringLiteral("v\u00e9")}}}}}};
    Job j;
    j.def = JobCodec::parseDefinition(json, kT0).value();
    j.nextFireMs = next;
    j.createdMs = j.updatedMs = kT0;
    return j;
}

DeadLetterEntry deadLetter(const QString &id, const QString &workflowId, int n)
{
    Task t = makeTask(id + QStringLiteral("-t"), workflowId, 90 + n, TaskStatus::Failed);
    t.referenceTaskName = QStringLiteral("dead_%1").arg(n);
    t.endTime = kT0 + n;
    t.reasonForIncompletion = QStringLiteral("HTTP 503 \u00fcberlastet");
    return DeadLetterEntry::create(id, DeadLetterInput{t, {t}, QStringLiteral("RETRIES_EXHAUSTED"), t.reasonForIncompletion},
                                   kT0 + n, 256);
}

Result<void> fillModules(Store &store, const QString &prefix, const QString &workflowId)
{
    const QString connection = QStringLiteral("populated-store-modules");
    Result<void> result;
    {
        Result<QSqlDatabase> db = store.openModuleConnection(connection);
        if (!db)
            return db.error();
        DlqTable dlq(db.value(), store.backend());
        for (int i = 0; i < 3 && result; ++i)
            result = dlq.save(deadLetter(prefix + QStringLiteral("dlq-%1").arg(i), workflowId, i));
        if (result)
            result = dlq.addToCounter(QStringLiteral("dead_lettered"), 3);
        if (result) // dlq_state: the reconciliation's fence of operator removals
            result = DlqReconciler(db.value(), store.backend(), &store, &dlq).fenceRemovals(kT0);
        BreakerTable breakers(db.value(), store.backend());
        for (int i = 0; i < 2 && result; ++i) {
            BreakerSnapshot s;
            s.name = prefix + QStringLiteral("http:h%1.example").arg(i);
            s.state = i == 0 ? QStringLiteral("OPEN") : QStringLiteral("FORCED_OPEN");
            s.openedAtMs = s.stateSinceMs = s.savedAtMs = kT0 + i;
            s.counters.trips = 1;
            s.counters.lastFailureMs = kT0;
            s.counters.lastFailureMessage = QStringLiteral("HTTP 503 \u00fcberlastet");
            result = breakers.saveState(s);
            if (result)
                result = breakers.addTrip(s.name, kT0 + i);
        }
        QList<AuditEntry> audit;
        for (int i = 0; i < 4; ++i) {
            AuditEntry e;
            e.timeMs = kT0 + i;
            e.actorId = prefix + QStringLiteral("tok-0");
            e.actor = QStringLiteral("ops");
            e.role = QStringLiteral("admin");
            e.method = QStringLiteral("POST");
            e.route = QStringLiteral("/api/workflow/{name}");
            e.target = QStringLiteral("/api/workflow/order_fulfilment");
            e.status = i == 3 ? 409 : 200;
            e.outcome = AuditEntry::outcomeOf(e.status);
            e.remote = QStringLiteral("127.0.0.1");
            audit << e;
        }
        if (result)
            result = AuditLog::insert(db.value(), store.backend(), audit);
    }
    SqlBackend::closeConnection(connection);
    if (!result)
        return result;

    SqlJobStore jobs(&store, QStringLiteral("populated-store-scheduler"));
    if (Result<void> r = jobs.open(); !r)
        return r;
    for (int i = 0; i < 3 && result; ++i) {
        const QString id = prefix + QStringLiteral("job-%1").arg(i);
        Result<bool> inserted = jobs.insertJob(job(id, kT0 + 60'000));
        if (!inserted) {
            result = inserted.error();
            break;
        }
        JobRun run;
        run.runId = id + QStringLiteral("-run");
        run.jobId = id;
        run.scheduledMs = run.plannedMs = run.lastScheduledMs = kT0 + 60'000;
        run.status = JobRun::Status::Running;
        run.firedMs = kT0 + 60'010;
        run.workflowId = workflowId;
        run.instanceId = QStringLiteral("fixture");
        run.detail = QJsonObject{{QStringLiteral("note"), QStringLiteral("fired by the fixture")}};
        JobCommit commit;
        commit.jobId = id;
        commit.expectedRevision = 1;
        commit.nextFireMs = kT0 + 120'000;
        commit.lastFireMs = kT0 + 60'000;
        commit.updatedMs = kT0 + 60'010;
        commit.runs = {run};
        Result<QList<CommitOutcome>> committed = jobs.commit({commit});
        if (!committed)
            result = committed.error();
    }
    jobs.close();
    return result;
}

} // namespace

QString PopulatedStore::workflowId(const QString &prefix, int i)
{
    return prefix + QStringLiteral("wf-%1").arg(i, 3, 10, QLatin1Char('0'));
}

QString PopulatedStore::taskId(const QString &prefix, int workflow, int task)
{
    return prefix + QStringLiteral("task-%1-%2").arg(workflow, 3, 10, QLatin1Char('0')).arg(task);
}

Result<void> PopulatedStore::fill(const QString &url, const QString &prefix, Size size)
{
    Result<std::unique_ptr<Store>> opened = Store::open(StoreConfig{url});
    if (!opened)
        return opened.error();
    std::unique_ptr<Store> store = std::move(opened).value();
    store->saveTaskDef(makeTaskDef(prefix + QStringLiteral("charge_card"), 3));
    store->saveTaskDef(makeTaskDef(prefix + QStringLiteral("ship_parcel"), 1));
    auto def = std::make_shared<WorkflowDef>(makeWorkflowDef(prefix + QStringLiteral("order_fulfilment"), 3));
    def->computeSnapshotId();
    store->saveWorkflowDef(*def);
    store->saveWorkflowDef(makeWorkflowDef(prefix + QStringLiteral("order_fulfilment"), 4));
    for (int i = 0; i < size.workflows; ++i) {
        Workflow wf = makeWorkflow(workflowId(prefix, i), i % 3 == 0 ? WorkflowStatus::Completed : WorkflowStatus::Running,
                                   kT0 + i);
        wf.definition = def;
        // Beyond a double's 53 bits, and keys out of order: jsonb keeps the number, reorders the keys.
        wf.input.insert(QStringLiteral("zLast"), QJsonValue(qint64(9007199254740993)));
        wf.input.insert(QStringLiteral("note"), QStringLiteral("caf\u00e9 \u2615 \"quoted\""));
        store->saveWorkflow(wf);
        for (int j = 0; j < size.tasksPerWorkflow; ++j) {
            Task t = makeTask(taskId(prefix, i, j), wf.workflowId, j + 1,
                              j == 0 ? TaskStatus::Completed : TaskStatus::Scheduled);
            store->saveTask(t);
            QList<TaskLog> logs;
            for (int k = 0; k < size.logsPerTask; ++k)
                logs << TaskLog{t.taskId, QStringLiteral("line %1 of %2").arg(k).arg(t.taskId), kT0 + k};
            store->appendTaskLogs(logs);
        }
    }
    for (int i = 0; i < 3; ++i) {
        TokenRecord token;
        token.id = prefix + QStringLiteral("tok-%1").arg(i);
        token.name = QStringLiteral("token %1").arg(i);
        token.hash = QCryptographicHash::hash(token.id.toUtf8(), QCryptographicHash::Sha256);
        token.role = i == 0 ? QStringLiteral("admin") : QStringLiteral("viewer");
        token.projects = i == 2 ? QStringList{QStringLiteral("shop"), QStringLiteral("ops")} : QStringList{};
        token.createdMs = kT0;
        token.revoked = i == 1;
        store->saveToken(token);
    }
    Result<void> result = store->flush();
    if (result)
        result = fillModules(*store, prefix, workflowId(prefix, 0));
    store->close();
    return result;
}

Result<QMap<QString, QString>> PopulatedStore::digests(const QString &url)
{
    Result<QList<StoreTable>> tables = StoreSchema::tables();
    if (!tables)
        return tables.error();
    return withConnection<QMap<QString, QString>>(url, [&](QSqlDatabase &db, const SqlBackend &backend)
                                                           -> Result<QMap<QString, QString>> {
        QMap<QString, QString> map;
        for (const StoreTable &table : tables.value()) {
            TableScan scan(db, backend, table, 100);
            RowChecksum checksum(table.kinds());
            for (;;) {
                Result<QList<QVariantList>> page = scan.next();
                if (!page)
                    return page.error();
                if (page->isEmpty())
                    break;
                for (const QVariantList &row : page.value())
                    checksum.add(row);
            }
            map.insert(table.name, QStringLiteral("%1:%2").arg(checksum.rows()).arg(QString::fromLatin1(checksum.hex())));
        }
        return map;
    });
}

Result<qint64> PopulatedStore::rowCount(const QString &url, const QString &table)
{
    return withConnection<qint64>(url, [&](QSqlDatabase &db, const SqlBackend &backend) -> Result<qint64> {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !q.next())
            return backend.queryError(QStringLiteral("cannot count %1").arg(table), q);
        return q.value(0).toLongLong();
    });
}

Result<void> PopulatedStore::execSql(const QString &url, const QString &sql)
{
    Result<bool> done = withConnection<bool>(url, [&](QSqlDatabase &db, const SqlBackend &backend) -> Result<bool> {
        QSqlQuery q(db);
        if (!q.exec(sql))
            return backend.queryError(sql, q);
        return true;
    });
    if (!done)
        return done.error();
    return {};
}

} // namespace orrery::test
