#include "core/JsonPathCompiler.h"

#include "core/JsonPathFilter.h"

namespace orrery {

namespace {

// Characters that end a dotted name inside a filter expression.
bool isFilterStop(QChar c)
{
    return c.isSpace() || c == u')' || c == u'=' || c == u'!' || c == u'<' || c == u'>' || c == u'&'
        || c == u'|' || c == u',' || c == u']';
}

bool isKnownFunction(const QString &name)
{
    static const QStringList known = {QStringLiteral("length"), QStringLiteral("size"), QStringLiteral("min"),
                                      QStringLiteral("max"), QStringLiteral("avg"), QStringLiteral("sum"),
                                      QStringLiteral("stddev"), QStringLiteral("keys"), QStringLiteral("first"),
                                      QStringLiteral("last")};
    return known.contains(name);
}

} // namespace

JsonPathCompiler::JsonPathCompiler(const QString &s, int &pos, bool embedded, QString *error)
    : m_s(s), m_pos(pos), m_embedded(embedded), m_error(error)
{
}

bool JsonPathCompiler::parse(const QString &s, int &pos, bool embedded, std::vector<JsonPathStep> &steps,
                             QString *error)
{
    JsonPathCompiler c(s, pos, embedded, error);
    if (!c.parseSteps())
        return false;
    steps = std::move(c.m_steps);
    return true;
}

void JsonPathCompiler::skipBlanks()
{
    while (m_pos < m_s.size() && m_s.at(m_pos).isSpace())
        ++m_pos;
}

bool JsonPathCompiler::fail(const QString &message)
{
    if (m_error)
        *m_error = message;
    return false;
}

bool JsonPathCompiler::parseSteps()
{
    const int n = m_s.size();
    while (m_pos < n) {
        const QChar c = m_s.at(m_pos);
        if (c == u'.') {
            const bool deep = m_pos + 1 < n && m_s.at(m_pos + 1) == u'.';
            m_pos += deep ? 2 : 1;
            if (m_pos >= n)
                return fail(QStringLiteral("path must not end with '%1'").arg(deep ? ".." : "."));
            if (m_s.at(m_pos) == u'[') {
                if (!parseBracket(deep))
                    return false;
            } else if (m_s.at(m_pos) == u'*') {
                JsonPathStep step;
                step.kind = JsonPathStep::Kind::Wildcard;
                step.deepScan = deep;
                m_steps.push_back(step);
                ++m_pos;
            } else if (!parseDotted(deep)) {
                return false;
            }
        } else if (c == u'[') {
            if (!parseBracket(false))
                return false;
        } else if (m_embedded) {
            return true;
        } else {
            return fail(QStringLiteral("unexpected character '%1' at position %2").arg(c).arg(m_pos));
        }
    }
    return true;
}

bool JsonPathCompiler::parseDotted(bool deepScan)
{
    const int start = m_pos;
    while (m_pos < m_s.size()) {
        const QChar c = m_s.at(m_pos);
        if (c == u'.' || c == u'[' || c == u'(')
            break;
        if (m_embedded && isFilterStop(c))
            break;
        if (c.isSpace())
            return fail(QStringLiteral("blank in a property name at position %1; use bracket notation ['my prop']").arg(m_pos));
        ++m_pos;
    }
    const QString name = m_s.mid(start, m_pos - start);
    if (name.isEmpty())
        return fail(QStringLiteral("empty property name at position %1").arg(start));
    JsonPathStep step;
    step.deepScan = deepScan;
    if (m_pos < m_s.size() && m_s.at(m_pos) == u'(') {
        ++m_pos;
        skipBlanks();
        if (m_pos >= m_s.size() || m_s.at(m_pos) != u')')
            return fail(QStringLiteral("function %1() takes no arguments").arg(name));
        ++m_pos;
        if (!isKnownFunction(name))
            return fail(QStringLiteral("unknown function %1()").arg(name));
        if (deepScan)
            return fail(QStringLiteral("function %1() cannot follow '..'").arg(name));
        step.kind = JsonPathStep::Kind::Function;
        step.function = name;
    } else {
        step.kind = JsonPathStep::Kind::Property;
        step.names = {name};
    }
    m_steps.push_back(step);
    return true;
}

bool JsonPathCompiler::parseBracket(bool deepScan)
{
    const int n = m_s.size();
    ++m_pos; // '['
    skipBlanks();
    if (m_pos >= n)
        return fail(QStringLiteral("unterminated '['"));
    JsonPathStep step;
    step.deepScan = deepScan;
    const QChar c = m_s.at(m_pos);
    if (c == u'*') {
        ++m_pos;
        step.kind = JsonPathStep::Kind::Wildcard;
    } else if (c == u'?') {
        ++m_pos;
        skipBlanks();
        auto filter = JsonPathFilter::parse(m_s, m_pos, m_error);
        if (!filter)
            return false;
        step.kind = JsonPathStep::Kind::Filter;
        step.filter = std::move(filter);
    } else if (c == u'\'' || c == u'"') {
        step.kind = JsonPathStep::Kind::Property;
        while (true) {
            const QChar quote = m_s.at(m_pos);
            if (quote != u'\'' && quote != u'"')
                return fail(QStringLiteral("expected a quoted name at position %1").arg(m_pos));
            ++m_pos;
            QString name;
            while (m_pos < n && m_s.at(m_pos) != quote) {
                if (m_s.at(m_pos) == u'\\' && m_pos + 1 < n)
                    ++m_pos;
                name += m_s.at(m_pos++);
            }
            if (m_pos >= n)
                return fail(QStringLiteral("unterminated quoted name"));
            ++m_pos;
            step.names.append(name);
            skipBlanks();
            if (m_pos < n && m_s.at(m_pos) == u',') {
                ++m_pos;
                skipBlanks();
                if (m_pos >= n)
                    return fail(QStringLiteral("unterminated '['"));
                continue;
            }
            break;
        }
    } else {
        const int close = m_s.indexOf(u']', m_pos);
        if (close < 0)
            return fail(QStringLiteral("unterminated '['"));
        const QString content = m_s.mid(m_pos, close - m_pos).trimmed();
        m_pos = close;
        if (content.contains(u':')) {
            const QStringList parts = content.split(u':');
            if (parts.size() > 3 || (parts.size() == 3 && !parts[2].trimmed().isEmpty() && parts[2].trimmed() != u"1"))
                return fail(QStringLiteral("unsupported slice [%1]").arg(content));
            bool ok = true;
            if (!parts[0].trimmed().isEmpty())
                step.sliceFrom = parts[0].trimmed().toLongLong(&ok);
            if (ok && !parts[1].trimmed().isEmpty())
                step.sliceTo = parts[1].trimmed().toLongLong(&ok);
            if (!ok)
                return fail(QStringLiteral("invalid slice [%1]").arg(content));
            step.kind = JsonPathStep::Kind::Slice;
        } else {
            step.kind = JsonPathStep::Kind::Index;
            for (const QString &part : content.split(u',')) {
                bool ok = false;
                const qint64 i = part.trimmed().toLongLong(&ok);
                if (!ok)
                    return fail(QStringLiteral("invalid array index [%1]").arg(content));
                step.indexes.append(i);
            }
        }
    }
    skipBlanks();
    if (m_pos >= n || m_s.at(m_pos) != u']')
        return fail(QStringLiteral("expected ']' at position %1").arg(m_pos));
    ++m_pos;
    m_steps.push_back(step);
    return true;
}

} // namespace orrery
