#include "scheduler/CronFieldParser.h"

#include <QRegularExpression>
#include <optional>

namespace orrery {

namespace {

enum class FieldId { Second, Minute, Hour, DayOfMonth, Month, DayOfWeek };

struct FieldInfo
{
    FieldId id;
    const char *name;
    int min;
    int max; // day-of-week: 7 (= Sunday) is accepted and folded onto 0
};

constexpr FieldInfo kFields[6] = {
    {FieldId::Second, "second", 0, 59},
    {FieldId::Minute, "minute", 0, 59},
    {FieldId::Hour, "hour", 0, 23},
    {FieldId::DayOfMonth, "day-of-month", 1, 31},
    {FieldId::Month, "month", 1, 12},
    {FieldId::DayOfWeek, "day-of-week", 0, 7},
};

const char *const kMonthNames[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                     "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char *const kDayNames[7] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

// " in 'token'" unless the token is just the symbol itself.
QString inToken(const QString &token, const QString &symbol)
{
    return token.compare(symbol, Qt::CaseInsensitive) == 0 ? QString() : QStringLiteral(" in '%1'").arg(token);
}

bool allDigits(const QString &s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    return true;
}

bool allLetters(const QString &s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s)
        if (!((c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))))
            return false;
    return true;
}

// Parses a non-negative decimal number of at most 9 digits; -1 when it is longer.
int parseNumber(const QString &digits)
{
    return digits.size() > 9 ? -1 : digits.toInt();
}

// Parses one field into the spec. All errors name the field and the token.
class FieldParser
{
public:
    FieldParser(const FieldInfo &field, CronSpec &spec) : m_f(field), m_spec(spec) {}

    std::optional<Error> parse(const QString &text)
    {
        if (text.contains(QLatin1Char('?'))) {
            if (!isDayField())
                return fail(text, QStringLiteral("'?'%1 is only allowed in the day-of-month and day-of-week fields").arg(inToken(text, QStringLiteral("?"))));
            if (text != QLatin1String("?"))
                return fail(text, QStringLiteral("'?' must be the whole field, not part of '%1'").arg(text));
            setRange(m_f.min, m_f.max, 1);
            return std::nullopt;
        }
        const QStringList items = text.split(QLatin1Char(','));
        for (const QString &item : items) {
            if (item.isEmpty())
                return fail(text, QStringLiteral("empty list item in '%1'").arg(text));
            if (auto err = parseItem(item))
                return err;
        }
        return std::nullopt;
    }

    Error fail(const QString &token, const QString &problem) const
    {
        const QString msg = QStringLiteral("%1 field: %2").arg(QLatin1String(m_f.name), problem);
        return Error::invalid(msg, {FieldError{QLatin1String(m_f.name), msg, token}});
    }

private:
    bool isDayField() const { return m_f.id == FieldId::DayOfMonth || m_f.id == FieldId::DayOfWeek; }

    void setRange(int lo, int hi, int step)
    {
        for (qint64 v = lo; v <= hi; v += step) {
            switch (m_f.id) {
            case FieldId::Second: m_spec.seconds |= quint64(1) << v; break;
            case FieldId::Minute: m_spec.minutes |= quint64(1) << v; break;
            case FieldId::Hour: m_spec.hours |= quint32(1) << v; break;
            case FieldId::DayOfMonth: m_spec.domDays |= quint32(1) << v; break;
            case FieldId::Month: m_spec.months |= quint16(1u << v); break;
            case FieldId::DayOfWeek: m_spec.dowDays |= quint8(1u << (v % 7)); break;
            }
        }
    }

    // A single value: a number in range or (month, day-of-week) a three-letter name.
    std::optional<Error> parseValue(const QString &tok, const QString &item, int &out) const
    {
        const QString where = tok == item ? QString() : QStringLiteral(" in '%1'").arg(item);
        if (allDigits(tok)) {
            const int n = parseNumber(tok);
            if (n < m_f.min || n > m_f.max)
                return fail(item, QStringLiteral("value '%1'%2 is out of range (%3-%4)")
                                      .arg(tok, where).arg(m_f.min).arg(m_f.max));
            out = n;
            return std::nullopt;
        }
        if (allLetters(tok) && (m_f.id == FieldId::Month || m_f.id == FieldId::DayOfWeek)) {
            const QString upper = tok.toUpper();
            const bool month = m_f.id == FieldId::Month;
            const int count = month ? 12 : 7;
            for (int i = 0; i < count; ++i) {
                if (upper == QLatin1String(month ? kMonthNames[i] : kDayNames[i])) {
                    out = month ? i + 1 : i;
                    return std::nullopt;
                }
            }
            return fail(item, QStringLiteral("unknown name '%1'%2 (use %3)")
                                  .arg(tok, where, month ? QStringLiteral("jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec")
                                                         : QStringLiteral("sun, mon, tue, wed, thu, fri, sat")));
        }
        if (allLetters(tok))
            return fail(item, QStringLiteral("invalid token '%1': the %2 field takes numbers %3-%4, not names")
                                  .arg(item, QLatin1String(m_f.name)).arg(m_f.min).arg(m_f.max));
        return invalidToken(item);
    }

    Error invalidToken(const QString &item) const
    {
        if (auto misplaced = misplacedExtension(item))
            return *misplaced;
        return fail(item, QStringLiteral("invalid token '%1'").arg(item));
    }

    // An L/W/# extension written in a field that does not take it.
    std::optional<Error> misplacedExtension(const QString &item) const
    {
        const QString u = item.toUpper();
        static const QRegularExpression domLike(QStringLiteral("^(L(-\\d*)?|LW|\\d+W)$"));
        static const QRegularExpression dowLike(QStringLiteral("^([0-9]+|[A-Z]{3})(L|#\\d*)$"));
        const bool isDom = domLike.match(u).hasMatch();
        const bool isDow = dowLike.match(u).hasMatch() || u.contains(QLatin1Char('#'));
        switch (m_f.id) {
        case FieldId::DayOfMonth:
            if (isDow)
                return fail(item, QStringLiteral("'%1' (a weekday rule) is only allowed in the day-of-week field").arg(item));
            break;
        case FieldId::DayOfWeek:
            if (isDom)
                return fail(item, QStringLiteral("'%1' (a day-of-month rule) is only allowed in the day-of-month field").arg(item));
            break;
        default:
            if (u.contains(QLatin1Char('#')))
                return fail(item, QStringLiteral("'#' in '%1' is only allowed in the day-of-week field").arg(item));
            if (isDom && u.endsWith(QLatin1Char('W')))
                return fail(item, QStringLiteral("'W'%1 is only allowed in the day-of-month field").arg(inToken(item, QStringLiteral("W"))));
            if (isDom || isDow)
                return fail(item, QStringLiteral("'L'%1 is only allowed in the day-of-month and day-of-week fields").arg(inToken(item, QStringLiteral("L"))));
            break;
        }
        return std::nullopt;
    }

    std::optional<Error> parseItem(const QString &item)
    {
        const QString u = item.toUpper();
        if (m_f.id == FieldId::DayOfMonth) {
            if (auto handled = parseDomSpecial(item, u))
                return *handled;
        } else if (m_f.id == FieldId::DayOfWeek) {
            if (auto handled = parseDowSpecial(item, u))
                return *handled;
        }
        if (auto misplaced = misplacedExtension(item))
            return misplaced;
        return parseRangeItem(item);
    }

    // Returns nullopt when `u` is not a day-of-month extension, otherwise the parse outcome.
    std::optional<std::optional<Error>> parseDomSpecial(const QString &item, const QString &u)
    {
        using Outcome = std::optional<Error>;
        if (u == QLatin1String("L")) {
            m_spec.domLastOffsets |= 1u;
            return Outcome{};
        }
        if (u == QLatin1String("LW")) {
            m_spec.domLastWeekday = true;
            return Outcome{};
        }
        if (u.startsWith(QLatin1String("L-"))) {
            const QString n = u.mid(2);
            if (n.isEmpty())
                return Outcome{fail(item, QStringLiteral("missing offset after 'L-' in '%1'").arg(item))};
            if (!allDigits(n))
                return Outcome{invalidToken(item)};
            const int v = parseNumber(n);
            if (v < 0 || v > 30)
                return Outcome{fail(item, QStringLiteral("offset in '%1' must be 0-30").arg(item))};
            m_spec.domLastOffsets |= quint32(1) << v;
            return Outcome{};
        }
        if (u.size() > 1 && u.endsWith(QLatin1Char('W')) && allDigits(u.chopped(1))) {
            const int v = parseNumber(u.chopped(1));
            if (v < 1 || v > 31)
                return Outcome{fail(item, QStringLiteral("day in '%1' must be 1-31").arg(item))};
            m_spec.domNearestWeekday |= quint32(1) << v;
            return Outcome{};
        }
        return std::nullopt;
    }

    std::optional<std::optional<Error>> parseDowSpecial(const QString &item, const QString &u)
    {
        using Outcome = std::optional<Error>;
        if (u == QLatin1String("L"))
            return Outcome{fail(item, QStringLiteral("'L' alone is ambiguous in the day-of-week field: name the day, e.g. '5L' "
                                                     "or 'friL' for the last Friday of the month (or use 'L' in the day-of-month field)"))};
        const int hash = u.indexOf(QLatin1Char('#'));
        if (hash >= 0) {
            const QString day = item.left(hash);
            const QString nth = u.mid(hash + 1);
            if (day.isEmpty())
                return Outcome{fail(item, QStringLiteral("missing weekday before '#' in '%1'").arg(item))};
            if (nth.isEmpty())
                return Outcome{fail(item, QStringLiteral("missing occurrence after '#' in '%1'").arg(item))};
            if (!allDigits(nth))
                return Outcome{invalidToken(item)};
            if (!allDigits(day) && !allLetters(day))
                return Outcome{invalidToken(item)};
            int d = 0;
            if (auto err = parseValue(day, item, d))
                return Outcome{err};
            const int n = parseNumber(nth);
            if (n < 1 || n > 5)
                return Outcome{fail(item, QStringLiteral("occurrence in '%1' must be 1-5").arg(item))};
            m_spec.dowNth[d % 7] |= quint8(1u << n);
            return Outcome{};
        }
        if (u.size() > 1 && u.endsWith(QLatin1Char('L'))) {
            const QString day = item.chopped(1);
            if (!allDigits(day) && !allLetters(day))
                return std::nullopt; // not a dL form: let the range parser report it
            int d = 0;
            if (auto err = parseValue(day, item, d))
                return Outcome{err};
            m_spec.dowLast |= quint8(1u << (d % 7));
            return Outcome{};
        }
        return std::nullopt;
    }

    std::optional<Error> parseRangeItem(const QString &item)
    {
        QString base = item;
        int step = 1;
        bool hasStep = false;
        const int slash = item.indexOf(QLatin1Char('/'));
        if (slash >= 0) {
            if (item.indexOf(QLatin1Char('/'), slash + 1) >= 0)
                return invalidToken(item);
            base = item.left(slash);
            const QString stepText = item.mid(slash + 1);
            if (stepText.isEmpty())
                return fail(item, QStringLiteral("missing step after '/' in '%1'").arg(item));
            if (!allDigits(stepText))
                return fail(item, QStringLiteral("step '%1' in '%2' is not a whole number").arg(stepText, item));
            step = parseNumber(stepText);
            if (step < 0)
                return fail(item, QStringLiteral("step '%1' in '%2' is too large").arg(stepText, item));
            if (step == 0)
                return fail(item, QStringLiteral("step '0' in '%1' must be at least 1").arg(item));
            hasStep = true;
            if (base.isEmpty())
                return fail(item, QStringLiteral("missing range before '/' in '%1'").arg(item));
        }
        int lo = 0;
        int hi = 0;
        if (base == QLatin1String("*")) {
            lo = m_f.min;
            hi = m_f.max;
        } else {
            const int dash = base.indexOf(QLatin1Char('-'));
            if (dash >= 0) {
                const QString a = base.left(dash);
                const QString b = base.mid(dash + 1);
                if (a.isEmpty() || b.isEmpty() || b.contains(QLatin1Char('-')) || a == QLatin1String("*")
                    || b == QLatin1String("*"))
                    return invalidToken(item);
                if (auto err = parseValue(a, item, lo))
                    return err;
                if (auto err = parseValue(b, item, hi))
                    return err;
                if (m_f.id == FieldId::DayOfWeek && hi == 0 && lo > 0)
                    hi = 7; // 'fri-sun', '5-0': a range may end on Sunday written as 0
                if (lo > hi)
                    return fail(item, QStringLiteral("range '%1' runs backwards (%2 > %3)%4")
                                          .arg(base).arg(lo).arg(hi)
                                          .arg(m_f.id == FieldId::DayOfWeek
                                                   ? QStringLiteral("; only a range ending on Sunday may wrap, e.g. 'fri-sun'")
                                                   : QString()));
            } else {
                if (auto err = parseValue(base, item, lo))
                    return err;
                hi = hasStep ? m_f.max : lo; // 'a/s' means 'a-last/s'
            }
        }
        setRange(lo, hi, step);
        return std::nullopt;
    }

    const FieldInfo &m_f;
    CronSpec &m_spec;
};

} // namespace

std::optional<Error> CronFieldParser::parse(int index, const QString &text, CronSpec &spec)
{
    Q_ASSERT(index >= 0 && index < 6);
    return FieldParser(kFields[index], spec).parse(text);
}

} // namespace orrery
