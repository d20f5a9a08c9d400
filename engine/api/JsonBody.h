#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QJsonValue>

namespace orrery {

// Parses a request body as one JSON value (object, array, or a scalar such as the JSON-quoted
// string the JS SDK sends as a task log). Errors are Error::invalid with an actionable message:
// an empty body, malformed JSON (with the parse error and byte offset), trailing content, or
// nesting deeper than `maxDepth` (checked before Qt's parser runs).
class JsonBody
{
public:
    static Result<QJsonValue> parse(const QByteArray &body, int maxDepth);
    // Byte offset at which nesting first exceeds maxDepth, or -1.
    static qsizetype depthViolation(const QByteArray &body, int maxDepth);
};

} // namespace orrery
