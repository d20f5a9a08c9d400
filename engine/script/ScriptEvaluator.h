#pragma once

#include "script/ScriptLimits.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <memory>

class QJSEngine;

namespace orrery {

class ScriptWatchdog;

// The outcome of one script evaluation.
struct ScriptResult
{
    enum Kind { Ok, SyntaxError, RuntimeError, TimedOut, OutOfMemory };
    Kind kind = Ok;
    QJsonValue value;   // the value of the last expression, as JSON (undefined -> null)
    QString error;      // what went wrong, with the line where the engine says so
    QStringList logs;   // console.log lines
    bool ok() const { return kind == Ok; }
    // Conductor's split: a script that does not parse or throws is a terminal error (retrying
    // the same script cannot help); a timeout may be transient.
    bool terminal() const { return kind == SyntaxError || kind == RuntimeError || kind == OutOfMemory; }
};

// ECMAScript evaluation for Conductor's javascript / graaljs evaluators (spec §8.7): the input map
// is bound to `$`, the result is the value of the last expression, console.log is captured.
// Runs on the calling thread (one evaluator per thread: it owns a QJSEngine), interrupted by a
// watchdog when it exceeds its time or memory limit.
class ScriptEvaluator
{
public:
    ScriptEvaluator();
    ~ScriptEvaluator();
    ScriptEvaluator(const ScriptEvaluator &) = delete;
    ScriptEvaluator &operator=(const ScriptEvaluator &) = delete;

    ScriptResult evaluate(const QString &script, const QJsonObject &bindings, const ScriptLimits &limits);

    // Parses without running (for registration): empty when the script parses, else the error
    // with its line. Thread-safe (uses this thread's evaluator).
    static QString syntaxError(const QString &script);
    // The evaluator of the calling thread (created on first use, destroyed with the thread).
    static ScriptEvaluator &forThisThread();
    // JavaScript truthiness of a JSON result.
    static bool truthy(const QJsonValue &v);

private:
    void ensureEngine();

    std::unique_ptr<QJSEngine> m_engine;
    std::unique_ptr<ScriptWatchdog> m_watchdog;
};

} // namespace orrery
