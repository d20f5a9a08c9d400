// Fuzz target: Conductor input expressions (workflow/ParameterResolver, core/PlaceholderScanner)
// and the JSONPath they evaluate (core/JsonPath, JsonPathCompiler, JsonPathFilter, its parser).
// Input: "<template>\n<context JSON>". The template is a JSON value when it parses as one (so
// `${...}` may sit at any depth), else one string; the context is the object a task's inputs
// are resolved against ({"workflow": {...}, "<ref>": {...}}), a built-in one when the second
// part is missing or not an object. The first line is also evaluated as a JSONPath.
// Properties: nothing crashes or hangs; resolving is a pure function (twice gives the same);
// a compiled path evaluates like the one-shot evaluate(); a path refused by compile() evaluates
// to null.
#include "FuzzCheck.h"

#include "core/JsonPath.h"
#include "core/PlaceholderScanner.h"
#include "workflow/ParameterResolver.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace orrery;

namespace {

QJsonObject builtInContext()
{
    static const QJsonObject context = QJsonDocument::fromJson(R"({
      "workflow": {"workflowId": "wf-1", "status": "RUNNING", "correlationId": "c-1",
                   "input": {"key": "a", "a": [1, 2, 3], "b": {"c": "d"}, "n": 2.5, "list": [{"x": 1}, {"x": 5}]},
                   "output": {}, "variables": {"v": true}},
      "first": {"status": "COMPLETED", "input": {"q": "z"},
                "output": {"result": {"items": [{"id": 1, "tags": ["a", "b"]}, {"id": 2, "tags": []}]}, "count": 2}},
      "second": {"status": "FAILED", "output": null, "reasonForIncompletion": "boom"}
    })").object();
    return context;
}

QString show(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).left(400);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16 * 1024)
        return 0;
    const QByteArray input = fuzz::bytes(data, size);
    const qsizetype nl = input.indexOf('\n');
    const QByteArray first = nl < 0 ? input : input.left(nl);
    const QByteArray rest = nl < 0 ? QByteArray() : input.mid(nl + 1);

    QJsonObject context = builtInContext();
    if (!rest.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(rest);
        if (doc.isObject())
            context = doc.object();
    }
    const QString firstText = QString::fromUtf8(first);
    QJsonValue templ(firstText);
    {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + first + "]", &err);
        if (err.error == QJsonParseError::NoError && doc.array().size() == 1)
            templ = doc.array().at(0);
    }

    const QJsonValue once = ParameterResolver::resolve(templ, context, QStringLiteral("task-1"));
    const QJsonValue twice = ParameterResolver::resolve(templ, context, QStringLiteral("task-1"));
    FUZZ_CHECK(once == twice, "resolving is pure: " + show(templ) + " -> " + show(once) + " / " + show(twice));
    (void)ParameterResolver::referencedTaskRefs(templ);
    (void)PlaceholderScanner::referencedTaskRefs(templ);
    if (templ.isObject())
        (void)ParameterResolver::resolveInput(templ.toObject(), QJsonObject{{QStringLiteral("t"), templ}}, context,
                                              QStringLiteral("task-1"));
    for (const Placeholder &p : PlaceholderScanner::scan(firstText)) {
        FUZZ_CHECK(p.start >= 0 && p.start < p.end && p.end <= firstText.size(), "placeholders lie inside the text");
        (void)PlaceholderScanner::rootName(p.path);
    }
    (void)ParameterResolver::toText(once);

    QString error;
    const std::optional<JsonPath> path = JsonPath::compile(firstText, &error);
    const QJsonValue direct = JsonPath::evaluate(context, firstText);
    if (path) {
        FUZZ_CHECK(path->evaluate(context) == direct, "compiled and one-shot JSONPath agree on " + firstText);
        FUZZ_CHECK(JsonPath::isValid(firstText), "a compiled path is valid: " + firstText);
    } else {
        FUZZ_CHECK(!error.isEmpty(), "a refused path says why: " + firstText);
        FUZZ_CHECK(direct.isNull(), "an invalid path gives null: " + firstText + " -> " + show(direct));
    }
    return 0;
}
