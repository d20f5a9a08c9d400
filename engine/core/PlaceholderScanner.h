#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace orrery {

// One `${...}` found in a string: [start, end) covers the whole placeholder, `path` is what sits
// between the braces (it may itself hold placeholders: `${a.${b}}`).
struct Placeholder
{
    int start = 0;
    int end = 0;
    QString path;
};

// Finds Conductor input-expression placeholders (spec §8.6), the same way Conductor's
// ParametersUtils does: a `${` not preceded by `$` (so `$${x}` is an escape), up to its balanced `}`.
// An unbalanced `${` is left as text.
class PlaceholderScanner
{
public:
    static QList<Placeholder> scan(const QString &s);

    // The names Conductor gives meaning to without a JSONPath lookup.
    static bool isSystemParameter(const QString &path);

    // The `x` of `${x.…}` / `${x[…]}` / `${x}` (leading "$." removed); empty when it cannot be
    // known statically (the path holds a nested placeholder or starts with a bracket).
    static QString rootName(const QString &path);

    // The task reference names an expression tree refers to: the root name of every placeholder
    // (nested ones included) except `workflow` and system parameters, unique, in order of appearance.
    static QStringList referencedTaskRefs(const QJsonValue &value);

private:
    static void collectRefs(const QString &s, QStringList &out);
};

} // namespace orrery
