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

    void switchWithoutCasesIsRefusedByTheParser()
    {
        auto p = problems(R"J({"name":"x","tasks":[{"name":"s","taskReferenceName":"s","type":"SWITCH","evaluatorType":"value-param","expression":"a"}]})J");
        QVERIFY(!p.isEmpty());
        QVERIFY(p.at(0).path.startsWith(QLatin1String("tasks[0]")));
    }
};

QTEST_GUILESS_MAIN(DefinitionCheckerTest)
#include "test_definition_checker.moc"
