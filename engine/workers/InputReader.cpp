#include "InputReader.h"

#include <QJsonArray>
#include <cmath>

namespace orrery {

InputReader::InputReader(const QJsonObject &input) : m_input(input) {}

void InputReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

bool InputReader::has(const QString &key) const
{
    const QJsonValue v = m_input.value(key);
    return !v.isUndefined() && !v.isNull();
}

QJsonValue InputReader::value(const QString &key) const
{
    const QJsonValue v = m_input.value(key);
    return v.isNull() ? QJsonValue(QJsonValue::Undefined) : v;
}

QString InputReader::typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: return QStringLiteral("missing");
    }
    return QStringLiteral("unknown");
}

QString InputReader::string(const QString &key, const QString &fallback, bool required)
{
    const QJsonValue v = value(key);
    if (v.isUndefined()) {
        if (required)
            fail(QStringLiteral("%1 is required (a string)").arg(path(key)));
        return fallback;
    }
    if (!v.isString()) {
        fail(QStringLiteral("%1 must be a string, got %2").arg(path(key), typeName(v)));
        return fallback;
    }
    if (required && v.toString().isEmpty())
        fail(QStringLiteral("%1 must not be empty").arg(path(key)));
    return v.toString();
}

QStringList InputReader::stringArray(const QString &key, bool required)
{
    const QJsonValue v = value(key);
    if (v.isUndefined()) {
        if (required)
            fail(QStringLiteral("%1 is required (a non-empty array of strings)").arg(path(key)));
        return {};
    }
    if (!v.isArray()) {
        fail(QStringLiteral("%1 must be an array of strings, got %2").arg(path(key), typeName(v)));
        return {};
    }
    const QJsonArray array = v.toArray();
    if (required && array.isEmpty()) {
        fail(QStringLiteral("%1 must not be empty").arg(path(key)));
        return {};
    }
    QStringList out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString()) {
            fail(QStringLiteral("%1[%2] must be a string, got %3").arg(path(key)).arg(i).arg(typeName(array.at(i))));
            return {};
        }
        out.append(array.at(i).toString());
    }
    return out;
}

QList<QPair<QString, QString>> InputReader::stringMap(const QString &key)
{
    const QJsonValue v = value(key);
    if (v.isUndefined())
        return {};
    if (!v.isObject()) {
        fail(QStringLiteral("%1 must be an object of strings, got %2").arg(path(key), typeName(v)));
        return {};
    }
    const QJsonObject object = v.toObject();
    QList<QPair<QString, QString>> out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            fail(QStringLiteral("%1.%2 must be a string, got %3").arg(path(key), it.key(), typeName(it.value())));
            return {};
        }
        out.append({it.key(), it.value().toString()});
    }
    return out;
}

qint64 InputReader::integer(const QString &key, qint64 fallback, qint64 min, qint64 max)
{
    const QJsonValue v = value(key);
    if (v.isUndefined())
        return fallback;
    const double d = v.toDouble();
    if (!v.isDouble() || std::floor(d) != d) {
        fail(QStringLiteral("%1 must be an integer, got %2").arg(path(key), v.isDouble() ? QString::number(d) : typeName(v)));
        return fallback;
    }
    if (d < double(min) || d > double(max)) {
        fail(QStringLiteral("%1 must be between %2 and %3, got %4").arg(path(key)).arg(min).arg(max).arg(d));
        return fallback;
    }
    return qint64(d);
}

double InputReader::number(const QString &key, double fallback, double min, double max)
{
    const QJsonValue v = value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isDouble()) {
        fail(QStringLiteral("%1 must be a number, got %2").arg(path(key), typeName(v)));
        return fallback;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < min || d > max) {
        fail(QStringLiteral("%1 must be between %2 and %3, got %4").arg(path(key)).arg(min).arg(max).arg(d));
        return fallback;
    }
    return d;
}

bool InputReader::boolean(const QString &key, bool fallback)
{
    const QJsonValue v = value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isBool()) {
        fail(QStringLiteral("%1 must be a boolean, got %2").arg(path(key), typeName(v)));
        return fallback;
    }
    return v.toBool();
}

} // namespace orrery
