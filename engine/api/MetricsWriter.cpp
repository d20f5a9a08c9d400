#include "MetricsWriter.h"

#include <cmath>

namespace orrery {

namespace {

bool validChars(const QString &name, bool allowColon)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const ushort c = name.at(i).unicode();
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allowColon && c == ':');
        const bool digit = c >= '0' && c <= '9';
        if (!(letter || (i > 0 && digit)))
            return false;
    }
    return true;
}

} // namespace

bool MetricsWriter::isValidName(const QString &name)
{
    return validChars(name, true);
}

bool MetricsWriter::isValidLabelName(const QString &name)
{
    return validChars(name, false) && !name.startsWith(QLatin1String("__"));
}

QByteArray MetricsWriter::formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'g', 15);
}

QByteArray MetricsWriter::escapeLabelValue(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray MetricsWriter::escapeHelp(const QString &help)
{
    QByteArray out;
    for (const char c : help.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

bool MetricsWriter::family(const QString &name, const QString &type, const QString &help)
{
    if (!isValidName(name) || m_families.contains(name)) {
        m_skipping = true;
        return false;
    }
    m_families.insert(name);
    m_skipping = false;
    m_out += "# HELP " + name.toUtf8() + ' ' + escapeHelp(help) + '\n';
    m_out += "# TYPE " + name.toUtf8() + ' ' + type.toUtf8() + '\n';
    return true;
}

void MetricsWriter::sample(const QString &name, const MetricLabels &labels, double value)
{
    if (m_skipping || !isValidName(name))
        return;
    m_out += name.toUtf8();
    if (!labels.isEmpty()) {
        m_out += '{';
        bool first = true;
        for (const auto &l : labels) {
            if (!isValidLabelName(l.first) && l.first != QLatin1String("le"))
                continue;
            if (!first)
                m_out += ',';
            first = false;
            m_out += l.first.toUtf8() + "=\"" + escapeLabelValue(l.second) + '"';
        }
        m_out += '}';
    }
    m_out += ' ' + formatValue(value) + '\n';
}

} // namespace orrery
