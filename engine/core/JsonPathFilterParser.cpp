#include "core/JsonPathFilterParser.h"

#include "core/JsonPath.h"

#include <QJsonArray>

namespace orrery {

using NodePtr = JsonPathFilterParser::NodePtr;
using Operand = JsonPathFilterParser::Operand;

JsonPathFilterParser::JsonPathFilterParser(const QString &s, int &pos, QString *error)
    : m_s(s), m_pos(pos), m_error(error)
{
}

NodePtr JsonPathFilterParser::parseOr()
{
    NodePtr left = parseAnd();
    while (left && consume(QLatin1String("||"))) {
        NodePtr right = parseAnd();
        if (!right)
            return nullptr;
        left = binary(JsonPathFilterNode::Kind::Or, left, right);
    }
    return left;
}

bool JsonPathFilterParser::expect(QChar c)
{
    skip();
    if (m_pos < m_s.size() && m_s.at(m_pos) == c) {
        ++m_pos;
        return true;
    }
    return fail(QStringLiteral("expected '%1' at position %2 of the filter").arg(c).arg(m_pos));
}

NodePtr JsonPathFilterParser::parseAnd()
{
    NodePtr left = parseUnary();
    while (left && consume(QLatin1String("&&"))) {
        NodePtr right = parseUnary();
        if (!right)
            return nullptr;
        left = binary(JsonPathFilterNode::Kind::And, left, right);
    }
    return left;
}

NodePtr JsonPathFilterParser::parseUnary()
{
    skip();
    if (m_pos + 1 < m_s.size() && m_s.at(m_pos) == u'!' && m_s.at(m_pos + 1) != u'=') {
        ++m_pos;
        NodePtr inner = parseUnary();
        if (!inner)
            return nullptr;
        auto n = std::make_shared<JsonPathFilterNode>();
        n->kind = JsonPathFilterNode::Kind::Not;
        n->a = inner;
        return n;
    }
    if (m_pos < m_s.size() && m_s.at(m_pos) == u'(') {
        ++m_pos;
        NodePtr inner = parseOr();
        if (!inner || !expect(u')'))
            return nullptr;
        return inner;
    }
    auto n = std::make_shared<JsonPathFilterNode>();
    const auto lhs = parseOperand();
    if (!lhs)
        return nullptr;
    n->lhs = *lhs;
    skip();
    n->op = parseOperator();
    if (n->op.isEmpty()) {
        n->kind = JsonPathFilterNode::Kind::Exists;
        return n;
    }
    n->kind = JsonPathFilterNode::Kind::Compare;
    const auto rhs = parseOperand();
    if (!rhs)
        return nullptr;
    if ((n->op == u"=~") != (rhs->kind == Operand::Kind::Regex)) {
        fail(QStringLiteral("'=~' needs a /regex/ on its right, and a /regex/ needs '=~'"));
        return nullptr;
    }
    n->rhs = *rhs;
    return n;
}

QString JsonPathFilterParser::parseOperator()
{
    static const char *const symbols[] = {"==", "!=", "<=", ">=", "=~", "<", ">"};
    for (const char *sym : symbols) {
        if (consume(QLatin1String(sym)))
            return QLatin1String(sym);
    }
    static const char *const words[] = {"nin", "in", "contains", "size", "empty", "subsetof", "anyof", "noneof"};
    for (const char *word : words) {
        const QLatin1String w(word);
        if (QStringView(m_s).mid(m_pos).startsWith(w)) {
            const int after = m_pos + int(w.size());
            if (after < m_s.size() && m_s.at(after).isLetterOrNumber())
                continue;
            m_pos = after;
            return w;
        }
    }
    return {};
}

std::optional<Operand> JsonPathFilterParser::parseOperand()
{
    skip();
    if (m_pos >= m_s.size()) {
        fail(QStringLiteral("unexpected end of filter"));
        return std::nullopt;
    }
    const QChar c = m_s.at(m_pos);
    Operand op;
    if (c == u'@' || c == u'$') {
        auto path = JsonPath::parseEmbedded(m_s, m_pos, m_error);
        if (!path)
            return std::nullopt;
        op.kind = Operand::Kind::Path;
        op.path = std::make_shared<const JsonPath>(std::move(*path));
        return op;
    }
    if (c == u'/')
        return parseRegex();
    const auto lit = parseLiteral();
    if (!lit)
        return std::nullopt;
    op.literal = *lit;
    return op;
}

std::optional<Operand> JsonPathFilterParser::parseRegex()
{
    ++m_pos; // '/'
    QString pattern;
    while (m_pos < m_s.size() && m_s.at(m_pos) != u'/') {
        if (m_s.at(m_pos) == u'\\' && m_pos + 1 < m_s.size())
            pattern += m_s.at(m_pos++);
        pattern += m_s.at(m_pos++);
    }
    if (m_pos >= m_s.size()) {
        fail(QStringLiteral("unterminated /regex/ in filter"));
        return std::nullopt;
    }
    ++m_pos;
    QRegularExpression::PatternOptions opts;
    while (m_pos < m_s.size() && m_s.at(m_pos).isLetter()) {
        if (m_s.at(m_pos) == u'i')
            opts |= QRegularExpression::CaseInsensitiveOption;
        ++m_pos;
    }
    Operand op;
    op.kind = Operand::Kind::Regex;
    op.regex = QRegularExpression(QRegularExpression::anchoredPattern(pattern), opts);
    if (!op.regex.isValid()) {
        fail(QStringLiteral("invalid regex /%1/: %2").arg(pattern, op.regex.errorString()));
        return std::nullopt;
    }
    return op;
}

std::optional<QJsonValue> JsonPathFilterParser::parseLiteral()
{
    skip();
    if (m_pos >= m_s.size()) {
        fail(QStringLiteral("unexpected end of filter"));
        return std::nullopt;
    }
    const QChar c = m_s.at(m_pos);
    if (c == u'\'' || c == u'"') {
        ++m_pos;
        QString text;
        while (m_pos < m_s.size() && m_s.at(m_pos) != c) {
            if (m_s.at(m_pos) == u'\\' && m_pos + 1 < m_s.size())
                ++m_pos;
            text += m_s.at(m_pos++);
        }
        if (m_pos >= m_s.size()) {
            fail(QStringLiteral("unterminated string in filter"));
            return std::nullopt;
        }
        ++m_pos;
        return QJsonValue(text);
    }
    if (c == u'[') {
        ++m_pos;
        QJsonArray list;
        skip();
        if (m_pos < m_s.size() && m_s.at(m_pos) == u']') {
            ++m_pos;
            return QJsonValue(list);
        }
        while (true) {
            const auto item = parseLiteral();
            if (!item)
                return std::nullopt;
            list.append(*item);
            skip();
            if (m_pos < m_s.size() && m_s.at(m_pos) == u',') {
                ++m_pos;
                continue;
            }
            if (!expect(u']'))
                return std::nullopt;
            return QJsonValue(list);
        }
    }
    if (c == u'-' || c == u'+' || c.isDigit()) {
        const int start = m_pos++;
        while (m_pos < m_s.size()
               && (m_s.at(m_pos).isDigit() || m_s.at(m_pos) == u'.' || m_s.at(m_pos) == u'e'
                   || m_s.at(m_pos) == u'E' || m_s.at(m_pos) == u'-' || m_s.at(m_pos) == u'+'))
            ++m_pos;
        bool ok = false;
        const double d = m_s.mid(start, m_pos - start).toDouble(&ok);
        if (!ok) {
            fail(QStringLiteral("invalid number '%1' in filter").arg(m_s.mid(start, m_pos - start)));
            return std::nullopt;
        }
        return QJsonValue(d);
    }
    for (const auto &[word, value] : {std::pair{QLatin1String("true"), QJsonValue(true)},
                                      std::pair{QLatin1String("false"), QJsonValue(false)},
                                      std::pair{QLatin1String("null"), QJsonValue(QJsonValue::Null)}}) {
        if (QStringView(m_s).mid(m_pos).startsWith(word)) {
            m_pos += int(word.size());
            return value;
        }
    }
    fail(QStringLiteral("unexpected '%1' at position %2 of the filter").arg(c).arg(m_pos));
    return std::nullopt;
}

NodePtr JsonPathFilterParser::binary(JsonPathFilterNode::Kind kind, NodePtr a, NodePtr b)
{
    auto n = std::make_shared<JsonPathFilterNode>();
    n->kind = kind;
    n->a = std::move(a);
    n->b = std::move(b);
    return n;
}

bool JsonPathFilterParser::consume(QLatin1String token)
{
    skip();
    if (QStringView(m_s).mid(m_pos).startsWith(token)) {
        m_pos += int(token.size());
        return true;
    }
    return false;
}

void JsonPathFilterParser::skip()
{
    while (m_pos < m_s.size() && m_s.at(m_pos).isSpace())
        ++m_pos;
}

bool JsonPathFilterParser::fail(const QString &message)
{
    if (m_error && m_error->isEmpty())
        *m_error = message;
    return false;
}

} // namespace orrery
