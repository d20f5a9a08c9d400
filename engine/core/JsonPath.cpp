#include "core/JsonPath.h"

#include "core/JsonPathCompiler.h"
#include "core/JsonPathFilter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace orrery {

namespace {

bool isIndefinite(const JsonPathStep &step)
{
    using K = JsonPathStep::Kind;
    return step.deepScan || step.kind == K::Wildcard || step.kind == K::Filter || step.kind == K::Slice
        || (step.kind == K::Index && step.indexes.size() > 1);
}

// Pre-order walk: the node itself (when includeSelf), then every value below it.
void collect(const QJsonValue &v, QList<QJsonValue> &out, bool includeSelf)
{
    if (includeSelf)
        out.append(v);
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            collect(it.value(), out, true);
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collect(e, out, true);
    }
}

QJsonArray toArray(const QList<QJsonValue> &values)
{
    QJsonArray a;
    for (const QJsonValue &v : values)
        a.append(v);
    return a;
}

} // namespace

QJsonValue JsonPath::evaluate(const QJsonValue &root, const QString &path)
{
    const auto compiled = compile(path);
    if (!compiled)
        return QJsonValue::Null;
    return compiled->evaluate(root);
}

bool JsonPath::isValid(const QString &path, QString *error)
{
    return compile(path, error).has_value();
}

std::optional<JsonPath> JsonPath::compile(const QString &path, QString *error)
{
    QString p = path.trimmed();
    if (p.isEmpty()) {
        if (error)
            *error = QStringLiteral("empty path");
        return std::nullopt;
    }
    if (!p.startsWith(u'$') && !p.startsWith(u'@'))
        p = QStringLiteral("$.") + p;
    JsonPath jp;
    jp.m_relative = p.startsWith(u'@');
    int pos = 1;
    if (!JsonPathCompiler::parse(p, pos, false, jp.m_steps, error))
        return std::nullopt;
    for (size_t i = 0; i + 1 < jp.m_steps.size(); ++i) {
        if (jp.m_steps[i].kind == JsonPathStep::Kind::Function) {
            if (error)
                *error = QStringLiteral("function %1() must be the last step of the path").arg(jp.m_steps[i].function);
            return std::nullopt;
        }
    }
    return jp;
}

std::optional<JsonPath> JsonPath::parseEmbedded(const QString &s, int &pos, QString *error)
{
    if (pos >= s.size() || (s.at(pos) != u'$' && s.at(pos) != u'@')) {
        if (error)
            *error = QStringLiteral("a path must start with '$' or '@' at position %1").arg(pos);
        return std::nullopt;
    }
    JsonPath jp;
    jp.m_relative = s.at(pos) == u'@';
    ++pos;
    if (!JsonPathCompiler::parse(s, pos, true, jp.m_steps, error))
        return std::nullopt;
    return jp;
}

void JsonPath::apply(const JsonPathStep &step, const QJsonValue &node, const QJsonValue &root, QList<QJsonValue> &out)
{
    using K = JsonPathStep::Kind;
    if (step.deepScan) {
        if (step.kind == K::Wildcard) {
            collect(node, out, false);
            return;
        }
        QList<QJsonValue> all;
        collect(node, all, true);
        JsonPathStep plain = step;
        plain.deepScan = false;
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (step.kind == K::Filter) {
                if (i > 0 && step.filter->matches(all[i], root))
                    out.append(all[i]);
            } else {
                apply(plain, all[i], root, out);
            }
        }
        return;
    }
    switch (step.kind) {
    case K::Property: {
        if (!node.isObject())
            return;
        const QJsonObject o = node.toObject();
        if (step.names.size() == 1) {
            const auto it = o.constFind(step.names.first());
            if (it != o.constEnd())
                out.append(it.value());
            return;
        }
        QJsonObject picked;
        for (const QString &name : step.names) {
            const auto it = o.constFind(name);
            if (it != o.constEnd())
                picked.insert(name, it.value());
        }
        if (!picked.isEmpty())
            out.append(picked);
        return;
    }
    case K::Index: {
        if (!node.isArray())
            return;
        const QJsonArray a = node.toArray();
        for (qint64 i : step.indexes) {
            const qint64 idx = i < 0 ? a.size() + i : i;
            if (idx >= 0 && idx < a.size())
                out.append(a.at(idx));
        }
        return;
    }
    case K::Slice: {
        if (!node.isArray())
            return;
        const QJsonArray a = node.toArray();
        const qint64 size = a.size();
        qint64 from = step.sliceFrom.value_or(0);
        qint64 to = step.sliceTo.value_or(size);
        if (from < 0)
            from += size;
        if (to < 0)
            to += size;
        from = qBound<qint64>(0, from, size);
        to = qBound<qint64>(0, to, size);
        for (qint64 i = from; i < to; ++i)
            out.append(a.at(i));
        return;
    }
    case K::Wildcard:
        if (node.isObject()) {
            const QJsonObject o = node.toObject();
            for (auto it = o.constBegin(); it != o.constEnd(); ++it)
                out.append(it.value());
        } else if (node.isArray()) {
            for (const QJsonValue &e : node.toArray())
                out.append(e);
        }
        return;
    case K::Filter:
        if (node.isArray()) {
            for (const QJsonValue &e : node.toArray()) {
                if (step.filter->matches(e, root))
                    out.append(e);
            }
        } else if (node.isObject() && step.filter->matches(node, root)) {
            out.append(node);
        }
        return;
    case K::Function:
        return; // handled by evaluateAt
    }
}

std::optional<QJsonValue> JsonPath::applyFunction(const QString &name, const std::optional<QJsonValue> &v)
{
    if (!v)
        return std::nullopt;
    if (name == u"length" || name == u"size") {
        if (v->isArray())
            return QJsonValue(double(v->toArray().size()));
        if (v->isObject())
            return QJsonValue(double(v->toObject().size()));
        if (v->isString())
            return QJsonValue(double(v->toString().size()));
        return std::nullopt;
    }
    if (name == u"keys") {
        if (!v->isObject())
            return std::nullopt;
        return QJsonValue(QJsonArray::fromStringList(v->toObject().keys()));
    }
    if (!v->isArray())
        return std::nullopt;
    const QJsonArray a = v->toArray();
    if (name == u"first" || name == u"last") {
        if (a.isEmpty())
            return std::nullopt;
        return name == u"first" ? a.first() : a.last();
    }
    QList<double> nums;
    for (const QJsonValue &e : a) {
        if (e.isDouble())
            nums.append(e.toDouble());
    }
    if (nums.isEmpty())
        return std::nullopt;
    double sum = 0;
    double lo = nums.first();
    double hi = nums.first();
    for (double d : nums) {
        sum += d;
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    const double avg = sum / nums.size();
    if (name == u"sum")
        return QJsonValue(sum);
    if (name == u"min")
        return QJsonValue(lo);
    if (name == u"max")
        return QJsonValue(hi);
    if (name == u"avg")
        return QJsonValue(avg);
    double var = 0;
    for (double d : nums)
        var += (d - avg) * (d - avg);
    return QJsonValue(std::sqrt(var / nums.size())); // stddev
}

std::optional<QJsonValue> JsonPath::evaluateAt(const QJsonValue &current, const QJsonValue &root) const
{
    QList<QJsonValue> nodes{m_relative ? current : root};
    bool definite = true;
    for (const JsonPathStep &step : m_steps) {
        if (step.kind == JsonPathStep::Kind::Function) {
            std::optional<QJsonValue> in;
            if (!definite)
                in = QJsonValue(toArray(nodes));
            else if (!nodes.isEmpty())
                in = nodes.first();
            const auto result = applyFunction(step.function, in);
            nodes.clear();
            if (result)
                nodes.append(*result);
            definite = true;
            continue;
        }
        QList<QJsonValue> next;
        for (const QJsonValue &node : std::as_const(nodes))
            apply(step, node, root, next);
        nodes = std::move(next);
        if (isIndefinite(step))
            definite = false;
    }
    if (!definite)
        return QJsonValue(toArray(nodes));
    if (nodes.isEmpty())
        return std::nullopt;
    return nodes.first();
}

QJsonValue JsonPath::evaluate(const QJsonValue &root) const
{
    const auto v = evaluateAt(root, root);
    if (!v || v->isUndefined())
        return QJsonValue::Null;
    return *v;
}

bool JsonPath::isDefinite() const
{
    bool definite = true;
    for (const JsonPathStep &step : m_steps) {
        if (step.kind == JsonPathStep::Kind::Function)
            definite = true;
        else if (isIndefinite(step))
            definite = false;
    }
    return definite;
}

} // namespace orrery
