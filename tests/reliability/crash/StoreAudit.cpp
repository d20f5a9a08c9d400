#include "StoreAudit.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <map>

namespace orrery::test {

namespace {

struct TaskRow
{
    QString id;
    QString type;
    QString status;
    int retryCount = 0;
};

struct WorkflowRow
{
    QString name;
    QString status;
    QString correlation;
};

QSqlDatabase open(const QString &url, QString *error)
{
    const QString name = QStringLiteral("crash-audit");
    QSqlDatabase db;
    if (url.startsWith(QLatin1String("sqlite:"))) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(url.mid(7));
    } else {
        const QUrl u(url);
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(u.host());
        db.setPort(u.port(5432));
        db.setUserName(u.userName());
        db.setPassword(u.password());
        db.setDatabaseName(u.path().mid(1));
    }
    if (!db.open())
        *error = QStringLiteral("cannot open the store %1: %2").arg(url, db.lastError().text());
    return db;
}

bool select(QSqlDatabase &db, const QString &sql, QSqlQuery &q, QString *error)
{
    q = QSqlQuery(db);
    q.setForwardOnly(true);
    if (!q.exec(sql)) {
        *error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
        return false;
    }
    return true;
}

bool isFailure(const QString &status)
{
    return status == QLatin1String("FAILED") || status == QLatin1String("FAILED_WITH_TERMINAL_ERROR")
           || status == QLatin1String("TIMED_OUT");
}

} // namespace

StoreAudit::Report StoreAudit::run(const Input &in, QString *error)
{
    Report rep;
    const auto problem = [&rep](int &counter, const QString &what) {
        ++counter;
        rep.problems.append(what);
    };

    // Side effects: shell lines and http requests, per taskId.
    QHash<QString, int> execByTask = in.httpByTask;
    QHash<QString, QString> execOf = in.httpExecution;
    {
        QFile log(in.shellLog);
        if (log.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : log.readAll().split('\n')) {
                const QList<QByteArray> f = line.trimmed().split(' ');
                if (f.size() < 3)
                    continue;
                const QString task = QString::fromUtf8(f[2]);
                ++execByTask[task];
                execOf.insert(task, QString::fromUtf8(f[0] + ' ' + f[1] + ' ' + f.value(3)));
            }
        }
    }
    for (auto it = execByTask.cbegin(); it != execByTask.cend(); ++it)
        rep.executions += it.value();

    QSqlDatabase db = open(in.dbUrl, error);
    if (!db.isOpen())
        return rep;
    QSqlQuery q;

    QHash<QString, WorkflowRow> workflows;
    if (!select(db, QStringLiteral("SELECT id, name, status, correlation_id FROM workflows"), q, error))
        return rep;
    while (q.next())
        workflows.insert(q.value(0).toString(), {q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});

    // (workflowId, ref) -> attempts
    QHash<QString, std::map<QString, QList<TaskRow>>> tasks;
    QSet<QString> knownTaskIds;
    if (!select(db, QStringLiteral("SELECT id, workflow_id, task_type, ref_name, status, json FROM tasks"), q, error))
        return rep;
    while (q.next()) {
        const QJsonObject json = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
        TaskRow t{q.value(0).toString(), q.value(2).toString(), q.value(4).toString(),
                  json.value(QStringLiteral("retryCount")).toInt()};
        knownTaskIds.insert(t.id);
        tasks[q.value(1).toString()][q.value(3).toString()].append(t);
    }

    // Starts: every accepted one exists once, with its correlationId; none doubled.
    QHash<QString, int> byCorrelation;
    for (const WorkflowRow &w : std::as_const(workflows))
        ++byCorrelation[w.correlation];
    for (auto it = in.accepted.cbegin(); it != in.accepted.cend(); ++it) {
        const auto w = workflows.constFind(it.value());
        if (w == workflows.cend())
            problem(rep.lost, QStringLiteral("start %1 was answered 200 with %2, which is not in the store").arg(it.key()).arg(it.value()));
        else if (w->correlation != QStringLiteral("crash-%1").arg(it.key()) || w->name != in.kindOfStart(it.key()))
            problem(rep.lost, QStringLiteral("workflow %1 of start %2 is %3/%4").arg(it.value()).arg(it.key()).arg(w->name, w->correlation));
    }
    for (int n : in.ambiguous) {
        const int c = byCorrelation.value(QStringLiteral("crash-%1").arg(n));
        c > 0 ? ++rep.ambiguousStarted : ++rep.ambiguousAbsent;
    }
    for (auto it = byCorrelation.cbegin(); it != byCorrelation.cend(); ++it)
        if (it.value() > 1 && !it.key().isEmpty())
            problem(rep.doubled, QStringLiteral("%1 workflows with correlationId %2").arg(it.value()).arg(it.key()));

    // Every workflow ended as its kind says; every ref completed once, or died with its whole history.
    QHash<QString, QSet<QString>> deadRefs; // workflowId -> refs that must be in the DLQ
    QHash<QString, QSet<QString>> deadAttemptIds; // "wf ref" -> taskIds
    QHash<QString, int> reExecByKind;
    for (auto wit = workflows.cbegin(); wit != workflows.cend(); ++wit) {
        const CampaignDefinitions::Kind *kind = in.defs->kind(wit->name);
        if (!kind)
            continue; // not the campaign's
        const bool byJob = wit->name == CampaignDefinitions::jobWorkflow();
        byJob ? ++rep.jobWorkflows : ++rep.workflows;
        const QString &wfId = wit.key();
        if (wit->status != kind->endStatus)
            problem(rep.lost, QStringLiteral("%1 %2 is %3, expected %4").arg(kind->name, wfId, wit->status, kind->endStatus));
        const auto &refs = tasks.value(wfId);
        for (const auto &[refName, attempts] : refs) {
            bool known = false;
            for (const auto &r : kind->refs)
                known = known || r.name == refName;
            if (!known)
                problem(rep.lost, QStringLiteral("%1 %2 has an unexpected ref %3").arg(kind->name, wfId, refName));
        }
        for (const CampaignDefinitions::Ref &ref : kind->refs) {
            ++rep.refsChecked;
            const QList<TaskRow> attempts = refs.count(ref.name) ? refs.at(ref.name) : QList<TaskRow>{};
            rep.taskRows += int(attempts.size());
            const QString where = QStringLiteral("%1 %2 %3").arg(kind->name, wfId, ref.name);
            int completed = 0;
            QSet<int> retryCounts;
            QStringList statuses;
            for (const TaskRow &t : attempts) {
                statuses.append(QStringLiteral("%1#%2").arg(t.status).arg(t.retryCount));
                completed += t.status == QLatin1String("COMPLETED");
                retryCounts.insert(t.retryCount);
                if (t.type != QLatin1String("noop") && (t.status == QLatin1String("COMPLETED") || isFailure(t.status))) {
                    const int n = execByTask.value(t.id);
                    if (n == 0)
                        problem(rep.lost, QStringLiteral("%1: attempt %2 is %3 but never ran").arg(where, t.id, t.status));
                    if (n > 1) {
                        rep.reExecutedSameTask += n - 1;
                        reExecByKind[kind->name + QLatin1Char('/') + ref.name] += n - 1;
                    }
                }
            }
            if (retryCounts.size() != attempts.size())
                problem(rep.doubled, QStringLiteral("%1: two attempts share a retryCount: %2").arg(where, statuses.join(u' ')));
            if (ref.deadLetters) {
                deadRefs[wfId].insert(ref.name);
                QSet<QString> ids;
                for (const TaskRow &t : attempts)
                    ids.insert(t.id);
                deadAttemptIds.insert(wfId + QLatin1Char(' ') + ref.name, ids);
                bool allFailed = completed == 0;
                for (const TaskRow &t : attempts)
                    allFailed = allFailed && isFailure(t.status);
                if (attempts.size() != ref.retryCount + 1 || !allFailed)
                    problem(rep.lost, QStringLiteral("%1: expected %2 failed attempts, got %3").arg(where).arg(ref.retryCount + 1).arg(statuses.join(u' ')));
            } else if (completed > 1) {
                problem(rep.doubled, QStringLiteral("%1: COMPLETED %2 times: %3").arg(where).arg(completed).arg(statuses.join(u' ')));
            } else if (completed == 0 && kind->endStatus == QLatin1String("COMPLETED")) {
                problem(rep.lost, QStringLiteral("%1: never COMPLETED: %2").arg(where, statuses.join(u' ')));
            } else if (ref.retryCount == 0 && attempts.size() > 1) {
                problem(rep.lost, QStringLiteral("%1: a task without retries has %2 attempts: %3")
                                      .arg(where).arg(attempts.size()).arg(statuses.join(u' ')));
            }
        }
    }
    // Executions under a taskId the store does not know: the attempt ran, the process died before
    // its creation was committed, and the restart ran the ref again under a new taskId.
    for (auto it = execByTask.cbegin(); it != execByTask.cend(); ++it) {
        if (knownTaskIds.contains(it.key()))
            continue;
        const QString wf = execOf.value(it.key()).section(u' ', 0, 0);
        const QString ref = execOf.value(it.key()).section(u' ', 1, 1);
        const QString correlation = execOf.value(it.key()).section(u' ', 2, 2);
        if (workflows.contains(wf)) {
            rep.reExecutedLostTask += it.value();
            reExecByKind[workflows.value(wf).name + QLatin1Char('/') + ref + QStringLiteral("(new id)")] += it.value();
            continue;
        }
        // The workflow itself is not in the store: allowed only when its start was never
        // acknowledged (cut off by a kill) or a job's fire was not committed with it.
        bool unacknowledged = correlation.startsWith(QLatin1String("job:"));
        if (correlation.startsWith(QLatin1String("crash-")))
            unacknowledged = in.ambiguous.contains(correlation.mid(6).toInt());
        if (unacknowledged) {
            rep.orphanExecutions += it.value();
            reExecByKind[QStringLiteral("(uncommitted workflow %1)/%2").arg(correlation.section(u'-', 0, 0).section(u':', 0, 0), ref)] += it.value();
        } else {
            problem(rep.lost, QStringLiteral("task %1 (%2) ran for workflow %3 (%4), which is not in the store and whose start was acknowledged")
                                  .arg(it.key(), ref, wf, correlation));
        }
    }
    for (auto it = reExecByKind.cbegin(); it != reExecByKind.cend(); ++it)
        rep.reExecutions.append(QStringLiteral("%1 +%2").arg(it.key()).arg(it.value()));

    // DLQ: one entry per dead ref, with every attempt.
    QSet<QString> seenDead;
    if (!select(db, QStringLiteral("SELECT workflow_id, ref_name, attempt_count, json FROM dlq_entries"), q, error))
        return rep;
    while (q.next()) {
        const QString wf = q.value(0).toString();
        const QString ref = q.value(1).toString();
        if (!workflows.contains(wf) || !in.defs->kind(workflows.value(wf).name))
            continue;
        const QString key = wf + QLatin1Char(' ') + ref;
        if (!deadRefs.value(wf).contains(ref)) {
            problem(rep.lost, QStringLiteral("DLQ entry for %1 %2, which should not have died").arg(workflows.value(wf).name, key));
            continue;
        }
        seenDead.insert(key);
        ++rep.dlqChecked;
        const QJsonArray attempts = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object().value(QStringLiteral("attempts")).toArray();
        QSet<QString> ids;
        for (const QJsonValue &a : attempts)
            ids.insert(a.toObject().value(QStringLiteral("taskId")).toString());
        const QSet<QString> expected = deadAttemptIds.value(key);
        // The entry must hold every attempt of the store. It may hold more: attempts that ran
        // (an execution was seen) but whose commit a kill took back, after the DLQ (which writes
        // on its own connection) had recorded them; the restart then ran the ref again.
        QSet<QString> extra = ids - expected;
        bool extraRan = true;
        for (const QString &id : std::as_const(extra))
            extraRan = extraRan && execByTask.value(id) > 0 && !knownTaskIds.contains(id);
        if (!ids.contains(expected) || !extraRan || q.value(2).toInt() != int(attempts.size()) || attempts.size() != ids.size())
            problem(rep.lost, QStringLiteral("DLQ entry %1: %2 attempts (attempt_count %3), the store has %4 attempts")
                                  .arg(key).arg(attempts.size()).arg(q.value(2).toInt()).arg(expected.size()));
        else if (!extra.isEmpty())
            rep.dlqUncommittedAttempts += int(extra.size());
    }
    for (auto it = deadAttemptIds.cbegin(); it != deadAttemptIds.cend(); ++it)
        if (!seenDead.contains(it.key()))
            problem(rep.lost, QStringLiteral("no DLQ entry for the dead task %1").arg(it.key()));

    // Scheduled jobs: no (job, instant) fired twice.
    QHash<QString, QString> instantOfRun; // runId -> "job@scheduled"
    QHash<QString, int> runsPerInstant;
    if (!select(db, QStringLiteral("SELECT id, job_id, scheduled, manual, status, workflow_id FROM scheduler_runs"), q, error))
        return rep;
    const QStringList jobIds = CampaignDefinitions::jobIds();
    while (q.next()) {
        if (!jobIds.contains(q.value(1).toString()) || q.value(3).toInt() != 0)
            continue;
        const QString instant = q.value(1).toString() + QLatin1Char('@') + QString::number(q.value(2).toLongLong());
        if (q.value(4).toString() == QLatin1String("MISSED")) {
            ++rep.jobRunsMissed;
            continue;
        }
        instantOfRun.insert(q.value(0).toString(), instant);
        if (++runsPerInstant[instant] > 1)
            problem(rep.doubled, QStringLiteral("two run records fired %1").arg(instant));
        const QString wf = q.value(5).toString();
        if (!wf.isEmpty() && !workflows.contains(wf))
            problem(rep.lost, QStringLiteral("run %1 (%2) started workflow %3, which is not in the store").arg(q.value(0).toString(), instant, wf));
    }
    QHash<QString, int> workflowsPerInstant;
    for (auto it = workflows.cbegin(); it != workflows.cend(); ++it) {
        const QString &c = it->correlation;
        if (!c.startsWith(QLatin1String("job:")))
            continue;
        const QString runId = c.section(u':', -1);
        const QString job = c.mid(4, c.size() - 5 - runId.size());
        if (!jobIds.contains(job))
            continue;
        const auto instant = instantOfRun.constFind(runId);
        if (instant == instantOfRun.cend()) {
            ++rep.jobRunsUnmapped;
            continue;
        }
        ++rep.jobFiresChecked;
        if (++workflowsPerInstant[*instant] > 1)
            problem(rep.doubled, QStringLiteral("%1 fired twice (workflow %2 is the second)").arg(*instant, it.key()));
    }
    q = QSqlQuery();
    db.close();
    db = {};
    QSqlDatabase::removeDatabase(QStringLiteral("crash-audit"));
    return rep;
}

} // namespace orrery::test
