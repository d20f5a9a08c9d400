#include "BenchStoreFiller.h"

#include "core/TaskDef.h"
#include "core/WorkflowDef.h"
#include "store/RowCodec.h"
#include "store/RowStatement.h"
#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlQuery>
#include <QUuid>

#include <memory>

namespace orrery::bench {

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonArray items(qint64 n)
{
    QJsonArray a;
    for (int i = 0; i < 3; ++i)
        a.append(QJsonObject{{QStringLiteral("sku"), QStringLiteral("SKU-%1").arg((n * 7 + i * 13) % 100000, 6, 10, QLatin1Char('0'))},
                             {QStringLiteral("qty"), int(1 + (n + i) % 4)},
                             {QStringLiteral("price"), 4.99 + double((n + i) % 50)}});
    return a;
}

// ~400 bytes, like an order placed by a shop front end.
QJsonObject workflowInput(qint64 n)
{
    return QJsonObject{{QStringLiteral("orderId"), QStringLiteral("ORD-%1").arg(n, 9, 10, QLatin1Char('0'))},
                       {QStringLiteral("customer"), QJsonObject{{QStringLiteral("id"), QStringLiteral("C%1").arg(n % 250000)},
                                                                {QStringLiteral("email"), QStringLiteral("customer%1@example.com").arg(n % 250000)},
                                                                {QStringLiteral("tier"), n % 10 == 0 ? QStringLiteral("gold") : QStringLiteral("standard")}}},
                       {QStringLiteral("items"), items(n)},
                       {QStringLiteral("currency"), QStringLiteral("EUR")},
                       {QStringLiteral("shipTo"), QStringLiteral("%1 Example Street, 10115 Berlin, DE").arg(n % 997)}};
}

// ~350 bytes, a worker's answer.
QJsonObject taskOutput(qint64 n, int step)
{
    return QJsonObject{{QStringLiteral("reference"), QStringLiteral("R-%1-%2").arg(n).arg(step)},
                       {QStringLiteral("warehouse"), QStringLiteral("fra-%1").arg(n % 4)},
                       {QStringLiteral("carrier"), n % 3 == 0 ? QStringLiteral("DHL") : QStringLiteral("UPS")},
                       {QStringLiteral("trackingUrl"), QStringLiteral("https://track.example.com/parcel/%1").arg(newId())},
                       {QStringLiteral("accepted"), true},
                       {QStringLiteral("items"), items(n)},
                       {QStringLiteral("elapsedMs"), int(20 + n % 180)}};
}

Result<void> exec(QSqlDatabase &db, const SqlBackend &backend, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return backend.queryError(QStringLiteral("bench fill: '%1' failed").arg(sql), q);
    return {};
}

Result<WorkflowDefPtr> workflowDef(int tasksPerWorkflow)
{
    QJsonArray nodes;
    const QStringList types = BenchStoreFiller::taskTypes(tasksPerWorkflow);
    for (const QString &type : types)
        nodes.append(QJsonObject{{QStringLiteral("name"), type},
                                 {QStringLiteral("taskReferenceName"), type + QStringLiteral("_ref")},
                                 {QStringLiteral("type"), QStringLiteral("SIMPLE")},
                                 {QStringLiteral("inputParameters"),
                                  QJsonObject{{QStringLiteral("orderId"), QStringLiteral("${workflow.input.orderId}")},
                                              {QStringLiteral("items"), QStringLiteral("${workflow.input.items}")}}}});
    Result<WorkflowDef> def = WorkflowDef::fromJson(QJsonObject{{QStringLiteral("name"), BenchStoreFiller::workflowName()},
                                                                {QStringLiteral("version"), 1},
                                                                {QStringLiteral("schemaVersion"), 2},
                                                                {QStringLiteral("ownerEmail"), QStringLiteral("bench@example.com")},
                                                                {QStringLiteral("tasks"), nodes}});
    if (!def)
        return def.error();
    auto d = std::make_shared<WorkflowDef>(std::move(def).value());
    d->computeSnapshotId();
    return WorkflowDefPtr(d);
}

// One transaction's worth of rows at a time.
class Inserter
{
public:
    Inserter(QSqlDatabase &db, const SqlBackend &backend, int rowsPerTransaction)
        : m_db(db)
        , m_backend(backend)
        , m_rowsPerTransaction(rowsPerTransaction)
        , m_workflows(QStringLiteral("workflows"), RowCodec::workflowColumns(), {QStringLiteral("id")}, RowCodec::jsonColumns())
        , m_tasks(QStringLiteral("tasks"), RowCodec::taskColumns(), {QStringLiteral("id")}, RowCodec::jsonColumns())
    {
    }
    Result<void> prepare()
    {
        if (auto r = m_workflows.prepare(m_db, m_backend); !r)
            return r;
        return m_tasks.prepare(m_db, m_backend);
    }
    Result<void> add(RowStatement &s, QVariantList row)
    {
        if (m_inTransaction == 0) {
            if (auto r = exec(m_db, m_backend, m_backend.beginWriteSql()); !r)
                return r;
            m_workflows.startBatch();
            m_tasks.startBatch();
        }
        m_jsonBytes += row.last().toString().size();
        if (auto r = s.add(std::move(row)); !r)
            return r;
        if (++m_inTransaction >= m_rowsPerTransaction)
            return commit();
        return {};
    }
    Result<void> commit()
    {
        if (m_inTransaction == 0)
            return {};
        if (auto r = m_workflows.finish(); !r)
            return r;
        if (auto r = m_tasks.finish(); !r)
            return r;
        m_inTransaction = 0;
        return exec(m_db, m_backend, QStringLiteral("COMMIT"));
    }
    RowStatement &workflows() { return m_workflows; }
    RowStatement &tasks() { return m_tasks; }
    qint64 jsonBytes() const { return m_jsonBytes; }

private:
    QSqlDatabase &m_db;
    const SqlBackend &m_backend;
    int m_rowsPerTransaction;
    RowStatement m_workflows;
    RowStatement m_tasks;
    int m_inTransaction = 0;
    qint64 m_jsonBytes = 0;
};

Result<BenchStoreFiller::Figures> fillRows(QSqlDatabase &db, const SqlBackend &backend, const BenchStoreFiller::Options &o,
                                           const WorkflowDefPtr &def)
{
    BenchStoreFiller::Figures fig;
    const QStringList types = BenchStoreFiller::taskTypes(o.tasksPerWorkflow);
    Inserter ins(db, backend, o.rowsPerTransaction);
    if (auto r = ins.prepare(); !r)
        return r.error();
    // The definitions, as MetadataService would store them.
    {
        RowStatement defs(QStringLiteral("task_defs"), RowCodec::taskDefColumns(), {QStringLiteral("name")}, RowCodec::jsonColumns());
        RowStatement wdefs(QStringLiteral("workflow_defs"), RowCodec::workflowDefColumns(),
                           {QStringLiteral("name"), QStringLiteral("version")}, RowCodec::jsonColumns());
        RowStatement snaps(QStringLiteral("workflow_def_snapshots"), RowCodec::snapshotColumns(), {QStringLiteral("id")},
                           RowCodec::jsonColumns());
        for (RowStatement *s : {&defs, &wdefs, &snaps})
            if (auto r = s->prepare(db, backend); !r)
                return r.error();
        if (auto r = exec(db, backend, backend.beginWriteSql()); !r)
            return r.error();
        for (const QString &type : types) {
            Result<TaskDef> td = TaskDef::fromJson(QJsonObject{{QStringLiteral("name"), type},
                                                               {QStringLiteral("retryCount"), 3},
                                                               {QStringLiteral("retryLogic"), QStringLiteral("EXPONENTIAL_BACKOFF")},
                                                               {QStringLiteral("retryDelaySeconds"), 2},
                                                               {QStringLiteral("timeoutSeconds"), 3600},
                                                               {QStringLiteral("responseTimeoutSeconds"), 600},
                                                               {QStringLiteral("ownerEmail"), QStringLiteral("bench@example.com")}});
            if (!td)
                return td.error();
            if (auto r = defs.add(RowCodec::taskDefRow(td.value())); !r)
                return r.error();
        }
        for (auto [s, row] : {std::pair{&wdefs, RowCodec::workflowDefRow(*def)}, std::pair{&snaps, RowCodec::snapshotRow(*def)}})
            if (auto r = s->add(row); !r)
                return r.error();
        for (RowStatement *s : {&defs, &wdefs, &snaps})
            if (auto r = s->finish(); !r)
                return r.error();
        if (auto r = exec(db, backend, QStringLiteral("COMMIT")); !r)
            return r.error();
    }

    auto addWorkflow = [&](qint64 n, bool completed, qint64 created) -> Result<void> {
        Workflow wf;
        wf.workflowId = newId();
        wf.workflowName = def->name;
        wf.workflowVersion = def->version;
        wf.status = completed ? WorkflowStatus::Completed : WorkflowStatus::Running;
        wf.input = workflowInput(n);
        wf.correlationId = QStringLiteral("ORD-%1").arg(n, 9, 10, QLatin1Char('0'));
        wf.projectId = QStringLiteral("shop-%1").arg(n % 4);
        wf.createdBy = QStringLiteral("storefront");
        wf.createTime = created;
        wf.definition = def;
        const int taskCount = completed ? o.tasksPerWorkflow : 1;
        qint64 t = created;
        for (int step = 0; step < taskCount; ++step) {
            Task task;
            task.taskId = newId();
            task.taskType = types.at(step);
            task.taskDefName = task.taskType;
            task.referenceTaskName = task.taskType + QStringLiteral("_ref");
            task.workflowInstanceId = wf.workflowId;
            task.workflowType = wf.workflowName;
            task.correlationId = wf.correlationId;
            task.projectId = wf.projectId;
            task.seq = step + 1;
            task.inputData = QJsonObject{{QStringLiteral("orderId"), wf.input.value(QStringLiteral("orderId"))},
                                         {QStringLiteral("items"), wf.input.value(QStringLiteral("items"))}};
            task.responseTimeoutSeconds = 600;
            task.scheduledTime = task.firstScheduledTime = task.updateTime = t;
            if (completed) {
                task.status = TaskStatus::Completed;
                task.pollCount = 1;
                task.startTime = task.firstStartTime = t + 5 + n % 40;
                task.endTime = task.updateTime = task.startTime + 20 + (n * 31 + step) % 400;
                task.workerId = QStringLiteral("worker-%1").arg(n % 16);
                task.outputData = taskOutput(n, step);
                t = task.endTime + 1;
            }
            if (auto r = ins.add(ins.tasks(), RowCodec::taskRow(task)); !r)
                return r;
            ++fig.tasks;
        }
        wf.updateTime = t;
        if (completed) {
            wf.endTime = t;
            wf.output = QJsonObject{{QStringLiteral("status"), QStringLiteral("shipped")},
                                    {QStringLiteral("trackingUrl"), QStringLiteral("https://track.example.com/o/%1").arg(n)}};
        }
        ++fig.workflows;
        return ins.add(ins.workflows(), RowCodec::workflowRow(wf));
    };

    // Completed: spread over the 30 days before now; queued: created in the last hour.
    const qint64 span = 30 * kDayMs;
    for (qint64 n = 0; n < o.completedWorkflows; ++n)
        if (auto r = addWorkflow(n, true, o.nowMs - span + n * (span - 3600 * 1000) / std::max<qint64>(1, o.completedWorkflows)); !r)
            return r.error();
    for (qint64 n = 0; n < o.queuedWorkflows; ++n)
        if (auto r = addWorkflow(o.completedWorkflows + n, false,
                                 o.nowMs - 3600 * 1000 + n * 3600 * 1000 / std::max<qint64>(1, o.queuedWorkflows)); !r)
            return r.error();
    if (auto r = ins.commit(); !r)
        return r.error();
    fig.jsonBytes = ins.jsonBytes();
    return fig;
}

} // namespace

QStringList BenchStoreFiller::taskTypes(int tasksPerWorkflow)
{
    static const QStringList names = {QStringLiteral("bench_reserve"), QStringLiteral("bench_charge"), QStringLiteral("bench_ship"),
                                      QStringLiteral("bench_notify")};
    QStringList out;
    for (int i = 0; i < tasksPerWorkflow; ++i)
        out << (i < names.size() ? names.at(i) : QStringLiteral("bench_step_%1").arg(i + 1));
    return out;
}

Result<BenchStoreFiller::Figures> BenchStoreFiller::fill(const Options &o)
{
    if (o.tasksPerWorkflow < 1)
        return Error::invalid(QStringLiteral("tasks per workflow must be 1 or more"));
    QElapsedTimer timer;
    timer.start();
    {
        // Migrations, exactly as orreryd applies them.
        StoreConfig config;
        config.url = o.url;
        Result<std::unique_ptr<Store>> store = Store::open(config);
        if (!store)
            return store.error();
        store.value()->close();
    }
    Result<StoreUrl> url = StoreUrl::parse(o.url);
    if (!url)
        return url.error();
    std::unique_ptr<SqlBackend> backend = SqlBackend::create(url.value());
    const QString name = QStringLiteral("bench-memory-fill");
    Result<Figures> figures = Error::internal(QStringLiteral("not filled"));
    {
        Result<QSqlDatabase> db = backend->openConnection(name, QStringLiteral("writer"));
        if (!db)
            return db.error();
        // A bench fill, not a store the engine must keep across a power cut.
        const QString fast = backend->name() == QLatin1String("sqlite") ? QStringLiteral("PRAGMA synchronous=OFF")
                                                                         : QStringLiteral("SET synchronous_commit = off");
        if (auto r = exec(db.value(), *backend, fast); !r)
            return r.error();
        Result<WorkflowDefPtr> def = workflowDef(o.tasksPerWorkflow);
        if (!def)
            return def.error();
        figures = fillRows(db.value(), *backend, o, def.value());
        if (figures && backend->name() == QLatin1String("postgresql")) {
            // What autovacuum would do soon after such a load.
            if (auto r = exec(db.value(), *backend, QStringLiteral("ANALYZE")); !r)
                figures = r.error();
        }
    }
    SqlBackend::closeConnection(name);
    if (figures)
        figures.value().seconds = timer.elapsed() / 1000.0;
    return figures;
}

} // namespace orrery::bench
