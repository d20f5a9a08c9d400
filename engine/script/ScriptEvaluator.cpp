#include "ScriptEvaluator.h"

#include "script/ScriptWatchdog.h"

#include <QJSEngine>
#include <QJsonArray>
#include <QJsonDocument>

namespace orrery {

namespace {

QString errorText(const QJSValue &error)
{
    QString text = error.property(QStringLiteral("name")).toString() + QStringLiteral(": ")
                   + error.property(QStringLiteral("message")).toString();
    const QJSValue line = error.property(QStringLiteral("lineNumber"));
    if (line.isNumber() && line.toInt() > 0)
        text += QStringLiteral(" (line %1)").arg(line.toInt());
    return text;
}

} // namespace

ScriptEvaluator::ScriptEvaluator() = default;
ScriptEvaluator::~ScriptEvaluator() = default;

ScriptEvaluator &ScriptEvaluator::forThisThread()
{
    thread_local ScriptEvaluator evaluator;
    return evaluator;
}

void ScriptEvaluator::ensureEngine()
{
    if (m_engine)
        return;
    m_engine = std::make_unique<QJSEngine>();
    m_watchdog = std::make_unique<ScriptWatchdog>();
    m_engine->evaluate(QStringLiteral(
        "var __orreryLogs = [];"
        "var console = { log: function() { __orreryLogs.push(Array.prototype.map.call(arguments, function(a) {"
        "  return typeof a === 'string' ? a : JSON.stringify(a); }).join(' ')); } };"
        "console.info = console.log; console.warn = console.log; console.error = console.log;"));
}

ScriptResult ScriptEvaluator::evaluate(const QString &script, const QJsonObject &bindings, const ScriptLimits &limits)
{
    ensureEngine();
    ScriptResult out;
    QJSValue global = m_engine->globalObject();
    QJSValue json = global.property(QStringLiteral("JSON"));
    global.property(QStringLiteral("__orreryLogs")).setProperty(QStringLiteral("length"), 0);
    const QString input = QString::fromUtf8(QJsonDocument(bindings).toJson(QJsonDocument::Compact));
    global.setProperty(QStringLiteral("$"), json.property(QStringLiteral("parse")).call({input}));

    QJSEngine *engine = m_engine.get();
    m_watchdog->arm(limits.timeoutMs, limits.memoryBytes, [engine] { engine->setInterrupted(true); });
    QJSValue result = m_engine->evaluate(script, QStringLiteral("script"));
    const ScriptWatchdog::Verdict verdict = m_watchdog->disarm();
    m_engine->setInterrupted(false);

    const QJSValue logs = global.property(QStringLiteral("__orreryLogs"));
    const int n = logs.property(QStringLiteral("length")).toInt();
    for (int i = 0; i < n && i < 100; ++i)
        out.logs.append(logs.property(quint32(i)).toString());

    if (verdict == ScriptWatchdog::Verdict::TimedOut) {
        out.kind = ScriptResult::TimedOut;
        out.error = QStringLiteral("Script timed out after %1 ms").arg(limits.timeoutMs);
    } else if (verdict == ScriptWatchdog::Verdict::OutOfMemory) {
        out.kind = ScriptResult::OutOfMemory;
        out.error = QStringLiteral("Script used more than %1 MiB of memory").arg(limits.memoryBytes / (1024 * 1024));
    } else if (result.isError()) {
        const QString name = result.property(QStringLiteral("name")).toString();
        out.kind = name == QLatin1String("SyntaxError") ? ScriptResult::SyntaxError : ScriptResult::RuntimeError;
        out.error = errorText(result);
    } else if (!result.isUndefined() && !result.isNull()) {
        const QJSValue text = json.property(QStringLiteral("stringify")).call({result});
        if (text.isError()) {
            out.kind = ScriptResult::RuntimeError;
            out.error = QStringLiteral("The script's result cannot be written as JSON: ") + errorText(text);
        } else if (text.isString()) {
            const QByteArray wrapped = "[" + text.toString().toUtf8() + "]";
            out.value = QJsonDocument::fromJson(wrapped).array().at(0);
        }
    }
    if (!out.ok())
        m_engine->collectGarbage();
    return out;
}

QString ScriptEvaluator::syntaxError(const QString &script)
{
    ScriptEvaluator &self = forThisThread();
    self.ensureEngine();
    QJSValue global = self.m_engine->globalObject();
    global.setProperty(QStringLiteral("__orrerySource"), script);
    // The Function constructor parses the body without running it.
    const QJSValue r = self.m_engine->evaluate(QStringLiteral("new Function(__orrerySource)"));
    return r.isError() ? errorText(r) : QString();
}

bool ScriptEvaluator::truthy(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return v.toBool();
    case QJsonValue::Double: return v.toDouble() != 0 && !std::isnan(v.toDouble());
    case QJsonValue::String: return !v.toString().isEmpty();
    case QJsonValue::Array:
    case QJsonValue::Object: return true;
    default: return false;
    }
}

} // namespace orrery
