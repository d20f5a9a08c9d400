// REST tests of the workflow and task actions of WorkflowActionRoutes, WorkflowBulkRoutes and
// TaskActionRoutes: status codes, bodies and the Content-Type rules of spec §0 (text/plain ids,
// void = 200 without body or Content-Type, 204 without either), and bad input.

#include "ApiFixture.h"

#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

QJsonObject taskOf(const QJsonObject &wf, const QString &ref)
{
    QJsonObject last;
    for (const QJsonValue &v : wf.value(QStringLiteral("tasks")).toArray())
        if (v.toObject().value(QStringLiteral("referenceTaskName")).toString() == ref)
            last = v.toObject();
    return last;
}

QString str(const QJsonObject &o, const char *key) { return o.value(QLatin1String(key)).toString(); }

} // namespace

class TestWorkflowActionsApi : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;

    // Starts a workflow of two SIMPLE tasks (refs r1, r2) of task type `type`.
    QString start(const QByteArray &type)
    {
        const QByteArray name = "act_" + type;
        if (m_api.call("GET", "/api/metadata/workflow/" + name, m_api.viewer).status == 404) {
            const QByteArray def = "{\"name\":\"" + name + "\",\"version\":1,\"schemaVersion\":2,\"tasks\":["
                                   "{\"name\":\"" + type + "\",\"taskReferenceName\":\"r1\"},"
                                   "{\"name\":\"" + type + "\",\"taskReferenceName\":\"r2\"}]}";
            const RawResponse reg = m_api.call("POST", "/api/metadata/workflow", m_api.admin, def);
            if (reg.status != 200)
                qWarning("register: %d %s", reg.status, reg.body.constData());
        }
        return QString::fromUtf8(m_api.call("POST", "/api/workflow/" + name, m_api.operatorAuth, "{}").body);
    }
    QJsonObject workflow(const QString &id) { return obj(m_api.call("GET", "/api/workflow/" + id.toUtf8(), m_api.viewer)); }
    QJsonObject pollOne(const QByteArray &type)
    {
        return arr(m_api.call("GET", "/api/tasks/poll/batch/" + type + "?timeout=0&workerid=w1", m_api.operatorAuth))
            .first()
            .toObject();
    }
    // A task that a child workflow schedules (its start is queued on the engine thread).
    QJsonObject pollSoon(const QByteArray &type)
    {
        for (int i = 0; i < 100; ++i) {
            const QJsonArray got = arr(m_api.call("GET", "/api/tasks/poll/batch/" + type + "?timeout=0&workerid=w1", m_api.operatorAuth));
            if (!got.isEmpty())
                return got.first().toObject();
            QTest::qWait(50);
        }
        return {};
    }
    void complete(const QString &wfId, const QJsonObject &task)
    {
        const QByteArray body = "{\"taskId\":\"" + str(task, "taskId").toUtf8() + "\",\"workflowInstanceId\":\""
            + wfId.toUtf8() + "\",\"status\":\"COMPLETED\",\"workerId\":\"w1\"}";
        QCOMPARE(m_api.call("POST", "/api/tasks", m_api.operatorAuth, body).status, 200);
    }
    static void verifyVoid(const RawResponse &r)
    {
        QVERIFY2(r.status == 200, r.body.constData());
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.hasHeader("Content-Type"));
    }
    static void verifyError(const RawResponse &r, int status, const QString &containing)
    {
        QVERIFY2(r.status == status, (QByteArray::number(r.status) + ' ' + r.body).constData());
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(obj(r).value(QStringLiteral("status")).toInt(), status);
        QVERIFY2(str(obj(r), "message").contains(containing), r.body.constData());
    }

private slots:
    void initTestCase() { QVERIFY(m_api.start().isEmpty()); }

    // resumeSubworkflowTasks=true: the failed child is retried and the parent's SUB_WORKFLOW task
    // waits for it again (204); without the flag a new child is started.
    void retryResumesTheFailedSubWorkflow()
    {
        const QByteArray child = R"J({"name":"resume_child","version":1,"schemaVersion":2,"tasks":[
            {"name":"resume_t","taskReferenceName":"c1"}]})J";
        const QByteArray parent = R"J({"name":"resume_parent","version":1,"schemaVersion":2,"tasks":[
            {"name":"sub","taskReferenceName":"sub","type":"SUB_WORKFLOW","subWorkflowParam":{"name":"resume_child","version":1}}]})J";
        QCOMPARE(m_api.call("POST", "/api/metadata/taskdefs", m_api.admin, R"J([{"name":"resume_t","retryCount":0}])J").status, 200);
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow", m_api.admin, child).status, 200);
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow", m_api.admin, parent).status, 200);
        const QString id = QString::fromUtf8(m_api.call("POST", "/api/workflow/resume_parent", m_api.operatorAuth, "{}").body);
        QJsonObject t = pollSoon("resume_t");
        QVERIFY(!t.isEmpty());
        const QByteArray fail = "{\"taskId\":\"" + str(t, "taskId").toUtf8() + "\",\"workflowInstanceId\":\""
            + str(t, "workflowInstanceId").toUtf8() + "\",\"status\":\"FAILED\",\"workerId\":\"w1\"}";
        QCOMPARE(m_api.call("POST", "/api/tasks", m_api.operatorAuth, fail).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(str(workflow(id), "status"), QStringLiteral("FAILED"), 5000);
        const QJsonObject sub = taskOf(workflow(id), QStringLiteral("sub"));
        const QString childId = str(sub, "subWorkflowId");
        QCOMPARE(str(workflow(childId), "status"), QStringLiteral("FAILED"));

        verifyError(m_api.call("POST", "/api/workflow/" + id.toUtf8() + "/retry?resumeSubworkflowTasks=maybe", m_api.operatorAuth),
                    400, QStringLiteral("resumeSubworkflowTasks"));
        const RawResponse r = m_api.call("POST", "/api/workflow/" + id.toUtf8() + "/retry?resumeSubworkflowTasks=true", m_api.operatorAuth);
        QCOMPARE(r.status, 204);
        QVERIFY(r.body.isEmpty());
        QJsonObject wf = workflow(id);
        QCOMPARE(str(wf, "status"), QStringLiteral("RUNNING"));
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().size(), 1);
        QCOMPARE(str(taskOf(wf, QStringLiteral("sub")), "status"), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(str(taskOf(wf, QStringLiteral("sub")), "taskId"), str(sub, "taskId"));
        QCOMPARE(str(workflow(childId), "status"), QStringLiteral("RUNNING"));
        t = pollSoon("resume_t");
        QCOMPARE(str(t, "workflowInstanceId"), childId);
        QCOMPARE(t.value(QStringLiteral("retryCount")).toInt(), 1);
        complete(childId, t);
        QTRY_COMPARE_WITH_TIMEOUT(str(workflow(id), "status"), QStringLiteral("COMPLETED"), 5000);
        QCOMPARE(str(taskOf(workflow(id), QStringLiteral("sub")), "subWorkflowId"), childId);
        // Nothing failed any more: 409 either way.
        verifyError(m_api.call("POST", "/api/workflow/" + id.toUtf8() + "/retry?resumeSubworkflowTasks=true", m_api.operatorAuth),
                    409, QStringLiteral("no retryable tasks"));
    }

    void terminateRemove()
    {
        const QString id = start("tr_t");
        verifyVoid(m_api.call("DELETE", "/api/workflow/" + id.toUtf8() + "/terminate-remove?reason=cleanup&archiveWorkflow=false",
                              m_api.admin));
        verifyError(m_api.call("GET", "/api/workflow/" + id.toUtf8(), m_api.viewer), 404, QStringLiteral("not found"));
        verifyError(m_api.call("DELETE", "/api/workflow/nope/terminate-remove", m_api.admin), 404,
                    QStringLiteral("No such workflow found by id: nope"));
        verifyError(m_api.call("DELETE", "/api/workflow/x/terminate-remove?archiveWorkflow=maybe", m_api.admin), 400,
                    QStringLiteral("archiveWorkflow"));
        const QString done = start("tr_t");
        complete(done, pollOne("tr_t"));
        complete(done, pollOne("tr_t"));
        verifyError(m_api.call("DELETE", "/api/workflow/" + done.toUtf8() + "/terminate-remove", m_api.admin), 409,
                    QStringLiteral("Cannot terminate a COMPLETED workflow"));
        QCOMPARE(str(workflow(done), "status"), QStringLiteral("COMPLETED"));
    }

    void skipTask()
    {
        const QString id = start("skip_t");
        const QByteArray base = "/api/workflow/" + id.toUtf8() + "/skiptask/";
        verifyError(m_api.call("PUT", base + "r1", m_api.operatorAuth, "{\"taskOutput\":"), 400, QStringLiteral("Malformed JSON"));
        const RawResponse bad = m_api.call("PUT", base + "r1", m_api.operatorAuth, "{\"taskOutput\":[1]}");
        verifyError(bad, 400, QStringLiteral("Invalid SkipTaskRequest"));
        QCOMPARE(str(obj(bad).value(QStringLiteral("validationErrors")).toArray().first().toObject(), "path"),
                 QStringLiteral("taskOutput"));
        verifyError(m_api.call("PUT", base + "zz", m_api.operatorAuth), 404, QStringLiteral("does not exist"));
        verifyError(m_api.call("PUT", "/api/workflow/nope/skiptask/r1", m_api.operatorAuth), 404, QStringLiteral("nope"));

        verifyVoid(m_api.call("PUT", base + "r1", m_api.operatorAuth, "{\"taskOutput\":{\"k\":1},\"taskInput\":null}"));
        const QJsonObject wf = workflow(id);
        QCOMPARE(str(taskOf(wf, QStringLiteral("r1")), "status"), QStringLiteral("SKIPPED"));
        QCOMPARE(taskOf(wf, QStringLiteral("r1")).value(QStringLiteral("outputData")).toObject().value(QStringLiteral("k")).toInt(), 1);
        QCOMPARE(str(taskOf(wf, QStringLiteral("r2")), "status"), QStringLiteral("SCHEDULED"));
        verifyError(m_api.call("PUT", base + "r1", m_api.operatorAuth), 409, QStringLiteral("already been processed"));
        verifyVoid(m_api.call("PUT", base + "r2", m_api.operatorAuth)); // no body at all
        QCOMPARE(str(workflow(id), "status"), QStringLiteral("COMPLETED"));
        verifyError(m_api.call("PUT", base + "r2", m_api.operatorAuth), 409, QStringLiteral("not RUNNING"));
    }

    void skipAheadOfItsTurn()
    {
        // A ref not scheduled yet is recorded SKIPPED and passed over when its turn comes.
        const QString id = start("skipahead_t");
        verifyVoid(m_api.call("PUT", "/api/workflow/" + id.toUtf8() + "/skiptask/r2", m_api.operatorAuth,
                              "{\"taskOutput\":{\"skipped\":true}}"));
        QJsonObject wf = workflow(id);
        QCOMPARE(str(taskOf(wf, QStringLiteral("r2")), "status"), QStringLiteral("SKIPPED"));
        QCOMPARE(str(taskOf(wf, QStringLiteral("r1")), "status"), QStringLiteral("SCHEDULED"));
        QCOMPARE(str(wf, "status"), QStringLiteral("RUNNING"));
        complete(id, pollOne("skipahead_t"));
        wf = workflow(id);
        QCOMPARE(str(wf, "status"), QStringLiteral("COMPLETED"));
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().size(), 2);
        QVERIFY(arr(m_api.call("GET", "/api/tasks/poll/batch/skipahead_t?timeout=0&workerid=w1", m_api.operatorAuth)).isEmpty());
    }

    void resetCallbacksAndDecide()
    {
        const QString id = start("cb_t");
        const QJsonObject t = pollOne("cb_t");
        const QByteArray progress = "{\"taskId\":\"" + str(t, "taskId").toUtf8() + "\",\"workflowInstanceId\":\""
            + id.toUtf8() + "\",\"status\":\"IN_PROGRESS\",\"callbackAfterSeconds\":3600,\"workerId\":\"w1\"}";
        QCOMPARE(m_api.call("POST", "/api/tasks", m_api.operatorAuth, progress).status, 200);
        QVERIFY(pollOne("cb_t").isEmpty());
        const RawResponse r = m_api.call("POST", "/api/workflow/" + id.toUtf8() + "/resetcallbacks", m_api.operatorAuth);
        QCOMPARE(r.status, 204);
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.hasHeader("Content-Type"));
        QCOMPARE(str(pollOne("cb_t"), "taskId"), str(t, "taskId"));
        verifyError(m_api.call("POST", "/api/workflow/nope/resetcallbacks", m_api.operatorAuth), 404, QStringLiteral("nope"));

        verifyVoid(m_api.call("PUT", "/api/workflow/decide/" + id.toUtf8(), m_api.operatorAuth));
        QCOMPARE(workflow(id).value(QStringLiteral("tasks")).toArray().size(), 1);
        verifyError(m_api.call("PUT", "/api/workflow/decide/nope", m_api.operatorAuth), 404, QStringLiteral("nope"));
        verifyError(m_api.call("PUT", "/api/workflow/decide/a..b", m_api.operatorAuth), 400, QStringLiteral("workflowId"));
    }

    void bulkActions()
    {
        const QString a = start("bulk_t");
        const QString b = start("bulk_t");
        const QByteArray ids = "[\"" + a.toUtf8() + "\",\"" + b.toUtf8() + "\",\"missing\"]";
        RawResponse r = m_api.call("PUT", "/api/workflow/bulk/pause", m_api.operatorAuth, ids);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(obj(r).value(QStringLiteral("bulkSuccessfulResults")).toArray(), (QJsonArray{a, b}));
        QCOMPARE(obj(r).value(QStringLiteral("bulkErrorResults")).toObject(),
                 (QJsonObject{{QStringLiteral("missing"), QStringLiteral("No such workflow found by id: missing")}}));
        QCOMPARE(str(workflow(b), "status"), QStringLiteral("PAUSED"));

        r = m_api.call("PUT", "/api/workflow/bulk/resume", m_api.operatorAuth, ids);
        QCOMPARE(obj(r).value(QStringLiteral("bulkSuccessfulResults")).toArray().size(), 2);
        r = m_api.call("POST", "/api/workflow/bulk/terminate?reason=bulk%20stop", m_api.operatorAuth, ids);
        QCOMPARE(obj(r).value(QStringLiteral("bulkSuccessfulResults")).toArray().size(), 2);
        QCOMPARE(str(workflow(a), "reasonForIncompletion"), QStringLiteral("bulk stop"));
        r = m_api.call("POST", "/api/workflow/bulk/retry", m_api.operatorAuth, "[\"" + a.toUtf8() + "\"]");
        QCOMPARE(obj(r).value(QStringLiteral("bulkSuccessfulResults")).toArray(), QJsonArray{a});
        QCOMPARE(str(workflow(a), "status"), QStringLiteral("RUNNING"));
        r = m_api.call("POST", "/api/workflow/bulk/restart?useLatestDefinitions=true", m_api.operatorAuth,
                       "[\"" + a.toUtf8() + "\",\"" + b.toUtf8() + "\"]");
        QCOMPARE(obj(r).value(QStringLiteral("bulkSuccessfulResults")).toArray(), QJsonArray{b});
        QVERIFY(obj(r).value(QStringLiteral("bulkErrorResults")).toObject().value(a).toString().contains(QStringLiteral("RUNNING")));
        QCOMPARE(str(workflow(b), "status"), QStringLiteral("RUNNING"));
    }

    void bulkBadInput()
    {
        QByteArray many = "[";
        for (int i = 0; i < 1001; ++i)
            many += (i ? ",\"w" : "\"w") + QByteArray::number(i) + '"';
        many += ']';
        verifyError(m_api.call("POST", "/api/workflow/bulk/terminate", m_api.operatorAuth, many), 400,
                    QStringLiteral("Cannot process more than 1000 workflows"));
        verifyError(m_api.call("PUT", "/api/workflow/bulk/pause", m_api.operatorAuth, "[\"a\","), 400,
                    QStringLiteral("Malformed JSON in request body at offset"));
        verifyError(m_api.call("PUT", "/api/workflow/bulk/pause", m_api.operatorAuth, "{\"ids\":[]}"), 400,
                    QStringLiteral("JSON array of workflow ids"));
        verifyError(m_api.call("PUT", "/api/workflow/bulk/pause", m_api.operatorAuth, "[]"), 400, QStringLiteral("cannot be empty"));
        verifyError(m_api.call("PUT", "/api/workflow/bulk/pause", m_api.operatorAuth), 400, QStringLiteral("body is empty"));
        const RawResponse r = m_api.call("PUT", "/api/workflow/bulk/resume", m_api.operatorAuth, "[\"ok\", 7, \"../x\"]");
        verifyError(r, 400, QStringLiteral("2 element(s)"));
        const QJsonArray errors = obj(r).value(QStringLiteral("validationErrors")).toArray();
        QCOMPARE(str(errors.at(0).toObject(), "path"), QStringLiteral("[1]"));
        QCOMPARE(str(errors.at(1).toObject(), "path"), QStringLiteral("[2]"));
        verifyError(m_api.call("POST", "/api/workflow/bulk/restart?useLatestDefinitions=sometimes", m_api.operatorAuth, "[\"a\"]"),
                    400, QStringLiteral("useLatestDefinitions"));
    }

    void updateByReferenceName()
    {
        const QString id = start("ref_t");
        const QByteArray base = "/api/tasks/" + id.toUtf8();
        const QString r1 = str(taskOf(workflow(id), QStringLiteral("r1")), "taskId");
        RawResponse r = m_api.call("POST", base + "/r1/COMPLETED?workerid=ops", m_api.operatorAuth, "{\"a\":1}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain;charset=UTF-8"));
        QCOMPARE(QString::fromUtf8(r.body), r1);
        QCOMPARE(taskOf(workflow(id), QStringLiteral("r1")).value(QStringLiteral("outputData")).toObject().value(QStringLiteral("a")).toInt(), 1);
        verifyVoid(m_api.call("POST", base + "/r1/COMPLETED", m_api.operatorAuth, "{}")); // nothing pending
        verifyError(m_api.call("POST", base + "/r1/COMPLETED/sync", m_api.operatorAuth), 404, QStringLiteral("no pending task"));
        r = m_api.call("POST", base + "/r2/COMPLETED/sync", m_api.operatorAuth); // no body = {}
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(str(obj(r), "status"), QStringLiteral("COMPLETED"));
        verifyError(m_api.call("POST", base + "/r1/DONE", m_api.operatorAuth, "{}"), 400, QStringLiteral("'status'"));
        verifyError(m_api.call("POST", base + "/r1/COMPLETED", m_api.operatorAuth, "[1]"), 400, QStringLiteral("JSON object"));
        verifyError(m_api.call("POST", "/api/tasks/nope/r1/COMPLETED", m_api.operatorAuth, "{}"), 404,
                    QStringLiteral("No such workflow found by id: nope"));
    }

    void signalIsRoutedBeforeUpdateByRef()
    {
        const QString id = start("sig_t");
        const QByteArray base = "/api/tasks/" + id.toUtf8();
        // Matched as signal (not as ref "COMPLETED" with status "signal"): no WAIT task -> 404.
        verifyError(m_api.call("POST", base + "/COMPLETED/signal", m_api.operatorAuth, "{}"), 404,
                    QStringLiteral("no pending WAIT or HUMAN task"));
        verifyError(m_api.call("POST", base + "/COMPLETED/signal/sync", m_api.operatorAuth, "{}"), 404,
                    QStringLiteral("no pending WAIT or HUMAN task"));
        verifyError(m_api.call("POST", base + "/IN_PROGRESS/signal", m_api.operatorAuth, "{}"), 400, QStringLiteral("'status'"));
        verifyError(m_api.call("POST", base + "/COMPLETED/signal/sync?returnStrategy=BLOCKING_TASK", m_api.operatorAuth, "{}"),
                    400, QStringLiteral("returnStrategy"));
        verifyError(m_api.call("POST", "/api/tasks/nope/COMPLETED/signal", m_api.operatorAuth, "{}"), 404, QStringLiteral("nope"));
    }

    void signalCompletesAWaitTask()
    {
        const QByteArray start = R"({"name":"sig_wait","workflowDef":{"name":"sig_wait","version":1,"schemaVersion":2,
            "tasks":[{"name":"hold","taskReferenceName":"hold","type":"WAIT"},
                     {"name":"sig_after","taskReferenceName":"after"}]},"input":{}})";
        const RawResponse started = m_api.call("POST", "/api/workflow", m_api.operatorAuth, start);
        if (started.status == 400 && started.body.contains("does not run yet"))
            QSKIP("WAIT is not a system task of this engine yet (refused at start)");
        QCOMPARE(started.status, 200);
        const QByteArray id = started.body;
        const RawResponse r = m_api.call("POST", "/api/tasks/" + id + "/COMPLETED/signal/sync", m_api.operatorAuth,
                                         "{\"approved\":true}");
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(str(obj(r), "responseType"), QStringLiteral("TARGET_WORKFLOW"));
        QCOMPARE(str(obj(r), "targetWorkflowId"), QString::fromUtf8(id));
        const QJsonObject hold = taskOf(obj(r), QStringLiteral("hold"));
        QCOMPARE(str(hold, "status"), QStringLiteral("COMPLETED"));
        QCOMPARE(hold.value(QStringLiteral("outputData")).toObject().value(QStringLiteral("approved")).toBool(), true);
        QCOMPARE(str(taskOf(obj(r), QStringLiteral("after")), "status"), QStringLiteral("SCHEDULED"));
    }

    void queueFigures()
    {
        start("q_t");
        start("q_t");
        RawResponse r = m_api.call("GET", "/api/tasks/queue/size?taskType=q_t", m_api.viewer);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.body, QByteArray("2"));
        QCOMPARE(m_api.call("GET", "/api/tasks/queue/size?taskType=q_t&domain=eu", m_api.viewer).body, QByteArray("0"));
        verifyError(m_api.call("GET", "/api/tasks/queue/size", m_api.viewer), 400, QStringLiteral("taskType"));
        r = m_api.call("GET", "/api/tasks/queue/all", m_api.viewer);
        QCOMPARE(obj(r).value(QStringLiteral("q_t")).toInt(), 2);
        r = m_api.call("GET", "/api/tasks/queue/sizes?taskType=q_t&taskType=none,other", m_api.viewer);
        QCOMPARE(obj(r), (QJsonObject{{QStringLiteral("q_t"), 2}, {QStringLiteral("none"), 0}, {QStringLiteral("other"), 0}}));
    }

    void restartWithLatestDefinition()
    {
        const QString id = start("rs_t");
        QCOMPARE(m_api.call("DELETE", "/api/workflow/" + id.toUtf8(), m_api.operatorAuth).status, 200);
        const QByteArray v2 = R"({"name":"act_rs_t","version":2,"schemaVersion":2,"tasks":[{"name":"rs_v2","taskReferenceName":"r1"}]})";
        QCOMPARE(m_api.call("POST", "/api/metadata/workflow", m_api.admin, v2).status, 200);
        const RawResponse r = m_api.call("POST", "/api/workflow/" + id.toUtf8() + "/restart?useLatestDefinitions=true",
                                         m_api.operatorAuth);
        QCOMPARE(r.status, 204);
        QCOMPARE(workflow(id).value(QStringLiteral("workflowVersion")).toInt(), 2);
        QVERIFY(!pollOne("rs_v2").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWorkflowActionsApi)
#include "test_workflow_actions_api.moc"
