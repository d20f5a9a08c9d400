#include "core/WorkflowDef.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace orrery;

namespace {

QJsonObject obj(const QString &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s in %s", qPrintable(pe.errorString()), qPrintable(json));
    return doc.object();
}

// A workflow named "wf" with the given tasks array.
QJsonObject withTasks(const QString &tasks)
{
    return obj(QString::fromUtf8(R"({"name": "wf", "tasks": %1})").arg(tasks));
}

QStringList problems(const Result<WorkflowDef> &r)
{
    QStringList out;
    if (r.ok())
        return out;
    for (const FieldError &e : r.error().fieldErrors)
        out << e.path + QStringLiteral(": ") + e.message;
    return out;
}

bool hasError(const Result<WorkflowDef> &r, const QString &path, const QString &messagePart)
{
    if (r.ok())
        return false;
    for (const FieldError &e : r.error().fieldErrors) {
        if (e.path == path && e.message.contains(messagePart))
            return true;
    }
    return false;
}

const char *kComplex = R"({
  "name": "complex_flow", "description": "all kinds", "version": 3, "ownerEmail": "a@b.c",
  "projectId": "proj-7", "failureWorkflow": "cleanup", "timeoutPolicy": "TIME_OUT_WF", "timeoutSeconds": 600,
  "outputParameters": {"r": "${fin.output.result}"}, "variables": {"v": 1}, "inputTemplate": {"i": 2},
  "orkesOnly": {"keep": true},
  "tasks": [
    {"name": "fetch", "taskReferenceName": "fetch", "inputParameters": {"u": "${workflow.input.url}"},
     "taskDefinition": {"retryCount": 1, "responseTimeoutSeconds": 10}, "extraTaskField": "kept"},
    {"name": "route", "taskReferenceName": "route", "type": "SWITCH", "evaluatorType": "value-param",
     "expression": "kind", "inputParameters": {"kind": "${fetch.output.kind}"},
     "decisionCases": {"a": [{"name": "a1", "taskReferenceName": "a1"}],
                       "b": [{"name": "b1", "taskReferenceName": "b1", "optional": true}]},
     "defaultCase": [{"name": "d1", "taskReferenceName": "d1"}]},
    {"name": "fork", "taskReferenceName": "fork", "type": "FORK_JOIN",
     "forkTasks": [[{"name": "f1", "taskReferenceName": "f1"}, {"name": "f2", "taskReferenceName": "f2"}],
                   [{"name": "g1", "taskReferenceName": "g1", "startDelay": 5}]]},
    {"name": "join", "taskReferenceName": "join", "type": "JOIN", "joinOn": ["f2", "g1"]},
    {"name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE", "loopCondition": "$.loop.iteration < 3",
     "loopOver": [{"name": "l1", "taskReferenceName": "l1", "retryCount": 2}]},
    {"name": "child", "taskReferenceName": "child", "type": "SUB_WORKFLOW",
     "subWorkflowParam": {"name": "other", "version": 2}},
    {"name": "fin", "taskReferenceName": "fin", "type": "INLINE",
     "inputParameters": {"evaluatorType": "javascript", "expression": "1", "x": "${l1.output.y} and ${g1.output.z}"}}
  ]
})";

} // namespace

class TestWorkflowDef : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAreFilled()
    {
        const auto r = WorkflowDef::fromJson(withTasks(QString::fromUtf8(R"([{"name": "a", "taskReferenceName": "a_ref"}])")));
        QVERIFY2(r.ok(), qPrintable(problems(r).join(u'\n')));
        QCOMPARE(r->version, 1);
        QCOMPARE(r->timeoutPolicy, QStringLiteral("ALERT_ONLY"));
        QVERIFY(r->restartable);
        const QJsonObject j = r->toJson();
        QCOMPARE(j.value(QStringLiteral("version")), QJsonValue(1));
        QCOMPARE(j.value(QStringLiteral("schemaVersion")), QJsonValue(2));
        QCOMPARE(j.value(QStringLiteral("restartable")), QJsonValue(true));
        QCOMPARE(j.value(QStringLiteral("timeoutPolicy")), QJsonValue(QStringLiteral("ALERT_ONLY")));
        QCOMPARE(j.value(QStringLiteral("timeoutSeconds")), QJsonValue(0));
        QCOMPARE(j.value(QStringLiteral("inputParameters")), QJsonValue(QJsonArray()));
        QCOMPARE(j.value(QStringLiteral("outputParameters")), QJsonValue(QJsonObject()));
        QCOMPARE(j.value(QStringLiteral("variables")), QJsonValue(QJsonObject()));
        QCOMPARE(j.value(QStringLiteral("inputTemplate")), QJsonValue(QJsonObject()));
        QCOMPARE(j.value(QStringLiteral("workflowStatusListenerEnabled")), QJsonValue(false));
        const QJsonObject t = j.value(QStringLiteral("tasks")).toArray().first().toObject();
        QCOMPARE(t.value(QStringLiteral("type")), QJsonValue(QStringLiteral("SIMPLE")));
        QCOMPARE(t.value(QStringLiteral("inputParameters")), QJsonValue(QJsonObject()));
        QCOMPARE(t.value(QStringLiteral("startDelay")), QJsonValue(0));
        QCOMPARE(t.value(QStringLiteral("optional")), QJsonValue(false));
        QCOMPARE(t.value(QStringLiteral("asyncComplete")), QJsonValue(false));
        QVERIFY(!t.contains(QStringLiteral("decisionCases"))); // empty collections are left out
        QVERIFY(!t.contains(QStringLiteral("loopOver")));
        QCOMPARE(r->tasks.front().type, QStringLiteral("SIMPLE"));
        QCOMPARE(r->json, j);
    }

    void parsesNestedStructure()
    {
        const auto r = WorkflowDef::fromJson(obj(QString::fromUtf8(kComplex)));
        QVERIFY2(r.ok(), qPrintable(problems(r).join(u'\n')));
        const WorkflowDef &d = *r;
        QCOMPARE(d.name, QStringLiteral("complex_flow"));
        QCOMPARE(d.version, 3);
        QCOMPARE(d.projectId, QStringLiteral("proj-7"));
        QCOMPARE(d.failureWorkflow, QStringLiteral("cleanup"));
        QCOMPARE(d.timeoutPolicy, QStringLiteral("TIME_OUT_WF"));
        QCOMPARE(d.timeoutSeconds, 600);
        QCOMPARE(d.outputParameters.value(QStringLiteral("r")), QJsonValue(QStringLiteral("${fin.output.result}")));
        QCOMPARE(d.tasks.size(), size_t(7));
        const WorkflowTask &sw = d.tasks[1];
        QCOMPARE(sw.type, QStringLiteral("SWITCH"));
        QCOMPARE(sw.evaluatorType, QStringLiteral("value-param"));
        QCOMPARE(sw.expression, QStringLiteral("kind"));
        QCOMPARE(sw.decisionCases.size(), 2);
        QCOMPARE(sw.decisionCases.value(QStringLiteral("b")).front().optional, true);
        QCOMPARE(sw.defaultCase.size(), size_t(1));
        QCOMPARE(d.tasks[2].forkTasks.size(), size_t(2));
        QCOMPARE(d.tasks[2].forkTasks[1][0].startDelay, 5);
        QCOMPARE(d.tasks[3].joinOn, (QStringList{"f2", "g1"}));
        QCOMPARE(d.tasks[4].loopCondition, QStringLiteral("$.loop.iteration < 3"));
        QCOMPARE(d.tasks[4].loopOver.front().retryCount, std::optional<int>(2));
        QCOMPARE(d.tasks[5].subWorkflowParam.value(QStringLiteral("name")), QJsonValue(QStringLiteral("other")));
        // Inline TaskDef: parsed, named after the task, defaults filled.
        QVERIFY(d.tasks[0].taskDefinition.has_value());
        QCOMPARE(d.tasks[0].taskDefinition->name, QStringLiteral("fetch"));
        QCOMPARE(d.tasks[0].taskDefinition->retryCount, 1);
        QCOMPARE(d.tasks[0].taskDefinition->retryDelaySeconds, 60);
        // Unknown fields are kept at every level.
        QCOMPARE(d.json.value(QStringLiteral("orkesOnly")), QJsonValue(obj(QString::fromUtf8(R"({"keep": true})"))));
        QCOMPARE(d.tasks[0].json.value(QStringLiteral("extraTaskField")), QJsonValue(QStringLiteral("kept")));
        // Nested children are normalised inside their parent's json.
        const QJsonObject caseA = d.tasks[1].json.value(QStringLiteral("decisionCases")).toObject()
                                      .value(QStringLiteral("a")).toArray().first().toObject();
        QCOMPARE(caseA.value(QStringLiteral("type")), QJsonValue(QStringLiteral("SIMPLE")));
    }

    void findByRefSearchesNestedTasks()
    {
        const WorkflowDef d = *WorkflowDef::fromJson(obj(QString::fromUtf8(kComplex)));
        for (const char *ref : {"fetch", "a1", "b1", "d1", "f1", "f2", "g1", "join", "l1", "child", "fin"}) {
            const WorkflowTask *t = d.findByRef(QLatin1String(ref));
            QVERIFY2(t, ref);
            QCOMPARE(t->taskReferenceName, QLatin1String(ref));
        }
        QVERIFY(!d.findByRef(QStringLiteral("nope")));
        QCOMPARE(d.allTasks().size(), size_t(14));
        QCOMPARE(d.allTasks().front()->taskReferenceName, QStringLiteral("fetch"));
    }

    void roundTrip()
    {
        const auto first = WorkflowDef::fromJson(obj(QString::fromUtf8(kComplex)));
        QVERIFY(first.ok());
        const auto second = WorkflowDef::fromJson(first->toJson());
        QVERIFY2(second.ok(), qPrintable(problems(second).join(u'\n')));
        QCOMPARE(second->toJson(), first->toJson());
        QVERIFY(*second == *first);
        // Typed changes show in the echo.
        WorkflowDef changed = *first;
        changed.createTime = 1234;
        changed.version = 9;
        QCOMPARE(changed.toJson().value(QStringLiteral("createTime")), QJsonValue(1234));
        QCOMPARE(changed.toJson().value(QStringLiteral("version")), QJsonValue(9));
    }

    void lenientReading()
    {
        const auto r = WorkflowDef::fromJson(obj(QString::fromUtf8(R"({"name": "wf", "version": null, "restartable": null,
            "schemaVersion": null, "description": null, "newField": 1,
            "tasks": [{"name": "a", "taskReferenceName": "a", "type": null, "optional": null, "whatever": "x"}]})")));
        QVERIFY2(r.ok(), qPrintable(problems(r).join(u'\n')));
        QCOMPARE(r->version, 1);
        QVERIFY(r->restartable);
        QCOMPARE(r->tasks.front().type, QStringLiteral("SIMPLE"));
        QCOMPARE(r->json.value(QStringLiteral("newField")), QJsonValue(1));
        QVERIFY(!r->json.contains(QStringLiteral("description")));
        QCOMPARE(r->tasks.front().json.value(QStringLiteral("whatever")), QJsonValue(QStringLiteral("x")));
    }

    void refsMayPointIntoNestedTasks()
    {
        // "fin" (top level) refers to l1 (inside DO_WHILE) and g1 (inside a fork): both exist.
        QVERIFY(WorkflowDef::fromJson(obj(QString::fromUtf8(kComplex))).ok());
        // Expressions in escapes, system names and nested tasks' inputs are not checked.
        const auto r = WorkflowDef::fromJson(withTasks(QString::fromUtf8(R"([
          {"name": "a", "taskReferenceName": "a", "inputParameters": {"e": "$${ghost.output}", "id": "${CPEWF_TASK_ID}",
            "w": "${workflow.input.x}", "s": "${workflow.secrets.k}"}},
          {"name": "loop", "taskReferenceName": "loop", "type": "DO_WHILE", "loopCondition": "true",
           "loopOver": [{"name": "b", "taskReferenceName": "b", "inputParameters": {"x": "${ghost.output.y}"}}]}])")));
        QVERIFY2(r.ok(), qPrintable(problems(r).join(u'\n')));
    }

    void waitInputs()
    {
        for (const char *ok : {"30s", "1h 5m", "2 days", "1d2h3m4s", " 10 minutes ", "${workflow.input.d}"}) {
            const auto r = WorkflowDef::fromJson(withTasks(QString::fromUtf8(
                R"([{"name": "w", "taskReferenceName": "w", "type": "WAIT", "inputParameters": {"duration": "%1"}}])").arg(QLatin1String(ok))));
            QVERIFY2(r.ok(), ok);
        }
        for (const char *ok : {"2030-01-02 10:00", "2030-01-02 10:00 UTC", "2030-01-02"}) {
            const auto r = WorkflowDef::fromJson(withTasks(QString::fromUtf8(
                R"([{"name": "w", "taskReferenceName": "w", "type": "WAIT", "inputParameters": {"until": "%1"}}])").arg(QLatin1String(ok))));
            QVERIFY2(r.ok(), ok);
        }
    }

    void httpRequestSources()
    {
        const QString base = QString::fromUtf8(R"([{"name": "h", "taskReferenceName": "h", "type": "HTTP", %1}])");
        const QString viaRequest = QString::fromUtf8(R"("inputParameters": {"http_request": {"uri": "http:\/\/x", "method": "GET"}})");
        const QString viaTopLevel = QString::fromUtf8(R"("inputParameters": {"uri": "http:\/\/x", "method": "GET"})");
        const QString viaInlineDef = QString::fromUtf8(R"("taskDefinition": {"inputTemplate": {"http_request": {"uri": "http:\/\/x"}}})");
        const QString none = QString::fromUtf8(R"("optional": false)");
        for (const QString &ok : {viaRequest, viaTopLevel, viaInlineDef}) {
            const auto r = WorkflowDef::fromJson(withTasks(base.arg(ok)));
            QVERIFY2(r.ok(), qPrintable(problems(r).join(u'\n')));
        }
        const QJsonObject bare = withTasks(base.arg(none));
        QVERIFY(!WorkflowDef::fromJson(bare).ok());
        // A registered TaskDef's inputTemplate counts too.
        const TaskTemplateLookup lookup = [](const QString &name) {
            QJsonObject templ;
            if (name == u"h")
                templ.insert(QStringLiteral("http_request"), QJsonObject());
            return templ;
        };
        QVERIFY(WorkflowDef::fromJson(bare, {}, lookup).ok());
    }

    void validationRules_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        const QString simple = QString::fromUtf8(R"({"name": "s", "taskReferenceName": "s"})");
        auto tasks = [](const QString &t) { return QString::fromUtf8(R"({"name": "wf", "tasks": %1})").arg(t); };

        QTest::newRow("name missing") << QString::fromUtf8(R"({"tasks": [%1]})").arg(simple) << "name" << "WorkflowDef name cannot be null or empty";
        QTest::newRow("name chars") << QString::fromUtf8(R"({"name": "a/b", "tasks": [%1]})").arg(simple) << "name" << "Invalid name 'a/b'";
        QTest::newRow("tasks missing") << R"({"name": "wf"})" << "tasks" << "WorkflowTask list cannot be empty";
        QTest::newRow("tasks empty") << tasks("[]") << "tasks" << "WorkflowTask list cannot be empty";
        QTest::newRow("tasks not array") << tasks("{}") << "tasks" << "must be an array of tasks";
        QTest::newRow("task not object") << tasks("[5]") << "tasks[0]" << "must be a task object";
        QTest::newRow("schemaVersion 1") << QString::fromUtf8(R"({"name": "wf", "schemaVersion": 1, "tasks": [%1]})").arg(simple)
                                         << "schemaVersion" << "workflowDef schemaVersion: 2 is only supported";
        QTest::newRow("version string") << QString::fromUtf8(R"({"name": "wf", "version": "2", "tasks": [%1]})").arg(simple)
                                        << "version" << "version must be an integer";
        QTest::newRow("timeoutPolicy RETRY") << QString::fromUtf8(R"({"name": "wf", "timeoutPolicy": "RETRY", "tasks": [%1]})").arg(simple)
                                             << "timeoutPolicy" << "is not one of TIME_OUT_WF, ALERT_ONLY";
        QTest::newRow("restartable type") << QString::fromUtf8(R"({"name": "wf", "restartable": "yes", "tasks": [%1]})").arg(simple)
                                          << "restartable" << "must be a boolean";
        QTest::newRow("projectId type") << QString::fromUtf8(R"({"name": "wf", "projectId": 7, "tasks": [%1]})").arg(simple)
                                        << "projectId" << "projectId must be a string";
        QTest::newRow("ref missing") << tasks(QString::fromUtf8(R"([%1, {"name": "x"}])").arg(simple))
                                     << "tasks[1].taskReferenceName" << "WorkflowTask taskReferenceName name cannot be empty or null";
        QTest::newRow("task name missing") << tasks(R"([{"taskReferenceName": "x"}])") << "tasks[0].name" << "WorkflowTask name cannot be empty or null";
        QTest::newRow("inputParameters type") << tasks(R"([{"name": "x", "taskReferenceName": "x", "inputParameters": []}])")
                                              << "tasks[0].inputParameters" << "must be an object";
        QTest::newRow("startDelay < 0") << tasks(R"([{"name": "x", "taskReferenceName": "x", "startDelay": -1}])")
                                        << "tasks[0].startDelay" << "startDelay must be >= 0";
        QTest::newRow("duplicate ref nested")
            << tasks(R"([{"name": "a", "taskReferenceName": "dup"}, {"name": "sw", "taskReferenceName": "sw", "type": "SWITCH",
                  "evaluatorType": "value-param", "expression": "k", "decisionCases": {"a": [{"name": "b", "taskReferenceName": "dup"}]}}])")
            << "tasks[1].decisionCases.a[0].taskReferenceName" << "taskReferenceName: dup should be unique across tasks for a given workflowDefinition: wf";
        QTest::newRow("undefined ref")
            << tasks(R"([{"name": "a", "taskReferenceName": "a", "inputParameters": {"x": "v=${ghost.output.y}"}}])")
            << "tasks[0].inputParameters.x" << "taskReferenceName: ghost for given task: a input value: v=${ghost.output.y} of input parameter: x is not defined";
        QTest::newRow("undefined ref deep")
            << tasks(R"([{"name": "a", "taskReferenceName": "a", "inputParameters": {"m": {"l": [1, "${ghost.input}"]}}}])")
            << "tasks[0].inputParameters.m.l[1]" << "ghost";
        QTest::newRow("nested case name")
            << tasks(R"([{"name": "sw", "taskReferenceName": "sw", "type": "SWITCH", "evaluatorType": "value-param",
                  "expression": "k", "decisionCases": {"a": [{"taskReferenceName": "n"}]}}])")
            << "tasks[0].decisionCases.a[0].name" << "WorkflowTask name cannot be empty or null";
        QTest::newRow("nested default case ref")
            << tasks(R"([{"name": "sw", "taskReferenceName": "sw", "type": "SWITCH", "evaluatorType": "value-param",
                  "expression": "k", "decisionCases": {"a": []}, "defaultCase": [{"name": "n"}]}])")
            << "tasks[0].defaultCase[0].taskReferenceName" << "cannot be empty or null";
        QTest::newRow("nested fork name")
            << tasks(QString::fromUtf8(R"([%1, {"name": "s2", "taskReferenceName": "s2"}, {"name": "fk", "taskReferenceName": "fk", "type": "FORK_JOIN",
                  "forkTasks": [[{"name": "f1", "taskReferenceName": "f1"}, {"taskReferenceName": "f2"}]]}])").arg(simple))
            << "tasks[2].forkTasks[0][1].name" << "WorkflowTask name cannot be empty or null";
        QTest::newRow("fork branch not array")
            << tasks(R"([{"name": "fk", "taskReferenceName": "fk", "type": "FORK_JOIN", "forkTasks": [{"name": "x"}]}])")
            << "tasks[0].forkTasks[0]" << "must be an array of tasks";
        QTest::newRow("nested loop ref")
            << tasks(QString::fromUtf8(R"([%1, {"name": "b", "taskReferenceName": "b"}, {"name": "c", "taskReferenceName": "c"},
                  {"name": "lp", "taskReferenceName": "lp", "type": "DO_WHILE", "loopCondition": "false",
                   "loopOver": [{"name": "l"}]}])").arg(simple))
            << "tasks[3].loopOver[0].taskReferenceName" << "cannot be empty or null";
        QTest::newRow("inline taskDefinition")
            << tasks(R"([{"name": "a", "taskReferenceName": "a", "taskDefinition": {"retryCount": -2}}])")
            << "tasks[0].taskDefinition.retryCount" << "must be >= 0";
        QTest::newRow("switch evaluatorType")
            << tasks(R"([{"name": "sw", "taskReferenceName": "sw", "type": "SWITCH", "expression": "x", "decisionCases": {"a": []}}])")
            << "tasks[0].evaluatorType" << "evaluatorType field is required for taskType: SWITCH taskName: sw";
        QTest::newRow("switch expression")
            << tasks(R"([{"name": "sw", "taskReferenceName": "sw", "type": "SWITCH", "evaluatorType": "javascript", "decisionCases": {"a": []}}])")
            << "tasks[0].expression" << "expression field is required for taskType: SWITCH";
        QTest::newRow("switch cases")
            << tasks(R"([{"name": "sw", "taskReferenceName": "sw", "type": "SWITCH", "evaluatorType": "value-param", "expression": "x"}])")
            << "tasks[0].decisionCases" << "decisionCases should have atleast one task for taskType: SWITCH taskName: sw";
        QTest::newRow("decision param")
            << tasks(R"([{"name": "d", "taskReferenceName": "d", "type": "DECISION", "decisionCases": {"a": []}}])")
            << "tasks[0].caseValueParam or caseExpression" << "caseValueParam or caseExpression field is required for taskType: DECISION";
        QTest::newRow("decision cases")
            << tasks(R"([{"name": "d", "taskReferenceName": "d", "type": "DECISION", "caseValueParam": "k", "decisionCases": null}])")
            << "tasks[0].decisionCases" << "decisionCases field is required for taskType: DECISION";
        QTest::newRow("do_while condition")
            << tasks(R"([{"name": "l", "taskReferenceName": "l", "type": "DO_WHILE", "loopOver": [{"name": "x", "taskReferenceName": "x"}]}])")
            << "tasks[0].loopCondition" << "loopCondition field is required for taskType: DO_WHILE taskName: l";
        QTest::newRow("do_while loopOver")
            << tasks(R"([{"name": "l", "taskReferenceName": "l", "type": "DO_WHILE", "loopCondition": "false"}])")
            << "tasks[0].loopOver" << "loopOver field is required for taskType: DO_WHILE";
        QTest::newRow("sub_workflow param")
            << tasks(R"([{"name": "c", "taskReferenceName": "c", "type": "SUB_WORKFLOW"}])")
            << "tasks[0].subWorkflowParam" << "subWorkflowParam field is required for taskType: SUB_WORKFLOW taskName: c";
        QTest::newRow("sub_workflow name")
            << tasks(R"([{"name": "c", "taskReferenceName": "c", "type": "SUB_WORKFLOW", "subWorkflowParam": {"version": 1}}])")
            << "tasks[0].subWorkflowParam.name" << "SubWorkflowParams name cannot be empty";
        QTest::newRow("sub_workflow inline def")
            << tasks(R"([{"name": "c", "taskReferenceName": "c", "type": "SUB_WORKFLOW", "subWorkflowParam": {"workflowDefinition": {"name": "inner"}}}])")
            << "tasks[0].subWorkflowParam.workflowDefinition.tasks" << "WorkflowTask list cannot be empty";
        QTest::newRow("fork_join empty")
            << tasks(R"([{"name": "f", "taskReferenceName": "f", "type": "FORK_JOIN", "forkTasks": []}])")
            << "tasks[0].forkTasks" << "forkTasks should have atleast one task for taskType: FORK_JOIN taskName: f";
        QTest::newRow("dynamic")
            << tasks(R"([{"name": "d", "taskReferenceName": "d", "type": "DYNAMIC"}])")
            << "tasks[0].dynamicTaskNameParam" << "dynamicTaskNameParam field is required for taskType: DYNAMIC";
        QTest::newRow("fork_join_dynamic")
            << tasks(R"([{"name": "d", "taskReferenceName": "d", "type": "FORK_JOIN_DYNAMIC", "dynamicForkTasksParam": "t"}])")
            << "tasks[0].dynamicForkTasksInputParamName" << "field is required for taskType: FORK_JOIN_DYNAMIC";
        QTest::newRow("wait both")
            << tasks(R"([{"name": "w", "taskReferenceName": "w", "type": "WAIT", "inputParameters": {"duration": "1s", "until": "2030-01-01"}}])")
            << "tasks[0].inputParameters" << "Both 'duration' and 'until' specified";
        QTest::newRow("wait bad duration")
            << tasks(R"([{"name": "w", "taskReferenceName": "w", "type": "WAIT", "inputParameters": {"duration": "soon"}}])")
            << "tasks[0].inputParameters.duration" << "Wait time specified is invalid";
        QTest::newRow("wait bad until")
            << tasks(R"([{"name": "w", "taskReferenceName": "w", "type": "WAIT", "inputParameters": {"until": "tomorrow"}}])")
            << "tasks[0].inputParameters.until" << "Unable to parse date 'tomorrow'";
        QTest::newRow("event sink")
            << tasks(R"([{"name": "e", "taskReferenceName": "e", "type": "EVENT"}])")
            << "tasks[0].sink" << "sink field is required for taskType: EVENT taskName: e";
        QTest::newRow("http request")
            << tasks(R"([{"name": "h", "taskReferenceName": "h", "type": "HTTP", "inputParameters": {"body": 1}}])")
            << "tasks[0].inputParameters.http_request" << "inputParameters.http_request field is required for taskType: HTTP taskName: h";
        QTest::newRow("terminate status")
            << tasks(R"([{"name": "t", "taskReferenceName": "t", "type": "TERMINATE", "inputParameters": {"terminationStatus": "DONE"}}])")
            << "tasks[0].inputParameters.terminationStatus" << "must be set to COMPLETED, FAILED or TERMINATED";
    }

    void validationRules()
    {
        QFETCH(QString, json);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const auto r = WorkflowDef::fromJson(obj(json));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Invalid);
        QCOMPARE(r.error().message, QStringLiteral("Validation failed, check below errors for detail."));
        QVERIFY2(hasError(r, path, message), qPrintable(problems(r).join(u'\n')));
        // Prefixed (element of a PUT array).
        const auto prefixed = WorkflowDef::fromJson(obj(json), QStringLiteral("[1]"));
        const QString prefixedPath = path.startsWith(u'[') ? QStringLiteral("[1]") + path : QStringLiteral("[1].") + path;
        QVERIFY2(hasError(prefixed, prefixedPath, message), qPrintable(problems(prefixed).join(u'\n')));
    }

    void allProblemsReported()
    {
        const auto r = WorkflowDef::fromJson(obj(QString::fromUtf8(R"({"name": "bad/name", "schemaVersion": 1, "tasks": [
            {"name": "a"}, {"taskReferenceName": "b", "inputParameters": {"x": "${nope.output}"}},
            {"name": "c", "taskReferenceName": "b", "type": "EVENT"}]})")));
        QVERIFY(!r.ok());
        QStringList paths;
        for (const FieldError &e : r.error().fieldErrors)
            paths << e.path;
        paths.sort();
        QCOMPARE(paths, (QStringList{"name", "schemaVersion", "tasks[0].taskReferenceName", "tasks[1].inputParameters.x",
                                     "tasks[1].name", "tasks[2].sink", "tasks[2].taskReferenceName"}));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowDef)
#include "test_workflowdef.moc"
