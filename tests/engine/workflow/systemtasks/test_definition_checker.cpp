#include "SystemTaskTest.h"

#include "workflow/DefinitionChecker.h"

using namespace orrery;
using namespace orrery::test;

namespace {
QList<FieldError> problems(const char *json)
{
    auto def = WorkflowDef::fromJson(QJsonDocument::fromJson(json).object());
    if (!def.ok())
        return def.error().fieldErrors;
    return DefinitionChecker::check(def.value());
}
} // namespace

class DefinitionCheckerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scriptsAndJqAreChecked()
    {
        auto p = problems(R"J({"name":"x","tasks":[
            {"name":"i","taskReferenceName":"i","type":"INLINE","inputParameters":{"evaluatorType":"javascript","expression":"1 +* 2"}},
            {"name":"j","taskReferenceName":"j","type":"JSON_JQ_TRANSFORM","inputParameters":{"queryExpression":".a | "}}]})J");
        QCOMPARE(p.size(), 2);
        QCOMPARE(p.at(0).path, QStringLiteral("tasks[0].inputParameters.expression"));
        QCOMPARE(p.at(1).path, QStringLiteral("tasks[1].inputParameters.queryExpression"));
        // Scripts built by expressions are checked when they run.
        QVERIFY(problems(R"J({"name":"x","tasks":[
            {"name":"i","taskReferenceName":"i","type":"INLINE","inputParameters":{"expression":"${workflow.input.script}"}}]})J").isEmpty());
        QVERIFY(problems(R"J({"name":"x","tasks":[
            {"name":"i","taskReferenceName":"i","type":"INLINE","inputParameters":{"expression":"(function(){ return $.a + 1; })()"}},
            {"name":"j","taskReferenceName":"j","type":"JSON_JQ_TRANSFORM","inputParameters":{"queryExpression":".a | map(. * 2)"}}]})J").isEmpty());
    }

    void newerSystemTypesAreChecked()
    {
        auto p = problems(R"J({"name":"x","tasks":[
            {"name":"l","taskReferenceName":"l","type":"LAMBDA","inputParameters":{"scriptExpression":"return 1 +* 2;"}},
            {"name":"s","taskReferenceName":"s","type":"START_WORKFLOW","inputParameters":{"startWorkflow":{"version":2}}},
            {"name":"e","taskReferenceName":"e","type":"EXCLUSIVE_JOIN"},
            {"name":"d","taskReferenceName":"d","type":"DYNAMIC","dynamicTaskNameParam":"n","inputParameters":{"n":"DO_WHILE"}}]})J");
        QCOMPARE(p.size(), 4);
        QCOMPARE(p.at(0).path, QStringLiteral("tasks[0].inputParameters.scriptExpression"));
        QCOMPARE(p.at(1).path, QStringLiteral("tasks[1].inputParameters.startWorkflow.name"));
        QCOMPARE(p.at(2).path, QStringLiteral("tasks[2].joinOn"));
        QCOMPARE(p.at(3).path, QStringLiteral("tasks[3].inputParameters.n"));
        // What ${...} builds is checked when the task runs.
        QVERIFY(problems(R"J({"name":"x","tasks":[
            {"name":"l","taskReferenceName":"l","type":"LAMBDA","inputParameters":{"scriptExpression":"${workflow.input.s}"}},
            {"name":"s","taskReferenceName":"s","type":"START_WORKFLOW","inputParameters":{"startWorkflow":{"name":"${workflow.input.n}","version":"${workflow.input.v}"}}},
            {"name":"s2","taskReferenceName":"s2","type":"START_WORKFLOW","inputParameters":{"startWorkflow":"${workflow.input.request}"}},
            {"name":"d","taskReferenceName":"d","type":"DYNAMIC","dynamicTaskNameParam":"n","inputParameters":{"n":"${workflow.input.n}"}}]})J").isEmpty());
    }

    void switchWithoutCasesIsRefusedByTheParser()
    {
        auto p = problems(R"J({"name":"x","tasks":[{"name":"s","taskReferenceName":"s","type":"SWITCH","evaluatorType":"value-param","expression":"a"}]})J");
        QVERIFY(!p.isEmpty());
        QVERIFY(p.at(0).path.startsWith(QLatin1String("tasks[0]")));
    }
};

QTEST_GUILESS_MAIN(DefinitionCheckerTest)
#include "test_definition_checker.moc"
