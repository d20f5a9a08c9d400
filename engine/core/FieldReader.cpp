#include "core/FieldReader.h"

#include <cmath>

namespace orrery {

FieldReader::FieldReader(const QJsonObject &obj, QString prefix, QList<FieldError> &errors)
    : m_obj(obj), m_prefix(std::move(prefix)), m_errors(errors)
{
}

QString FieldReader::join(const QString &prefix, const QString &field)
{
    if (prefix.isEmpty())
        return field;
    if (field.isEmpty())
        return prefix;
    if (field.startsWith(QLatin1Char('[')))
        return prefix + field;
    return prefix + QLatin1Char('.') + field;
}

bool FieldReader::has(const QString &key) const
{
    const auto it = m_obj.constFind(key);
    return it != m_obj.constEnd() && !it->isNull() && !it->isUndefined();
}

bool FieldReader::isNull(const QString &key) const
{
    const auto it = m_obj.constFind(key);
    return it != m_obj.constEnd() && it->isNull();
}

void FieldReader::error(const QString &field, const QString &message, const QJsonValue &invalidValue)
{
    m_errors.append(FieldError{path(field), message, invalidValue});
}

void FieldReader::typeError(const QString &key, const QString &expected)
{
    error(key, QStringLiteral("%1 must be %2").arg(key, expected), m_obj.value(key));
}

std::optional<QString> FieldReader::string(const QString &key)
{
    if (!has(key))
        return std::nullopt;
    const QJsonValue v = m_obj.value(key);
    if (!v.isString()) {
        typeError(key, QStringLiteral("a string"));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<qint64> FieldReader::integer(const QString &key, qint64 min, qint64 max)
{
    if (!has(key))
        return std::nullopt;
    const QJsonValue v = m_obj.value(key);
    const double d = v.toDouble();
    if (!v.isDouble() || !std::isfinite(d) || std::floor(d) != d) {
        typeError(key, QStringLiteral("an integer"));
        return std::nullopt;
    }
    if (d < double(min) || d > double(max)) {
        error(key, QStringLiteral("%1 must be an integer between %2 and %3").arg(key).arg(min).arg(max), v);
        return std::nullopt;
    }
    return qint64(d);
}

std::optional<bool> FieldReader::boolean(const QString &key)
{
    if (!has(key))
        return std::nullopt;
    const QJsonValue v = m_obj.value(key);
    if (!v.isBool()) {
        typeError(key, QStringLiteral("a boolean (true or false)"));
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<QJsonObject> FieldReader::object(const QString &key)
{
    if (!has(key))
        return std::nullopt;
    const QJsonValue v = m_obj.value(key);
    if (!v.isObject()) {
        typeError(key, QStringLiteral("an object"));
        return std::nullopt;
    }
    return v.toObject();
}

std::optional<QJsonArray> FieldReader::array(const QString &key)
{
    if (!has(key))
        return std::nullopt;
    const QJsonValue v = m_obj.value(key);
    if (!v.isArray()) {
        typeError(key, QStringLiteral("an array"));
        return std::nullopt;
    }
    return v.toArray();
}

std::optional<QStringList> FieldReader::stringList(const QString &key)
{
    const auto arr = array(key);
    if (!arr)
        return std::nullopt;
    QStringList out;
    bool ok = true;
    for (qsizetype i = 0; i < arr->size(); ++i) {
        const QJsonValue e = arr->at(i);
        if (!e.isString()) {
            const QString field = QStringLiteral("%1[%2]").arg(key).arg(i);
            error(field, QStringLiteral("%1 must be a string").arg(field), e);
            ok = false;
            continue;
        }
        out.append(e.toString());
    }
    if (!ok)
        return std::nullopt;
    return out;
}

std::optional<QString> FieldReader::enumeration(const QString &key, const QStringList &allowed)
{
    const auto s = string(key);
    if (!s)
        return std::nullopt;
    if (!allowed.contains(*s)) {
        error(key,
              QStringLiteral("%1: '%2' is not one of %3").arg(key, *s, allowed.join(QStringLiteral(", "))),
              QJsonValue(*s));
        return std::nullopt;
    }
    return s;
}

} // namespace orrery
