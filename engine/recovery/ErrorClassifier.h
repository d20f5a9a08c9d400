#pragma once

#include "FailureFacts.h"
#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <optional>

namespace orrery {

class JsonFieldReader;

enum class ErrorClass { Transient, Terminal };

// Decides whether a failure is worth retrying (transient) or not (terminal).
// Order: the task definition's `terminalErrors`, then its `transientErrors` (both Orrery
// extensions), then the built-in rules (network errors, timeouts, HTTP 5xx/408/429 transient;
// other HTTP 4xx terminal; shell 126/127 terminal; anything unknown transient).
// Entries of both arrays (see docs/recovery.md):
//   404            an integer: that HTTP status of an HTTP failure or exit code of a shell failure
//   "http:404"     only the HTTP status
//   "exit:2"       only the shell exit code
//   "INVALID_SKU"  any other string: an error code, matched case-insensitively
// A value listed in both arrays is refused. A value type; classify() is const and reentrant.
class ErrorClassifier
{
public:
    struct Classification
    {
        ErrorClass errorClass = ErrorClass::Transient;
        QString rule; // which rule decided, e.g. "terminalErrors: http:404"
        bool isTerminal() const { return errorClass == ErrorClass::Terminal; }
    };

    ErrorClassifier() = default; // built-in rules only

    // Reads `terminalErrors` and `transientErrors` from a task definition object.
    static Result<ErrorClassifier> fromJson(const QJsonObject &taskDefJson,
                                            const QString &pathPrefix = QString());
    // {"terminalErrors": [...], "transientErrors": [...]} as given (empty arrays left out).
    QJsonObject toJson() const;

    Classification classify(const FailureFacts &failure) const;
    bool isTerminal(const FailureFacts &failure) const { return classify(failure).isTerminal(); }

    static QString className(ErrorClass c); // "TRANSIENT" / "TERMINAL"

private:
    struct Rules
    {
        QSet<int> exitCodes;
        QSet<int> httpStatuses;
        QSet<QString> errorCodes; // case-folded
        QJsonArray source;
    };
    static Rules parseRules(JsonFieldReader &reader, const QString &key);
    static std::optional<QString> match(const Rules &rules, const FailureFacts &failure);
    static Classification builtIn(const FailureFacts &failure);

    Rules m_terminal;
    Rules m_transient;
};

} // namespace orrery
