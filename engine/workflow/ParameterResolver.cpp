#include "workflow/ParameterResolver.h"

#include "core/JsonPath.h"
#include "core/PlaceholderScanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <cmath>

namespace orrery {

QString ParameterResolver::toText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

QJsonValue ParameterResolver::resolveString(const QString &s, const QJsonValue &context, const QString &taskId,
                                            int depth)
{
    if (!s.contains(u'$'))
        return s; // the common case: plain text, nothing to scan or unescape
    struct Replacement
    {
        int start;
        int end;
        QJsonValue value;
    };
    QList<Replacement> replacements;
    for (const Placeholder &ph : PlaceholderScanner::scan(s)) {
        const QString path = resolveString(ph.path, context, taskId, depth + 1).toString();
        if (path.trimmed().isEmpty()) {
            replacements.append({ph.start, ph.end, QJsonValue(QString())});
        } else if (path.startsWith(QStringLiteral("workflow.secrets."))) {
            replacements.append({ph.start, ph.end, QJsonValue(s.mid(ph.start, ph.end - ph.start))});
        } else if (path == u"CPEWF_TASK_ID") {
            if (!taskId.isEmpty())
                replacements.append({ph.start, ph.end, QJsonValue(taskId)});
        } else {
            replacements.append({ph.start, ph.end, JsonPath::evaluate(context, path)});
        }
    }
    if (depth == 0 && replacements.size() == 1 && replacements.first().start == 0
        && replacements.first().end == s.size())
        return replacements.first().value;
    QString out = s;
    for (qsizetype i = replacements.size() - 1; i >= 0; --i) {
        const Replacement &r = replacements.at(i);
        out.replace(r.start, r.end - r.start, toText(r.value));
    }
    out.replace(QStringLiteral("$${"), QStringLiteral("${"));
    return out;
}

QJsonValue ParameterResolver::resolve(const QJsonValue &templ, const QJsonObject &context, const QString &currentTaskId)
{
    switch (templ.type()) {
    case QJsonValue::String:
        return resolveString(templ.toString(), QJsonValue(context), currentTaskId, 0);
    case QJsonValue::Object: {
        QJsonObject out;
        const QJsonObject in = templ.toObject();
        for (auto it = in.constBegin(); it != in.constEnd(); ++it)
            out.insert(it.key(), resolve(it.value(), context, currentTaskId));
        return out;
    }
    case QJsonValue::Array: {
        QJsonArray out;
        for (const QJsonValue &e : templ.toArray())
            out.append(resolve(e, context, currentTaskId));
        return out;
    }
    default:
        return templ;
    }
}

QJsonObject ParameterResolver::resolveInput(const QJsonObject &inputParameters, const QJsonObject &inputTemplate,
                                            const QJsonObject &context, const QString &taskId)
{
    QJsonObject params = inputParameters;
    for (auto it = inputTemplate.constBegin(); it != inputTemplate.constEnd(); ++it) {
        if (!params.contains(it.key()))
            params.insert(it.key(), it.value());
    }
    QJsonObject resolved = resolve(params, context, taskId).toObject();
    for (auto it = resolved.begin(); it != resolved.end(); ++it) {
        if (it.value().isNull() && inputTemplate.contains(it.key()))
            it.value() = inputTemplate.value(it.key());
    }
    return resolved;
}

QStringList ParameterResolver::referencedTaskRefs(const QJsonValue &templ)
{
    return PlaceholderScanner::referencedTaskRefs(templ);
}

} // namespace orrery
