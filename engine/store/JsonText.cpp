#include "store/JsonText.h"

#include <QJsonArray>
#include <cmath>
#include <limits>

namespace orrery {

QString JsonText::compact(const QJsonObject &object)
{
    QString out;
    out.reserve(1024);
    writeObject(out, object);
    return out;
}

void JsonText::writeObject(QString &out, const QJsonObject &object)
{
    out += u'{';
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!first)
            out += u',';
        first = false;
        writeString(out, it.key());
        out += u':';
        writeValue(out, it.value());
    }
    out += u'}';
}

void JsonText::writeArray(QString &out, const QJsonArray &array)
{
    out += u'[';
    bool first = true;
    for (const QJsonValue &v : array) {
        if (!first)
            out += u',';
        first = false;
        writeValue(out, v);
    }
    out += u']';
}

void JsonText::writeValue(QString &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        out += value.toBool() ? QLatin1String("true") : QLatin1String("false");
        return;
    case QJsonValue::Double: {
        constexpr qint64 kNotInteger = std::numeric_limits<qint64>::min();
        const qint64 i = value.toInteger(kNotInteger);
        const double d = value.toDouble();
        if (i != kNotInteger || d == double(kNotInteger))
            out += QString::number(i);
        else if (std::isfinite(d))
            out += QString::number(d, 'g', QLocale::FloatingPointShortest);
        else
            out += QLatin1String("null"); // as QJsonDocument does
        return;
    }
    case QJsonValue::String:
        writeString(out, value.toString());
        return;
    case QJsonValue::Array:
        writeArray(out, value.toArray());
        return;
    case QJsonValue::Object:
        writeObject(out, value.toObject());
        return;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += QLatin1String("null");
        return;
    }
}

void JsonText::writeString(QString &out, QStringView text)
{
    out += u'"';
    const QChar *p = text.data();
    const qsizetype n = text.size();
    qsizetype plain = 0; // start of the run of characters that need no escaping
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i].unicode();
        if (c >= 0x20 && c != u'"' && c != u'\\')
            continue;
        out.append(p + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case u'"': out += QLatin1String("\\\""); break;
        case u'\\': out += QLatin1String("\\\\"); break;
        case u'\n': out += QLatin1String("\\n"); break;
        case u'\r': out += QLatin1String("\\r"); break;
        case u'\t': out += QLatin1String("\\t"); break;
        case u'\b': out += QLatin1String("\\b"); break;
        case u'\f': out += QLatin1String("\\f"); break;
        default: {
            constexpr char kHex[] = "0123456789abcdef";
            const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
            out += QLatin1String(escape, 6);
        }
        }
    }
    out.append(p + plain, n - plain);
    out += u'"';
}

} // namespace orrery
