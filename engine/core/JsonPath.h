#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace orrery {

class JsonPathFilter;

// One step of a compiled JSONPath.
struct JsonPathStep
{
    enum class Kind { Property, Index, Slice, Wildcard, Filter, Function };
    Kind kind = Kind::Property;
    bool deepScan = false;       // written with ".." in front
    QStringList names;           // Property: one name, or several (['a','b'])
    QList<qint64> indexes;       // Index: one or several; negative counts from the end
    std::optional<qint64> sliceFrom; // Slice [from:to]
    std::optional<qint64> sliceTo;
    std::shared_ptr<const JsonPathFilter> filter;
    QString function;            // Function: length, size, min, max, avg, sum, keys, first, last
};

// JSONPath as Conductor uses it (Jayway JsonPath semantics, lenient):
//   $ root (optional: "a.b" means "$.a.b"), .name, ['name'], ["name"], ['a','b'], [0], [-1], [0,2],
//   [1:3], [*], .*, ..name (deep scan), [?(filter)] with == != < <= > >= =~ in nin contains size
//   empty, && || ! and parentheses, and a trailing function: .length() .size() .min() .max()
//   .avg() .sum() .keys() .first() .last().
// A path that is definite (only names and single indexes) gives the value or null when missing;
// a path with a wildcard, deep scan, filter, slice or several indexes gives an array of matches.
// An invalid path gives null.
class JsonPath
{
public:
    static QJsonValue evaluate(const QJsonValue &root, const QString &path);
    static std::optional<JsonPath> compile(const QString &path, QString *error = nullptr);
    static bool isValid(const QString &path, QString *error = nullptr);

    QJsonValue evaluate(const QJsonValue &root) const;
    // '@' is bound to `current`, '$' to `root`; std::nullopt when a definite path matched nothing.
    std::optional<QJsonValue> evaluateAt(const QJsonValue &current, const QJsonValue &root) const;
    bool isDefinite() const;
    bool isRelative() const { return m_relative; }
    const std::vector<JsonPathStep> &steps() const { return m_steps; }

    // Parses a path that starts at s[pos] with '$' or '@' inside a filter expression; stops at the
    // first character that cannot continue a path (blank, operator, ')'). Advances pos.
    static std::optional<JsonPath> parseEmbedded(const QString &s, int &pos, QString *error);

private:
    static void apply(const JsonPathStep &step, const QJsonValue &node, const QJsonValue &root,
                      QList<QJsonValue> &out);
    static std::optional<QJsonValue> applyFunction(const QString &name, const std::optional<QJsonValue> &v);

    std::vector<JsonPathStep> m_steps;
    bool m_relative = false;
};

} // namespace orrery
