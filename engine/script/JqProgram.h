#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QString>

namespace orrery {

// A jq program (libjq, Debian's maintained jq 1.6) for JSON_JQ_TRANSFORM: compiles
// `queryExpression` and runs it over an input value, collecting every result.
// libjq cannot be interrupted: a program is stopped after kMaxResults results, but one that
// loops without producing results runs on (documented in docs/task-types.md).
class JqProgram
{
public:
    static constexpr int kMaxResults = 10'000;

    struct Output
    {
        bool ok = false;
        QJsonArray results;
        QString error;
    };

    // Empty when `program` compiles, else libjq's message.
    static QString compileError(const QString &program);
    static Output run(const QString &program, const QJsonValue &input);
};

} // namespace orrery
