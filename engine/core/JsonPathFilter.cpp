#include "core/JsonPathFilter.h"

#include "core/JsonPath.h"
#include "core/JsonPathFilterParser.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <optional>

namespace orrery {

namespace {

using NodePtr = std::shared_ptr<const JsonPathFilterNode>;
using Operand = JsonPathFilterOperand;

std::optional<QJsonValue> valueOf(const Operand &op, const QJsonValue &current, const QJsonValue &root)
{
    if (op.kind == Operand::Kind::Literal)
        return op.literal;
    if (op.kind == Operand::Kind::Path)
        return op.path->evaluateAt(current, root);
    return std::nullopt;
}

bool equalValues(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    if (a.isDouble() != b.isDouble() && (a.isString() || b.isString())) {
        const QJsonValue &num = a.isDouble() ? a : b;
        const QJsonValue &str = a.isDouble() ? b : a;
        bool ok = false;
        const double d = str.toString().trimmed().toDouble(&ok);
        return ok && d == num.toDouble();
    }
    return a == b;
}

bool containsValue(const QJsonArray &list, const QJsonValue &v)
{
    for (const QJsonValue &e : list) {
        if (equalValues(e, v))
            return true;
    }
    return false;
}

std::optional<qsizetype> sizeOf(const QJsonValue &v)
{
    if (v.isArray())
        return v.toArray().size();
    if (v.isString())
        return v.toString().size();
    if (v.isObject())
        return v.toObject().size();
    return std::nullopt;
}

bool compare(const QString &op, const std::optional<QJsonValue> &l, const Operand &rhsOp,
             const std::optional<QJsonValue> &r)
{
    if (op == u"==")
        return l && r && equalValues(*l, *r);
    if (op == u"!=")
        return !(l && r && equalValues(*l, *r));
    if (op == u"=~")
        return l && l->isString() && rhsOp.regex.match(l->toString()).hasMatch();
    if (op == u"nin")
        return r && r->isArray() && (!l || !containsValue(r->toArray(), *l));
    if (!l || !r)
        return false;
    if (op == u"<" || op == u"<=" || op == u">" || op == u">=") {
        int c = 0;
        if (l->isDouble() && r->isDouble())
            c = l->toDouble() < r->toDouble() ? -1 : (l->toDouble() > r->toDouble() ? 1 : 0);
        else if (l->isString() && r->isString())
            c = l->toString().compare(r->toString());
        else
            return false;
        if (op == u"<")
            return c < 0;
        if (op == u"<=")
            return c <= 0;
        if (op == u">")
            return c > 0;
        return c >= 0;
    }
    if (op == u"in")
        return r->isArray() && containsValue(r->toArray(), *l);
    if (op == u"contains") {
        if (l->isString() && r->isString())
            return l->toString().contains(r->toString());
        return l->isArray() && containsValue(l->toArray(), *r);
    }
    if (op == u"size") {
        const auto n = sizeOf(*l);
        return n && r->isDouble() && double(*n) == r->toDouble();
    }
    if (op == u"empty") {
        const auto n = sizeOf(*l);
        return n && r->isBool() && ((*n == 0) == r->toBool());
    }
    if (!l->isArray() || !r->isArray())
        return false;
    const QJsonArray la = l->toArray();
    const QJsonArray ra = r->toArray();
    int hits = 0;
    for (const QJsonValue &e : la)
        hits += containsValue(ra, e) ? 1 : 0;
    if (op == u"subsetof")
        return hits == la.size();
    if (op == u"anyof")
        return hits > 0;
    return hits == 0; // noneof
}

bool evalNode(const JsonPathFilterNode &n, const QJsonValue &current, const QJsonValue &root)
{
    using K = JsonPathFilterNode::Kind;
    switch (n.kind) {
    case K::And:
        return evalNode(*n.a, current, root) && evalNode(*n.b, current, root);
    case K::Or:
        return evalNode(*n.a, current, root) || evalNode(*n.b, current, root);
    case K::Not:
        return !evalNode(*n.a, current, root);
    case K::Exists: {
        const auto v = valueOf(n.lhs, current, root);
        if (n.lhs.kind == Operand::Kind::Literal)
            return v->isBool() ? v->toBool() : !v->isNull();
        return v.has_value();
    }
    case K::Compare:
        return compare(n.op, valueOf(n.lhs, current, root), n.rhs, valueOf(n.rhs, current, root));
    }
    return false;
}

} // namespace

std::shared_ptr<const JsonPathFilter> JsonPathFilter::parse(const QString &s, int &pos, QString *error)
{
    JsonPathFilterParser parser(s, pos, error);
    if (!parser.expect(u'('))
        return nullptr;
    NodePtr root = parser.parseOr();
    if (!root || !parser.expect(u')'))
        return nullptr;
    auto filter = std::make_shared<JsonPathFilter>();
    filter->m_root = std::move(root);
    return filter;
}

bool JsonPathFilter::matches(const QJsonValue &current, const QJsonValue &root) const
{
    return m_root && evalNode(*m_root, current, root);
}

} // namespace orrery
