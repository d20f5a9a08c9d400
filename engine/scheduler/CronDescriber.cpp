#include "scheduler/CronDescriber.h"

#include <QStringList>
#include <algorithm>

namespace orrery {

namespace {

enum Field { Second = 0, Minute, Hour, Dom, Month, Dow };

const char *const kMonths[12] = {"January", "February", "March", "April", "May", "June",
                                 "July", "August", "September", "October", "November", "December"};
const char *const kDays[7] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
const char *const kMonthKeys[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char *const kDayKeys[7] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
const char *const kOrdinals[6] = {"", "first", "second", "third", "fourth", "fifth"};

int fieldMax(int f)
{
    switch (f) {
    case Hour: return 23;
    case Dom: return 31;
    case Month: return 12;
    case Dow: return 7;
    default: return 59;
    }
}

int fieldMin(int f) { return (f == Dom || f == Month) ? 1 : 0; }

int value(const QString &tok)
{
    const QString u = tok.toUpper();
    for (int i = 0; i < 12; ++i)
        if (u == QLatin1String(kMonthKeys[i]))
            return i + 1;
    for (int i = 0; i < 7; ++i)
        if (u == QLatin1String(kDayKeys[i]))
            return i;
    return tok.toInt();
}

QString join(const QStringList &parts, const QString &last = QStringLiteral(" and "))
{
    if (parts.size() <= 1)
        return parts.value(0);
    return QStringList(parts.mid(0, parts.size() - 1)).join(QStringLiteral(", ")) + last + parts.last();
}

QString two(int v) { return QString::asprintf("%02d", v); }

QString name(int f, int v)
{
    if (f == Month)
        return QLatin1String(kMonths[v - 1]);
    if (f == Dow)
        return QLatin1String(kDays[v % 7]);
    if (f == Hour)
        return two(v) + QStringLiteral(":00");
    return QString::number(v);
}

struct Item
{
    int lo = 0;
    int hi = 0;
    int step = 1;
    bool star = false;
    bool stepped = false;
    QString special; // L, L-n, LW, nW, dL, d#n (upper case)
};

QList<Item> items(const QString &text, int f)
{
    QList<Item> out;
    for (const QString &raw : text.split(QLatin1Char(','))) {
        Item it;
        const QString u = raw.toUpper();
        QString base = u;
        const int slash = u.indexOf(QLatin1Char('/'));
        if (slash >= 0) {
            base = u.left(slash);
            it.step = u.mid(slash + 1).toInt();
            it.stepped = true;
        }
        const bool special = (f == Dom && (base.contains(QLatin1Char('L')) || base.endsWith(QLatin1Char('W'))))
            || (f == Dow && (base.contains(QLatin1Char('#')) || (base.size() > 1 && base.endsWith(QLatin1Char('L')))));
        if (special) {
            it.special = base;
        } else if (base == QLatin1String("*") || base == QLatin1String("?")) {
            it.star = true;
            it.lo = fieldMin(f);
            it.hi = fieldMax(f);
        } else if (base.contains(QLatin1Char('-'))) {
            it.lo = value(base.section(QLatin1Char('-'), 0, 0));
            it.hi = value(base.section(QLatin1Char('-'), 1, 1));
            if (f == Dow && it.hi == 0 && it.lo > 0)
                it.hi = 7;
        } else {
            it.lo = value(base);
            it.hi = it.stepped ? fieldMax(f) : it.lo;
        }
        out.append(it);
    }
    return out;
}

bool isPlainStar(const QString &text) { return text == QLatin1String("*") || text == QLatin1String("?"); }

// Plain values only (no ranges, steps or extensions): the sorted values, else empty.
QList<int> plainValues(const QString &text, int f)
{
    QList<int> vals;
    for (const Item &it : items(text, f)) {
        if (!it.special.isEmpty() || it.star || it.stepped || it.lo != it.hi)
            return {};
        vals.append(it.lo);
    }
    std::sort(vals.begin(), vals.end());
    vals.erase(std::unique(vals.begin(), vals.end()), vals.end());
    return vals;
}

// Months and weekdays read best as names: expand every item into the names it selects.
QString namedList(const QString &text, int f)
{
    QStringList parts;
    for (const Item &it : items(text, f)) {
        if (!it.stepped && it.lo != it.hi && !it.star) {
            parts << QStringLiteral("%1 through %2").arg(name(f, it.lo), name(f, it.hi));
            continue;
        }
        for (int v = it.lo; v <= it.hi; v += it.step) {
            const QString n = name(f, v);
            if (!parts.contains(n))
                parts << n;
        }
    }
    return join(parts);
}

QString ordinal(int n)
{
    const int t = n % 100;
    const char *suffix = (t >= 11 && t <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return QString::number(n) + QLatin1String(suffix);
}

// "every 15 minutes", "at minutes 0 and 30", "every minute from minute 1 through 5", ...
QString unitPhrase(const QString &text, int f)
{
    const QString unit = f == Second ? QStringLiteral("second") : QStringLiteral("minute");
    QStringList parts;
    QStringList plain;
    for (const Item &it : items(text, f)) {
        if (it.star && !it.stepped)
            parts << QStringLiteral("every %1").arg(unit);
        else if (it.star)
            parts << QStringLiteral("every %1 %2s").arg(it.step).arg(unit);
        else if (it.stepped)
            parts << QStringLiteral("every %1 %2s from %2 %3 through %4").arg(it.step).arg(unit).arg(it.lo).arg(it.hi);
        else if (it.lo != it.hi)
            parts << QStringLiteral("every %1 from %1 %2 through %3").arg(unit).arg(it.lo).arg(it.hi);
        else
            plain << QString::number(it.lo);
    }
    if (!plain.isEmpty())
        parts.prepend(QStringLiteral("at %1%2 %3").arg(unit, plain.size() > 1 ? QStringLiteral("s") : QString(), join(plain)));
    return join(parts);
}

QString hourPhrase(const QString &text)
{
    QStringList parts;
    for (const Item &it : items(text, Hour)) {
        if (it.star && !it.stepped)
            parts << QStringLiteral("every hour");
        else if (it.star)
            parts << QStringLiteral("every %1 hours").arg(it.step);
        else if (it.stepped)
            parts << QStringLiteral("every %1 hours from %2 through %3").arg(it.step).arg(name(Hour, it.lo), name(Hour, it.hi));
        else
            parts << QStringLiteral("between %1 and %2:59").arg(name(Hour, it.lo), two(it.hi));
    }
    return join(parts);
}

// Explicit times of day ("02:30", "10:15 and 12:15") when the rule is a short list of them.
QStringList timesOfDay(const CronSpec &spec)
{
    const QStringList &fs = spec.fields;
    const QList<int> secs = plainValues(fs[Second], Second);
    const QList<int> mins = plainValues(fs[Minute], Minute);
    const QList<int> hours = plainValues(fs[Hour], Hour);
    QStringList times;
    if (secs.size() == 1 && !mins.isEmpty() && !hours.isEmpty() && mins.size() * hours.size() <= 6) {
        for (int h : hours)
            for (int m : mins)
                times << two(h) + QLatin1Char(':') + two(m) + (secs[0] != 0 ? QLatin1Char(':') + two(secs[0]) : QString());
    }
    return times;
}

QString timePhrase(const CronSpec &spec)
{
    const QStringList &fs = spec.fields;
    const QStringList times = timesOfDay(spec);
    if (!times.isEmpty())
        return QStringLiteral("At ") + join(times);
    QStringList parts;
    const bool minuteEvery = fs[Minute] == QLatin1String("*");
    const bool hourEvery = isPlainStar(fs[Hour]);
    if (spec.hasSeconds && fs[Second] != QLatin1String("0")) {
        const bool secondsPlain = !plainValues(fs[Second], Second).isEmpty();
        if (minuteEvery) {
            parts << unitPhrase(fs[Second], Second) + (secondsPlain ? QStringLiteral(" of every minute") : QString());
        } else {
            parts << unitPhrase(fs[Second], Second);
            parts << unitPhrase(fs[Minute], Minute);
        }
    } else {
        parts << unitPhrase(fs[Minute], Minute);
    }
    if (hourEvery && !fs[Minute].startsWith(QLatin1Char('*')))
        parts.last() += QStringLiteral(" past every hour");
    else if (!hourEvery)
        parts << hourPhrase(fs[Hour]);
    QString out = parts.join(QStringLiteral(", "));
    out[0] = out[0].toUpper();
    return out;
}

QString domPhrase(const QString &text)
{
    QStringList specials;
    QStringList days;
    QStringList plain;
    for (const Item &it : items(text, Dom)) {
        if (it.special == QLatin1String("L"))
            specials << QStringLiteral("the last day of the month");
        else if (it.special == QLatin1String("LW"))
            specials << QStringLiteral("the last weekday of the month");
        else if (it.special.startsWith(QLatin1String("L-")))
            specials << (it.special.mid(2).toInt() == 0 ? QStringLiteral("the last day of the month")
                                                        : QStringLiteral("the last day of the month minus %1 days").arg(it.special.mid(2).toInt()));
        else if (it.special.endsWith(QLatin1Char('W')))
            specials << QStringLiteral("the weekday nearest day %1 of the month").arg(it.special.chopped(1).toInt());
        else if (it.stepped && it.hi == 31)
            days << QStringLiteral("every %1 day from day %2").arg(ordinal(it.step)).arg(it.lo);
        else if (it.stepped)
            days << QStringLiteral("every %1 day from day %2 through %3").arg(ordinal(it.step)).arg(it.lo).arg(it.hi);
        else if (it.lo != it.hi)
            days << QStringLiteral("days %1 through %2").arg(it.lo).arg(it.hi);
        else
            plain << QString::number(it.lo);
    }
    if (!plain.isEmpty())
        days.prepend(QStringLiteral("day%1 %2").arg(plain.size() > 1 ? QStringLiteral("s") : QString(), join(plain)));
    if (!days.isEmpty())
        specials << join(days) + QStringLiteral(" of the month");
    return join(specials);
}

QString dowPhrase(const QString &text)
{
    QStringList parts;
    QStringList plain;
    for (const QString &raw : text.split(QLatin1Char(','))) {
        const QString u = raw.toUpper();
        if (u.contains(QLatin1Char('#'))) {
            parts << QStringLiteral("the %1 %2 of the month")
                         .arg(QLatin1String(kOrdinals[u.section(QLatin1Char('#'), 1).toInt()]),
                              name(Dow, value(u.section(QLatin1Char('#'), 0, 0))));
        } else if (u.size() > 1 && u.endsWith(QLatin1Char('L'))) {
            parts << QStringLiteral("the last %1 of the month").arg(name(Dow, value(u.chopped(1))));
        } else {
            plain << raw;
        }
    }
    if (!plain.isEmpty())
        parts.prepend(namedList(plain.join(QLatin1Char(',')), Dow));
    return join(parts);
}

QString dayPhrase(const CronSpec &spec)
{
    const QString &dom = spec.fields[Dom];
    const QString &dow = spec.fields[Dow];
    const bool domAny = isPlainStar(dom);
    const bool dowAny = isPlainStar(dow);
    if (domAny && dowAny)
        return QString();
    if (!spec.domUnrestricted && !spec.dowUnrestricted)
        return QStringLiteral("on %1 or on %2").arg(domPhrase(dom), dowPhrase(dow));
    if (dowAny)
        return QStringLiteral("on ") + domPhrase(dom);
    if (domAny)
        return QStringLiteral("on ") + dowPhrase(dow);
    // Both written, one beginning with '*': cron ANDs them.
    return QStringLiteral("on %1, if it is also %2").arg(domPhrase(dom), dowPhrase(dow));
}

} // namespace

QString CronDescriber::describe(const CronSpec &spec)
{
    if (spec.fields.size() != 6)
        return QString();
    const QStringList &fs = spec.fields;
    QString out = timePhrase(spec);
    const bool timeOfDay = !timesOfDay(spec).isEmpty();
    const QList<int> months = plainValues(fs[Month], Month);
    const QList<int> days = plainValues(fs[Dom], Dom);
    if (months.size() == 1 && !days.isEmpty() && isPlainStar(fs[Dow])) {
        // "on January 1", "on February 1 and 15"
        QStringList ds;
        for (int d : days)
            ds << QString::number(d);
        return out + QStringLiteral(" on %1 %2").arg(name(Month, months[0]), join(ds));
    }
    const QString dayText = dayPhrase(spec);
    const bool anyMonth = isPlainStar(fs[Month]);
    if (!dayText.isEmpty())
        out += QLatin1Char(' ') + dayText + (anyMonth ? QString() : QStringLiteral(", in ") + namedList(fs[Month], Month));
    else if (timeOfDay)
        out += QStringLiteral(" every day") + (anyMonth ? QString() : QStringLiteral(" in ") + namedList(fs[Month], Month));
    else if (!anyMonth)
        out += QStringLiteral(", in ") + namedList(fs[Month], Month);
    return out;
}

} // namespace orrery
