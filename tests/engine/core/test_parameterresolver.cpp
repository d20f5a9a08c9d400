#include "workflow/ParameterResolver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace orrery;

namespace {

// A JSON array value; a function (not a braced list) so it can sit inside QCOMPARE.
template<typename... T>
QJsonValue jarr(T... items)
{
    return QJsonArray{QJsonValue(items)...};
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

// The shape the decider builds (spec §8.6).
QJsonObject context()
{
    return obj(R"({
      "workflow": {
        "input": {"x": 5, "name": "bob", "flag": true, "ratio": 0.25, "obj": {"k": "v"}, "list": [1, 2, 3],
                  "key": "name", "path": "workflow.input.name", "nothing": null},
        "workflowId": "wf-1", "correlationId": "corr-9", "workflowType": "demo", "version": 2,
        "variables": {"count": 3}, "status": "RUNNING", "schemaVersion": 2
      },
      "fetch": {
        "input": {"url": "http:\/\/x"},
        "output": {"items": [{"id": "a", "score": 3}, {"id": "b", "score": 9}], "odd key": 1, "total": 12},
        "status": "COMPLETED", "taskId": "t-1", "retryCount": 1
      }
    })");
}

QJsonValue res(const QJsonValue &templ, const QString &taskId = QStringLiteral("task-42"))
{
    return ParameterResolver::resolve(templ, context(), taskId);
}

QJsonValue res(const char *s)
{
    return res(QJsonValue(QString::fromUtf8(s)));
}

} // namespace

class TestParameterResolver : public QObject
{
    Q_OBJECT

private slots:
    void wholeStringKeepsType()
    {
        QCOMPARE(res("${workflow.input.x}"), QJsonValue(5));
        QCOMPARE(res("${workflow.input.flag}"), QJsonValue(true));
        QCOMPARE(res("${workflow.input.ratio}"), QJsonValue(0.25));
        QCOMPARE(res("${workflow.input.obj}"), QJsonValue(obj(R"({"k":"v"})")));
        QCOMPARE(res("${workflow.input.list}"), jarr(1, 2, 3));
        QCOMPARE(res("${workflow.input.nothing}"), QJsonValue(QJsonValue::Null));
        QCOMPARE(res("${workflow.workflowId}"), QJsonValue(QStringLiteral("wf-1")));
        QCOMPARE(res("${workflow.variables.count}"), QJsonValue(3));
        QCOMPARE(res("${fetch.output.items[1].id}"), QJsonValue(QStringLiteral("b")));
        QCOMPARE(res("${fetch.output['odd key']}"), QJsonValue(1));
        QCOMPARE(res("${$.fetch.status}"), QJsonValue(QStringLiteral("COMPLETED")));
        QCOMPARE(res("${ workflow.input.x }"), QJsonValue(5)); // blanks around the path are ignored
    }

    void fullJsonPath()
    {
        QCOMPARE(res("${fetch.output.items[*].id}"), jarr("a", "b"));
        QCOMPARE(res("${fetch.output.items[?(@.score > 5)].id}"), jarr("b"));
        QCOMPARE(res("${fetch.output.items.length()}"), QJsonValue(2));
        QCOMPARE(res("${fetch..id}"), jarr("a", "b"));
    }

    void missingIsNull()
    {
        QCOMPARE(res("${workflow.input.missing}"), QJsonValue(QJsonValue::Null));
        QCOMPARE(res("${nosuchtask.output.x}"), QJsonValue(QJsonValue::Null));
        QCOMPARE(res("${workflow.input.bad path}"), QJsonValue(QJsonValue::Null)); // invalid path
        QCOMPARE(res("id=${workflow.input.missing}"), QJsonValue(QStringLiteral("id=null")));
    }

    void embeddedIsText()
    {
        QCOMPARE(res("Hello ${workflow.input.name}!"), QJsonValue(QStringLiteral("Hello bob!")));
        QCOMPARE(res("n=${workflow.input.x}"), QJsonValue(QStringLiteral("n=5"))); // no trailing .0
        QCOMPARE(res("r=${workflow.input.ratio}"), QJsonValue(QStringLiteral("r=0.25")));
        QCOMPARE(res("b=${workflow.input.flag}"), QJsonValue(QStringLiteral("b=true")));
        QCOMPARE(res("${workflow.input.name}-${workflow.input.x}"), QJsonValue(QStringLiteral("bob-5")));
        QCOMPARE(res("o=${workflow.input.obj}"), QJsonValue(QStringLiteral("o={\"k\":\"v\"}")));
        QCOMPARE(res("l=${workflow.input.list}"), QJsonValue(QStringLiteral("l=[1,2,3]")));
        QCOMPARE(res(" ${workflow.input.x}"), QJsonValue(QStringLiteral(" 5"))); // not the whole string
        QCOMPARE(res("plain text"), QJsonValue(QStringLiteral("plain text")));
    }

    void nestedPlaceholders()
    {
        // key = "name" -> ${workflow.input.name}
        QCOMPARE(res("${workflow.input.${workflow.input.key}}"), QJsonValue(QStringLiteral("bob")));
        // path = "workflow.input.name" -> ${workflow.input.name}
        QCOMPARE(res("${${workflow.input.path}}"), QJsonValue(QStringLiteral("bob")));
        QCOMPARE(res("v=${workflow.input.${workflow.input.key}}"), QJsonValue(QStringLiteral("v=bob")));
    }

    void escapesAndBlanks()
    {
        QCOMPARE(res("$${workflow.input.x}"), QJsonValue(QStringLiteral("${workflow.input.x}")));
        QCOMPARE(res("a $${literal} b ${workflow.input.x}"), QJsonValue(QStringLiteral("a ${literal} b 5")));
        QCOMPARE(res("${}"), QJsonValue(QString()));
        QCOMPARE(res("${   }"), QJsonValue(QString()));
        QCOMPARE(res("x${}y"), QJsonValue(QStringLiteral("xy")));
        QCOMPARE(res("${unclosed"), QJsonValue(QStringLiteral("${unclosed")));
        QCOMPARE(res("cost: $5"), QJsonValue(QStringLiteral("cost: $5")));
    }

    void specialNames()
    {
        QCOMPARE(res("${CPEWF_TASK_ID}"), QJsonValue(QStringLiteral("task-42")));
        QCOMPARE(res("id-${CPEWF_TASK_ID}"), QJsonValue(QStringLiteral("id-task-42")));
        // With no task id, Conductor leaves the placeholder as written.
        QCOMPARE(ParameterResolver::resolve(QJsonValue(QStringLiteral("${CPEWF_TASK_ID}")), context()),
                 QJsonValue(QStringLiteral("${CPEWF_TASK_ID}")));
        QCOMPARE(res("${workflow.secrets.token}"), QJsonValue(QStringLiteral("${workflow.secrets.token}")));
    }

    void anyDepth()
    {
        const QJsonObject templ = obj(R"({
          "a": "${workflow.input.x}",
          "nested": {"b": "${fetch.output.total}", "c": ["${workflow.input.name}", 7, {"d": "x${workflow.input.x}"}]},
          "n": 1, "t": true, "z": null
        })");
        const QJsonObject out = res(templ).toObject();
        QCOMPARE(out.value(QStringLiteral("a")), QJsonValue(5));
        QCOMPARE(out.value(QStringLiteral("nested")).toObject().value(QStringLiteral("b")), QJsonValue(12));
        const QJsonArray c = out.value(QStringLiteral("nested")).toObject().value(QStringLiteral("c")).toArray();
        QCOMPARE(c.at(0), QJsonValue(QStringLiteral("bob")));
        QCOMPARE(c.at(1), QJsonValue(7));
        QCOMPARE(c.at(2).toObject().value(QStringLiteral("d")), QJsonValue(QStringLiteral("x5")));
        QCOMPARE(out.value(QStringLiteral("n")), QJsonValue(1));
        QCOMPARE(out.value(QStringLiteral("t")), QJsonValue(true));
        QVERIFY(out.contains(QStringLiteral("z")) && out.value(QStringLiteral("z")).isNull());
        // The template itself is left untouched.
        QCOMPARE(templ.value(QStringLiteral("a")), QJsonValue(QStringLiteral("${workflow.input.x}")));
    }

    void resolveInputUsesTemplate()
    {
        const QJsonObject params = obj(R"({"a": "${workflow.input.x}", "b": "${workflow.input.missing}", "c": "${workflow.input.missing}"})");
        const QJsonObject templ = obj(R"({"b": "fallback", "d": "${workflow.input.name}", "e": 42})");
        const QJsonObject out = ParameterResolver::resolveInput(params, templ, context(), QStringLiteral("t"));
        QCOMPARE(out.value(QStringLiteral("a")), QJsonValue(5));
        QCOMPARE(out.value(QStringLiteral("b")), QJsonValue(QStringLiteral("fallback"))); // null -> template
        QVERIFY(out.contains(QStringLiteral("c")) && out.value(QStringLiteral("c")).isNull()); // no template value
        QCOMPARE(out.value(QStringLiteral("d")), QJsonValue(QStringLiteral("bob"))); // template keys are resolved too
        QCOMPARE(out.value(QStringLiteral("e")), QJsonValue(42));
        QCOMPARE(out.size(), 5);
        // A key the task sets wins over the template.
        const QJsonObject out2 = ParameterResolver::resolveInput(obj(R"({"e": 1})"), templ, context(), QStringLiteral("t"));
        QCOMPARE(out2.value(QStringLiteral("e")), QJsonValue(1));
    }

    void referencedTaskRefs()
    {
        const QJsonObject templ = obj(R"({
          "a": "${workflow.input.x}", "b": "${fetch.output.y}", "c": ["x ${other.input.z} ${fetch.status}"],
          "d": {"e": "${third['x']}"}, "f": "$${escaped.output}", "g": "${CPEWF_TASK_ID}",
          "h": "${workflow.input.${inner.output.k}}", "i": "${$.dollar.output}"
        })");
        QStringList refs = ParameterResolver::referencedTaskRefs(templ);
        refs.sort();
        QCOMPARE(refs, (QStringList{"dollar", "fetch", "inner", "other", "third"}));
        QVERIFY(ParameterResolver::referencedTaskRefs(QJsonValue(QStringLiteral("no refs"))).isEmpty());
    }

    void toText()
    {
        QCOMPARE(ParameterResolver::toText(QJsonValue(QJsonValue::Null)), QStringLiteral("null"));
        QCOMPARE(ParameterResolver::toText(QJsonValue(3.0)), QStringLiteral("3"));
        QCOMPARE(ParameterResolver::toText(QJsonValue(-1.5)), QStringLiteral("-1.5"));
        QCOMPARE(ParameterResolver::toText(QJsonValue(1e15)), QStringLiteral("1000000000000000"));
        QCOMPARE(ParameterResolver::toText(QJsonValue(false)), QStringLiteral("false"));
    }
};

QTEST_GUILESS_MAIN(TestParameterResolver)
#include "test_parameterresolver.moc"
