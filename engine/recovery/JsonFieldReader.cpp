#include "JsonFieldReader.h"

#include <cmath>
#include <limits>

namespace orrery {

JsonFieldReader::JsonFieldReader(const QJsonObject &object, const QString &pathPrefix)
    : m_object(object)
    , m_prefix(pathPrefix)
{
}

bool JsonFieldReader::has(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    return !v.isUndefined() && !v.isNull();
}

QString JsonFieldReader::joinPath(const QString &prefix, const QString &key)
{
    if (prefix.isEmpty())
        return key;
    if (key.startsWith(QLatin1Char('[')))
        return prefix + key;
    return prefix + QLatin1Char('.') + key;
}

qint64 JsonFieldReader::integer(const QString &key, qint64 fallback, qint64 min, qint64 max,
                                const QString &hint)
{
    if (!has(key))
        return fallback;
    const QJsonValue v = m_object.value(key);
    const QString p = path(key);
    qint64 n = 0;
    if (v.isDouble()) {
        const double d = v.toDouble();
        // 2^53: beyond it a JSON number no longer names one integer exactly.
        if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9007199254740992.0) {
            m_errors.append({p, QStringLiteral("%1 must be a whole number, got %2")
                                    .arg(p, QString::number(d, 'g', 17)), v});
            return fallback;
        }
        n = static_cast<qint64>(d);
    } else if (v.isString()) {
        bool ok = false;
        n = v.toString().trimmed().toLongLong(&ok);
        if (!ok) {
            m_errors.append({p, QStringLiteral("%1 must be an integer, got the string \"%2\"")
                                    .arg(p, v.toString()), v});
            return fallback;
        }
    } else {
        m_errors.append({p, QStringLiteral("%1 must be an integer").arg(p), v});
        return fallback;
    }
    if (n < min || n > max) {
        QString msg = n < min ? QStringLiteral("%1 must be >= %2, got %3").arg(p).arg(min).arg(n)
                              : QStringLiteral("%1 must be <= %2, got %3").arg(p).arg(max).arg(n);
        if (min != std::numeric_limits<qint64>::min() && max < std::numeric_limits<int>::max())
            msg = QStringLiteral("%1 must be between %2 and %3, got %4").arg(p).arg(min).arg(max).arg(n);
        if (!hint.isEmpty())
            msg += QStringLiteral(" (%1)").arg(hint);
        m_errors.append({p, msg, v});
        return fallback;
    }
    return n;
}

QString JsonFieldReader::enumeration(const QString &key, const QString &fallback,
                                     const QStringList &allowed)
{
    if (!has(key))
        return fallback;
    const QJsonValue v = m_object.value(key);
    if (v.isString()) {
        for (const QString &a : allowed) {
            if (a.compare(v.toString().trimmed(), Qt::CaseInsensitive) == 0)
                return a;
        }
    }
    const QString p = path(key);
    m_errors.append({p, QStringLiteral("%1 must be one of %2, got %3")
                            .arg(p, allowed.join(QStringLiteral(", ")),
                                 v.isString() ? QStringLiteral("\"%1\"").arg(v.toString())
                                              : QStringLiteral("a non-string value")),
                     v});
    return fallback;
}

void JsonFieldReader::addError(const QString &key, const QString &message)
{
    m_errors.append({path(key), message, m_object.value(key)});
}

} // namespace orrery
