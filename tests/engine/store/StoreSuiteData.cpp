// Round trips and queries of the store test suite.
#include "StoreSuite.h"

#include "StoreTestData.h"

#include <QTest>

using namespace orrery;
using namespace orrery::test;

void StoreSuite::roundTripsWorkflowsAndTasks()
{
    auto store = openStore();
    QVERIFY(store);
    Workflow wf = makeWorkflow(QStringLiteral("wf-rt"));
    wf.output = QJsonObject{{QStringLiteral("receipt"), QStringLiteral("R-17")}};
    wf.variables = QJsonObject{{QStringLiteral("attempt"), 2}};
    wf.reasonForIncompletion = QStringLiteral("nothing yet, ünïcødé ✓");
    Task t1 = makeTask(QStringLiteral("t-1"), wf.workflowId, 1, TaskStatus::Completed);
    t1.outputData = QJsonObject{{QStringLiteral("charged"), true}};
    t1.workerId = QStringLiteral("worker-7");
    t1.retryCount = 2;
    t1.pollCount = 3;
    Task t2 = makeTask(QStringLiteral("t-2"), wf.workflowId, 2, TaskStatus::InProgress);
    store->saveWorkflow(wf);
    store->saveTask(t2);
    store->saveTask(t1);
    QVERIFY(store->flush().ok());

    auto loaded = store->loadWorkflow(wf.workflowId);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
    QVERIFY(loaded.value().has_value());
    const WorkflowRecord &rec = *loaded.value();
    QCOMPARE(rec.workflow.workflowId, wf.workflowId);
    QCOMPARE(rec.workflow.workflowName, wf.workflowName);
    QCOMPARE(rec.workflow.workflowVersion, wf.workflowVersion);
    QCOMPARE(toString(rec.workflow.status), toString(WorkflowStatus::Running));
    QCOMPARE(rec.workflow.input, wf.input);
    QCOMPARE(rec.workflow.output, wf.output);
    QCOMPARE(rec.workflow.variables, wf.variables);
    QCOMPARE(rec.workflow.correlationId, wf.correlationId);
    QCOMPARE(rec.workflow.projectId, wf.projectId);
    QCOMPARE(rec.workflow.reasonForIncompletion, wf.reasonForIncompletion);
    QCOMPARE(rec.workflow.createTime, wf.createTime);
    QCOMPARE(rec.tasks.size(), 2);
    QCOMPARE(rec.tasks[0].taskId, QStringLiteral("t-1"));
    QCOMPARE(rec.tasks[1].taskId, QStringLiteral("t-2"));
    const Task &back = rec.tasks[0];
    QCOMPARE(toString(back.status), toString(TaskStatus::Completed));
    QCOMPARE(back.inputData, t1.inputData);
    QCOMPARE(back.outputData, t1.outputData);
    QCOMPARE(back.workerId, t1.workerId);
    QCOMPARE(back.retryCount, 2);
    QCOMPARE(back.pollCount, 3);
    QCOMPARE(back.seq, 1);
    QCOMPARE(back.workflowInstanceId, wf.workflowId);
    QCOMPARE(back.referenceTaskName, t1.referenceTaskName);
    QCOMPARE(back.scheduledTime, t1.scheduledTime);

    auto task = store->loadTask(QStringLiteral("t-2"));
    QVERIFY(task.ok() && task.value().has_value());
    QCOMPARE(toString(task.value()->status), toString(TaskStatus::InProgress));
    auto none = store->loadTask(QStringLiteral("nope"));
    QVERIFY(none.ok());
    QVERIFY(!none.value().has_value());
    auto noWf = store->loadWorkflow(QStringLiteral("nope"));
    QVERIFY(noWf.ok());
    QVERIFY(!noWf.value().has_value());
}

void StoreSuite::roundTripsDefinitionsAndRemovesThem()
{
    auto store = openStore();
    QVERIFY(store);
    store->saveTaskDef(makeTaskDef(QStringLiteral("b_task"), 2));
    store->saveTaskDef(makeTaskDef(QStringLiteral("a_task"), 5));
    store->saveWorkflowDef(makeWorkflowDef(QStringLiteral("flow"), 2));
    store->saveWorkflowDef(makeWorkflowDef(QStringLiteral("flow"), 1));
    store->saveWorkflowDef(makeWorkflowDef(QStringLiteral("another"), 1));
    QVERIFY(store->flush().ok());

    auto defs = store->loadTaskDefs();
    QVERIFY2(defs.ok(), defs.ok() ? "" : qPrintable(defs.error().message));
    QCOMPARE(defs.value().size(), 2);
    QCOMPARE(defs.value()[0].name, QStringLiteral("a_task"));
    QCOMPARE(defs.value()[0].retryCount, 5);
    QCOMPARE(defs.value()[0].json, makeTaskDef(QStringLiteral("a_task"), 5).json);
    QCOMPARE(defs.value()[1].retryCount, 2);

    auto wdefs = store->loadWorkflowDefs();
    QVERIFY2(wdefs.ok(), wdefs.ok() ? "" : qPrintable(wdefs.error().message));
    QCOMPARE(wdefs.value().size(), 3);
    QCOMPARE(wdefs.value()[0].name, QStringLiteral("another"));
    QCOMPARE(wdefs.value()[1].version, 1);
    QCOMPARE(wdefs.value()[2].version, 2);
    QCOMPARE(wdefs.value()[2].tasks.size(), size_t(1));
    QCOMPARE(wdefs.value()[2].json, makeWorkflowDef(QStringLiteral("flow"), 2).json);

    // Update, then remove.
    store->saveTaskDef(makeTaskDef(QStringLiteral("a_task"), 7));
    store->removeTaskDef(QStringLiteral("b_task"));
    store->removeWorkflowDef(QStringLiteral("flow"), 1);
    QVERIFY(store->flush().ok());
    defs = store->loadTaskDefs();
    QCOMPARE(defs.value().size(), 1);
    QCOMPARE(defs.value()[0].retryCount, 7);
    wdefs = store->loadWorkflowDefs();
    QCOMPARE(wdefs.value().size(), 2);
    QCOMPARE(wdefs.value()[1].name, QStringLiteral("flow"));
    QCOMPARE(wdefs.value()[1].version, 2);
}

void StoreSuite::roundTripsTokens()
{
    auto store = openStore();
    QVERIFY(store);
    TokenRecord admin{QStringLiteral("tok-1"), QStringLiteral("ci admin"), QByteArray::fromHex("00ff10aa"),
                      QStringLiteral("admin"), {}, 100, 0, false};
    TokenRecord viewer{QStringLiteral("tok-2"), QStringLiteral("dashboard"), QByteArray(32, '\x07'),
                       QStringLiteral("viewer"), {QStringLiteral("shop"), QStringLiteral("billing")}, 200, 250, false};
    store->saveToken(viewer);
    store->saveToken(admin);
    QVERIFY(store->flush().ok());
    auto tokens = store->loadTokens();
    QVERIFY2(tokens.ok(), tokens.ok() ? "" : qPrintable(tokens.error().message));
    QCOMPARE(tokens.value().size(), 2);
    const TokenRecord &a = tokens.value()[0];
    QCOMPARE(a.id, admin.id);
    QCOMPARE(a.name, admin.name);
    QCOMPARE(a.hash, admin.hash);
    QCOMPARE(a.role, admin.role);
    QVERIFY(a.projects.isEmpty());
    QCOMPARE(a.createdMs, 100);
    const TokenRecord &v = tokens.value()[1];
    QCOMPARE(v.hash, viewer.hash);
    QCOMPARE(v.projects, viewer.projects);
    QCOMPARE(v.lastUsedMs, 250);
    QVERIFY(!v.revoked);

    viewer.revoked = true;
    viewer.lastUsedMs = 999;
    store->saveToken(viewer);
    QVERIFY(store->flush().ok());
    tokens = store->loadTokens();
    QCOMPARE(tokens.value().size(), 2);
    QVERIFY(tokens.value()[1].revoked);
    QCOMPARE(tokens.value()[1].lastUsedMs, 999);
}

void StoreSuite::roundTripsTaskLogsInOrder()
{
    auto store = openStore();
    QVERIFY(store);
    const QString id = QStringLiteral("t-logs");
    store->appendTaskLogs({TaskLog{id, QStringLiteral("second"), 20}, TaskLog{id, QStringLiteral("first"), 10}});
    store->appendTaskLogs({TaskLog{id, QStringLiteral("third, same time as second"), 20}});
    store->appendTaskLogs({TaskLog{QStringLiteral("other"), QStringLiteral("not mine"), 15}});
    QVERIFY(store->flush().ok());
    auto logs = store->loadTaskLogs(id);
    QVERIFY2(logs.ok(), logs.ok() ? "" : qPrintable(logs.error().message));
    QCOMPARE(logs.value().size(), 3);
    QCOMPARE(logs.value()[0].log, QStringLiteral("first"));
    QCOMPARE(logs.value()[0].createdTime, 10);
    QCOMPARE(logs.value()[1].log, QStringLiteral("second"));
    QCOMPARE(logs.value()[2].log, QStringLiteral("third, same time as second"));
    QCOMPARE(logs.value()[2].taskId, id);
    QVERIFY(store->loadTaskLogs(QStringLiteral("none")).value().isEmpty());
}

void StoreSuite::storesTextWithNulCharacters()
{
    // Worker output is arbitrary: a NUL must not make the batch (and every later one) fail.
    auto store = openStore();
    QVERIFY(store);
    const QString nul = QStringLiteral("bin") + QChar(0) + QStringLiteral("ary");
    const QString literal = QStringLiteral("a literal \\u0000 stays");
    Task t = makeTask(QStringLiteral("t-nul"), QStringLiteral("wf"), 1, TaskStatus::Completed);
    t.outputData = QJsonObject{{QStringLiteral("raw"), nul}, {QStringLiteral("text"), literal}};
    store->saveTask(t);
    store->appendTaskLogs({TaskLog{QStringLiteral("t-nul"), nul, 1}});
    Result<void> flushed = store->flush();
    QVERIFY2(flushed.ok(), flushed.ok() ? "" : qPrintable(flushed.error().message));
    auto task = store->loadTask(QStringLiteral("t-nul"));
    QVERIFY(task.ok() && task.value().has_value());
    auto logs = store->loadTaskLogs(QStringLiteral("t-nul"));
    QCOMPARE(logs.value().size(), 1);
    // SQLite keeps the text as it is; PostgreSQL cannot store NUL and gets U+FFFD instead.
    const QString expected = m_backend == Backend::Sqlite ? nul : QString(nul).replace(QChar(0), QChar(QChar::ReplacementCharacter));
    QCOMPARE(task.value()->outputData.value(QStringLiteral("raw")).toString(), expected);
    QCOMPARE(task.value()->outputData.value(QStringLiteral("text")).toString(), literal);
    QCOMPARE(logs.value()[0].log, expected);
}

void StoreSuite::loadsOnlyActiveWorkflowsWithTasksInSeqOrder()
{
    auto store = openStore();
    QVERIFY(store);
    const QList<QPair<QString, WorkflowStatus>> flows = {
        {QStringLiteral("wf-run"), WorkflowStatus::Running},     {QStringLiteral("wf-pause"), WorkflowStatus::Paused},
        {QStringLiteral("wf-done"), WorkflowStatus::Completed},  {QStringLiteral("wf-fail"), WorkflowStatus::Failed},
        {QStringLiteral("wf-term"), WorkflowStatus::Terminated}, {QStringLiteral("wf-to"), WorkflowStatus::TimedOut}};
    qint64 created = 1000;
    for (const auto &[id, status] : flows) {
        store->saveWorkflow(makeWorkflow(id, status, created++));
        for (int seq : {3, 1, 2})
            store->saveTask(makeTask(id + QStringLiteral("-t") + QString::number(seq), id, seq));
    }
    QVERIFY(store->flush().ok());
    auto active = store->loadActiveWorkflows();
    QVERIFY2(active.ok(), active.ok() ? "" : qPrintable(active.error().message));
    QCOMPARE(active.value().size(), 2);
    QCOMPARE(active.value()[0].workflow.workflowId, QStringLiteral("wf-run"));
    QCOMPARE(active.value()[1].workflow.workflowId, QStringLiteral("wf-pause"));
    QCOMPARE(toString(active.value()[1].workflow.status), toString(WorkflowStatus::Paused));
    for (const WorkflowRecord &rec : active.value()) {
        QCOMPARE(rec.tasks.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(rec.tasks[i].seq, i + 1);
            QCOMPARE(rec.tasks[i].workflowInstanceId, rec.workflow.workflowId);
        }
    }
    // Completing a workflow takes it out of the active set.
    store->saveWorkflow(makeWorkflow(QStringLiteral("wf-run"), WorkflowStatus::Completed));
    QVERIFY(store->flush().ok());
    active = store->loadActiveWorkflows();
    QCOMPARE(active.value().size(), 1);
    QCOMPARE(active.value()[0].workflow.workflowId, QStringLiteral("wf-pause"));
}

void StoreSuite::removeWorkflowDeletesItsTasksAndLogs()
{
    auto store = openStore();
    QVERIFY(store);
    for (const QString &wf : {QStringLiteral("wf-a"), QStringLiteral("wf-b")}) {
        store->saveWorkflow(makeWorkflow(wf));
        store->saveTask(makeTask(wf + QStringLiteral("-t1"), wf, 1));
        store->saveTask(makeTask(wf + QStringLiteral("-t2"), wf, 2));
        store->appendTaskLogs({TaskLog{wf + QStringLiteral("-t1"), QStringLiteral("log of ") + wf, 5}});
    }
    QVERIFY(store->flush().ok());
    store->removeWorkflow(QStringLiteral("wf-a"));
    QVERIFY(store->flush().ok());
    QVERIFY(!store->loadWorkflow(QStringLiteral("wf-a")).value().has_value());
    QVERIFY(!store->loadTask(QStringLiteral("wf-a-t1")).value().has_value());
    QVERIFY(store->loadTaskLogs(QStringLiteral("wf-a-t1")).value().isEmpty());
    QCOMPARE(store->loadWorkflow(QStringLiteral("wf-b")).value()->tasks.size(), 2);
    QCOMPARE(store->loadTaskLogs(QStringLiteral("wf-b-t1")).value().size(), 1);
    QCOMPARE(countRows(QStringLiteral("tasks")), 2);
    QCOMPARE(countRows(QStringLiteral("task_logs")), 1);
}

void StoreSuite::findsWorkflowsByIdempotencyKey()
{
    {
        auto store = openStore();
        QVERIFY(store);
        Workflow ended = makeWorkflow(QStringLiteral("wf-k1"), WorkflowStatus::Completed, 1000);
        ended.idempotencyKey = QStringLiteral("order-1");
        Workflow newer = makeWorkflow(QStringLiteral("wf-k2"), WorkflowStatus::Running, 2000);
        newer.idempotencyKey = QStringLiteral("order-1");
        Workflow other = makeWorkflow(QStringLiteral("wf-k3"), WorkflowStatus::Failed, 3000);
        other.idempotencyKey = QStringLiteral("order-2");
        store->saveWorkflow(ended);
        store->saveWorkflow(newer);
        store->saveWorkflow(other);
        store->saveWorkflow(makeWorkflow(QStringLiteral("wf-nokey"), WorkflowStatus::Completed, 4000));
        store->close();
    }
    auto store = openStore(); // after a restart
    QVERIFY(store);
    auto found = store->findByIdempotencyKey(QStringLiteral("order-1"));
    QVERIFY(found.ok());
    QVERIFY(found.value());
    QCOMPARE(found.value()->workflowId, QStringLiteral("wf-k2")); // the newest of that key
    QCOMPARE(toString(found.value()->status), toString(WorkflowStatus::Running));
    found = store->findByIdempotencyKey(QStringLiteral("order-2"));
    QVERIFY(found.ok() && found.value());
    QCOMPARE(found.value()->workflowId, QStringLiteral("wf-k3"));
    QCOMPARE(toString(found.value()->status), toString(WorkflowStatus::Failed));
    QVERIFY(!store->findByIdempotencyKey(QStringLiteral("order-3")).value());
    QVERIFY(!store->findByIdempotencyKey(QString()).value()); // no key is not a key
    auto loaded = store->loadWorkflow(QStringLiteral("wf-k1"));
    QVERIFY(loaded.ok() && loaded.value());
    QCOMPARE(loaded.value()->workflow.idempotencyKey, QStringLiteral("order-1"));
    QCOMPARE(queryOutside(QStringLiteral("SELECT idempotency_key FROM workflows WHERE id = 'wf-k3'")).toString(),
             QStringLiteral("order-2"));
    QCOMPARE(queryOutside(QStringLiteral("SELECT idempotency_key FROM workflows WHERE id = 'wf-nokey'")).toString(), QString());
    store->removeWorkflow(QStringLiteral("wf-k3"));
    QVERIFY(store->flush().ok());
    QVERIFY(!store->findByIdempotencyKey(QStringLiteral("order-2")).value());
}
