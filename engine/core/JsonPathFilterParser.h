#pragma once

#include "core/JsonPathFilterNode.h"

#include <optional>

namespace orrery {

// Recursive-descent parser of a JSONPath filter expression (grammar in JsonPathFilter.h).
class JsonPathFilterParser
{
public:
    using NodePtr = std::shared_ptr<const JsonPathFilterNode>;
    using Operand = JsonPathFilterOperand;

    // Reads s from pos (advanced as it goes); the first problem found is written to *error.
    JsonPathFilterParser(const QString &s, int &pos, QString *error);
    // expression := and ('||' and)*; nullptr on a syntax error.
    NodePtr parseOr();
    // Skips blanks and consumes `c`, or records an error.
    bool expect(QChar c);

private:
    NodePtr parseAnd();
    NodePtr parseUnary();
    QString parseOperator();
    std::optional<Operand> parseOperand();
    std::optional<Operand> parseRegex();
    std::optional<QJsonValue> parseLiteral();
    static NodePtr binary(JsonPathFilterNode::Kind kind, NodePtr a, NodePtr b);
    bool consume(QLatin1String token);
    void skip();
    bool fail(const QString &message);

    const QString &m_s;
    int &m_pos;
    QString *m_error;
};

} // namespace orrery
