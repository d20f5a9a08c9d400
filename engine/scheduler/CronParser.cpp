#include "scheduler/CronParser.h"

#include "scheduler/CronFieldParser.h"

#include <QRegularExpression>

namespace orrery {

Result<QString> CronParser::expandMacro(const QString &macro)
{
    const QString m = macro.toLower();
    if (m == QLatin1String("@yearly") || m == QLatin1String("@annually"))
        return QStringLiteral("0 0 1 1 *");
    if (m == QLatin1String("@monthly"))
        return QStringLiteral("0 0 1 * *");
    if (m == QLatin1String("@weekly"))
        return QStringLiteral("0 0 * * 0");
    if (m == QLatin1String("@daily") || m == QLatin1String("@midnight"))
        return QStringLiteral("0 0 * * *");
    if (m == QLatin1String("@hourly"))
        return QStringLiteral("0 * * * *");
    QString msg;
    if (m == QLatin1String("@reboot"))
        msg = QStringLiteral("'@reboot' is not a time schedule and has no next fire time; to run a job when the engine "
                             "starts, use a date trigger at start-up instead");
    else if (m == QLatin1String("@every") || m.startsWith(QLatin1String("@every ")))
        msg = QStringLiteral("'%1' is not cron; use an interval trigger instead").arg(macro);
    else
        msg = QStringLiteral("unknown macro '%1' (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)")
                  .arg(macro);
    return Error::invalid(msg, {FieldError{QStringLiteral("expression"), msg, macro}});
}

Result<CronSpec> CronParser::parse(const QString &text)
{
    static const QRegularExpression ws(QStringLiteral("\\s+"));
    QStringList fields = text.trimmed().split(ws, Qt::SkipEmptyParts);
    const QString joined = fields.join(QLatin1Char(' '));
    if (fields.isEmpty()) {
        const QString msg = QStringLiteral("empty cron expression: expected 5 fields (minute hour day-of-month month "
                                           "day-of-week), 6 with seconds first, or a macro such as @daily");
        return Error::invalid(msg, {FieldError{QStringLiteral("expression"), msg, text}});
    }
    bool hourlyMacro = false;
    if (fields.first().startsWith(QLatin1Char('@'))) {
        if (fields.size() > 1 && fields.first().compare(QLatin1String("@every"), Qt::CaseInsensitive) != 0) {
            const QString msg = QStringLiteral("macro '%1' must stand alone, found extra text in '%2'").arg(fields.first(), joined);
            return Error::invalid(msg, {FieldError{QStringLiteral("expression"), msg, joined}});
        }
        auto expanded = expandMacro(joined);
        if (!expanded)
            return expanded.error();
        hourlyMacro = joined.compare(QLatin1String("@hourly"), Qt::CaseInsensitive) == 0;
        fields = expanded->split(QLatin1Char(' '));
    }
    if (fields.size() == 7) {
        const QString msg = QStringLiteral("7 fields in '%1': the Quartz year field is not supported; use 5 fields "
                                           "(minute hour day-of-month month day-of-week) or 6 with seconds first").arg(joined);
        return Error::invalid(msg, {FieldError{QStringLiteral("expression"), msg, joined}});
    }
    if (fields.size() != 5 && fields.size() != 6) {
        const QString msg = QStringLiteral("expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second "
                                           "minute hour day-of-month month day-of-week), got %1 in '%2'")
                                .arg(fields.size()).arg(joined);
        return Error::invalid(msg, {FieldError{QStringLiteral("expression"), msg, joined}});
    }
    CronSpec spec;
    spec.hasSeconds = fields.size() == 6;
    if (!spec.hasSeconds)
        fields.prepend(QStringLiteral("0"));
    for (int i = 0; i < 6; ++i) {
        if (auto err = CronFieldParser::parse(i, fields.at(i), spec))
            return *err;
    }
    const QString &dom = fields.at(3);
    const QString &dow = fields.at(5);
    if (dom == QLatin1String("?") && dow == QLatin1String("?")) {
        const QString msg = QStringLiteral("day-of-week field: '?' may be used in only one of the day-of-month and "
                                           "day-of-week fields");
        return Error::invalid(msg, {FieldError{QStringLiteral("day-of-week"), msg, dow}});
    }
    spec.domUnrestricted = dom.startsWith(QLatin1Char('*')) || dom == QLatin1String("?");
    spec.dowUnrestricted = dow.startsWith(QLatin1Char('*')) || dow == QLatin1String("?");
    spec.wildcard = hourlyMacro || fields.at(1).startsWith(QLatin1Char('*')) || fields.at(2).startsWith(QLatin1Char('*'));
    spec.fields = fields;
    return spec;
}

} // namespace orrery
