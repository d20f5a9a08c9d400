#pragma once

#include <QJsonValue>
#include <QRegularExpression>
#include <QString>
#include <memory>

namespace orrery {

class JsonPath;

// The parsed form of a JSONPath filter expression (see JsonPathFilter).
struct JsonPathFilterOperand
{
    enum class Kind { Literal, Path, Regex };
    Kind kind = Kind::Literal;
    QJsonValue literal;
    std::shared_ptr<const JsonPath> path;
    QRegularExpression regex;
};

struct JsonPathFilterNode
{
    enum class Kind { And, Or, Not, Exists, Compare };
    Kind kind = Kind::Exists;
    QString op;
    JsonPathFilterOperand lhs;
    JsonPathFilterOperand rhs;
    std::shared_ptr<const JsonPathFilterNode> a;
    std::shared_ptr<const JsonPathFilterNode> b;
};

} // namespace orrery
