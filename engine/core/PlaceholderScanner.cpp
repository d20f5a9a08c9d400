#include "core/PlaceholderScanner.h"

#include <QJsonArray>
#include <QJsonObject>

namespace orrery {

QList<Placeholder> PlaceholderScanner::scan(const QString &s)
{
    QList<Placeholder> out;
    const int n = s.size();
    int i = 0;
    while (i + 1 < n) {
        if (s.at(i) == u'$' && s.at(i + 1) == u'{' && (i == 0 || s.at(i - 1) != u'$')) {
            int depth = 0;
            int close = -1;
            for (int j = i + 1; j < n; ++j) {
                if (s.at(j) == u'{') {
                    ++depth;
                } else if (s.at(j) == u'}' && --depth == 0) {
                    close = j;
                    break;
                }
            }
            if (close >= 0) {
                out.append(Placeholder{i, close + 1, s.mid(i + 2, close - i - 2)});
                i = close + 1;
                continue;
            }
        }
        ++i;
    }
    return out;
}

bool PlaceholderScanner::isSystemParameter(const QString &path)
{
    return path == u"CPEWF_TASK_ID" || path == u"NETFLIX_ENV" || path == u"NETFLIX_STACK";
}

QString PlaceholderScanner::rootName(const QString &path)
{
    QString p = path.trimmed();
    if (p.contains(QStringLiteral("${")))
        return {};
    if (p.startsWith(QStringLiteral("$.")))
        p = p.mid(2);
    else if (p.startsWith(u'$') || p.startsWith(u'@'))
        return {};
    int end = 0;
    while (end < p.size() && p.at(end) != u'.' && p.at(end) != u'[')
        ++end;
    return p.left(end);
}

void PlaceholderScanner::collectRefs(const QString &s, QStringList &out)
{
    for (const Placeholder &ph : scan(s)) {
        if (ph.path.contains(QStringLiteral("${"))) {
            collectRefs(ph.path, out);
            continue;
        }
        const QString trimmed = ph.path.trimmed();
        if (trimmed.isEmpty() || isSystemParameter(trimmed) || trimmed.startsWith(QStringLiteral("workflow.secrets.")))
            continue;
        const QString root = rootName(trimmed);
        if (root.isEmpty() || root == u"workflow" || out.contains(root))
            continue;
        out.append(root);
    }
}

QStringList PlaceholderScanner::referencedTaskRefs(const QJsonValue &value)
{
    QStringList out;
    if (value.isString()) {
        collectRefs(value.toString(), out);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            for (const QString &r : referencedTaskRefs(it.value())) {
                if (!out.contains(r))
                    out.append(r);
            }
        }
    } else if (value.isArray()) {
        for (const QJsonValue &e : value.toArray()) {
            for (const QString &r : referencedTaskRefs(e)) {
                if (!out.contains(r))
                    out.append(r);
            }
        }
    }
    return out;
}

} // namespace orrery
