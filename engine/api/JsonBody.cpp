#include "JsonBody.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace orrery {

qsizetype JsonBody::depthViolation(const QByteArray &body, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '{':
        case '[':
            if (++depth > maxDepth)
                return i;
            break;
        case '}':
        case ']': --depth; break;
        default: break;
        }
    }
    return -1;
}

Result<QJsonValue> JsonBody::parse(const QByteArray &body, int maxDepth)
{
    qsizetype first = 0;
    while (first < body.size() && QChar::isSpace(uchar(body[first])))
        ++first;
    if (first == body.size())
        return Error::invalid(QStringLiteral("The request body is empty; a JSON body is required."));

    const qsizetype deep = depthViolation(body, maxDepth);
    if (deep >= 0)
        return Error::invalid(QStringLiteral("JSON body is nested deeper than %1 levels (at offset %2).")
                                  .arg(maxDepth)
                                  .arg(deep));

    QJsonParseError err;
    const char c = body[first];
    if (c == '{' || c == '[') {
        const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
        if (err.error != QJsonParseError::NoError)
            return Error::invalid(QStringLiteral("Malformed JSON in request body at offset %1: %2.")
                                      .arg(err.offset)
                                      .arg(err.errorString()));
        return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    }
    // Qt only parses documents whose top level is an object or array: wrap scalars.
    QByteArray wrapped;
    wrapped.reserve(body.size() + 2);
    wrapped += '[';
    wrapped += body;
    wrapped += ']';
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &err);
    if (err.error != QJsonParseError::NoError) {
        const qsizetype offset = qBound(qsizetype(0), qsizetype(err.offset) - 1, body.size());
        return Error::invalid(QStringLiteral("Malformed JSON in request body at offset %1: %2.")
                                  .arg(offset)
                                  .arg(err.errorString()));
    }
    const QJsonArray arr = doc.array();
    if (arr.size() != 1)
        return Error::invalid(QStringLiteral("Malformed JSON in request body: unexpected content after the first value."));
    return arr.first();
}

} // namespace orrery
