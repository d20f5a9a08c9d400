#include "scheduler/CronCommand.h"

#include "core/Clock.h"
#include "scheduler/CronExpression.h"
#include "scheduler/IsoDateTime.h"
#include "scheduler/ZoneParser.h"
#include "scheduler/ZoneTimeline.h"

namespace orrery {

namespace {

constexpr int MaxCount = 100000;

enum Exit { Ok = 0, InvalidInput = 1, UsageError = 2 };

std::optional<int> parseCount(const QString &text)
{
    bool ok = false;
    const int n = text.trimmed().toInt(&ok);
    if (!ok || n < 0 || n > MaxCount)
        return std::nullopt;
    return n;
}

QString countError(const QString &text)
{
    return QStringLiteral("invalid count '%1': expected a whole number from 0 to %2").arg(text).arg(MaxCount);
}

// The fire times as ISO 8601 strings, or an error message.
Result<QStringList> nextTimes(const QString &exprText, const QString &zoneText, const QString &startText, int count)
{
    auto expr = CronExpression::parse(exprText);
    if (!expr)
        return expr.error();
    auto zone = ZoneParser::parse(zoneText);
    if (!zone)
        return zone.error();
    auto start = IsoDateTime::parse(startText, *zone);
    if (!start)
        return start.error();
    const ZoneTimeline timeline(*zone);
    QStringList out;
    qint64 after = *start;
    for (int i = 0; i < count; ++i) {
        const std::optional<qint64> next = expr->nextAfter(after, timeline);
        if (!next)
            break;
        out << IsoDateTime::format(*next, timeline);
        after = *next;
    }
    return out;
}

bool isHelp(const QString &a)
{
    return a == QLatin1String("--help") || a == QLatin1String("-h") || a == QLatin1String("help");
}

} // namespace

CronCommand::CronCommand(const Clock *clock) : m_clock(clock) {}

QString CronCommand::usage()
{
    return QStringLiteral(
        "Usage:\n"
        "  orreryd cron next EXPR [--tz ZONE] [--from ISO] [--count N]\n"
        "  orreryd cron next --batch          (also: orreryd cron --batch)\n"
        "  orreryd cron describe EXPR\n"
        "  orreryd cron help\n"
        "\n"
        "next      Print the next N fire times of the cron rule EXPR strictly after --from, one ISO 8601\n"
        "          date-time with the zone's offset per line (e.g. 2024-03-10T03:00:00-04:00). Prints\n"
        "          nothing when the rule never fires; exits 1 with the error for an invalid rule.\n"
        "            --tz ZONE    IANA zone (Europe/Berlin), UTC or a fixed offset (+05:30). Default UTC.\n"
        "            --from ISO   start instant, e.g. 2024-03-09T22:00:00-05:00; without an offset it is a\n"
        "                         wall time in ZONE. Default: now.\n"
        "            --count N    how many fire times (0-100000). Default 10.\n"
        "          The form 'next EXPR ZONE START N' is accepted too.\n"
        "--batch   Read lines EXPR<TAB>ZONE<TAB>START<TAB>N from standard input and answer each with\n"
        "          exactly one line: the N date-times separated by single spaces, an empty line when\n"
        "          the rule never fires, or 'ERROR: ' and the message.\n"
        "describe  Print EXPR in plain English and whether cron treats it as a wildcard or fixed-time job.\n"
        "\n"
        "EXPR: 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; *, values,\n"
        "a-b, lists, */s, a-b/s, a/s, names jan-dec and sun-sat, 0 and 7 = Sunday, ? in one day field,\n"
        "L, L-n, LW, nW (day of month), dL, d#n (day of week), @yearly @annually @monthly @weekly\n"
        "@daily @midnight @hourly. Quote EXPR in the shell.\n"
        "DST: fixed-time jobs fire once at the end of a gap and only in the first pass of a repeated\n"
        "hour; wildcard jobs (minute or hour field starting with *) skip gap times and fire in both passes.\n");
}

int CronCommand::run(const QStringList &argsIn, QTextStream &in, QTextStream &out, QTextStream &err) const
{
    QStringList args = argsIn;
    if (!args.isEmpty() && args.first() == QLatin1String("cron"))
        args.removeFirst();
    if (args.isEmpty()) {
        err << usage();
        err.flush();
        return UsageError;
    }
    const QString sub = args.takeFirst();
    int rc = Ok;
    if (isHelp(sub)) {
        out << usage();
    } else if (sub == QLatin1String("--batch")) {
        if (!args.isEmpty()) {
            err << "ERROR: --batch takes no other arguments (it reads EXPR<TAB>ZONE<TAB>START<TAB>N lines from stdin)\n";
            rc = UsageError;
        } else {
            rc = runBatch(in, out);
        }
    } else if (sub == QLatin1String("next")) {
        rc = runNext(args, in, out, err);
    } else if (sub == QLatin1String("describe")) {
        rc = runDescribe(args, out, err);
    } else {
        err << "ERROR: unknown cron command '" << sub << "'\n\n" << usage();
        rc = UsageError;
    }
    out.flush();
    err.flush();
    return rc;
}

int CronCommand::runNext(const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err) const
{
    QString zone;
    QString from;
    QString count;
    bool batch = false;
    QStringList positional;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto optionValue = [&](const QString &name, QString &target) -> int {
            if (a.startsWith(name + QLatin1Char('='))) {
                target = a.mid(name.size() + 1);
                return 1;
            }
            if (a == name) {
                if (i + 1 >= args.size()) {
                    err << "ERROR: " << name << " needs a value\n";
                    return -1;
                }
                target = args.at(++i);
                return 1;
            }
            return 0;
        };
        int r = 0;
        if ((r = optionValue(QStringLiteral("--tz"), zone)) || (r = optionValue(QStringLiteral("--timezone"), zone))
            || (r = optionValue(QStringLiteral("--from"), from)) || (r = optionValue(QStringLiteral("--count"), count))
            || (r = optionValue(QStringLiteral("-n"), count))) {
            if (r < 0)
                return UsageError;
            continue;
        }
        if (a == QLatin1String("--batch")) {
            batch = true;
        } else if (isHelp(a)) {
            out << usage();
            return Ok;
        } else if (a.startsWith(QLatin1String("--")) && a.size() > 2) {
            err << "ERROR: unknown option '" << a << "'\n\n" << usage();
            return UsageError;
        } else {
            positional << a;
        }
    }
    if (batch) {
        if (!positional.isEmpty() || !zone.isEmpty() || !from.isEmpty() || !count.isEmpty()) {
            err << "ERROR: --batch takes no other arguments (it reads EXPR<TAB>ZONE<TAB>START<TAB>N lines from stdin)\n";
            return UsageError;
        }
        return runBatch(in, out);
    }
    if (positional.isEmpty()) {
        err << "ERROR: missing cron expression\n\n" << usage();
        return UsageError;
    }
    QString expr = positional.join(QLatin1Char(' '));
    // 'next EXPR ZONE START N' (the §7 form), recognised only when it is unambiguous.
    if (positional.size() == 4 && zone.isEmpty() && from.isEmpty() && count.isEmpty()) {
        const auto z = ZoneParser::parse(positional.at(1));
        if (z && IsoDateTime::parse(positional.at(2), *z) && parseCount(positional.at(3))) {
            expr = positional.at(0);
            zone = positional.at(1);
            from = positional.at(2);
            count = positional.at(3);
        }
    }
    if (zone.isEmpty())
        zone = QStringLiteral("UTC");
    int n = 10;
    if (!count.isEmpty()) {
        const std::optional<int> c = parseCount(count);
        if (!c) {
            err << "ERROR: " << countError(count) << '\n';
            return InvalidInput;
        }
        n = *c;
    }
    if (from.isEmpty())
        from = IsoDateTime::formatUtc(m_clock->nowMs());
    const Result<QStringList> times = nextTimes(expr, zone, from, n);
    if (!times) {
        err << "ERROR: " << times.error().message << '\n';
        return InvalidInput;
    }
    for (const QString &t : *times)
        out << t << '\n';
    return Ok;
}

QString CronCommand::answerBatchLine(const QString &lineIn)
{
    QString line = lineIn;
    while (line.endsWith(QLatin1Char('\r')) || line.endsWith(QLatin1Char('\n')))
        line.chop(1);
    const QStringList parts = line.split(QLatin1Char('\t'));
    if (parts.size() != 4)
        return QStringLiteral("ERROR: expected 4 tab-separated fields EXPR<TAB>ZONE<TAB>START<TAB>N, got %1")
            .arg(line.isEmpty() ? 0 : parts.size());
    const std::optional<int> n = parseCount(parts.at(3));
    if (!n)
        return QStringLiteral("ERROR: ") + countError(parts.at(3));
    const Result<QStringList> times = nextTimes(parts.at(0), parts.at(1), parts.at(2).trimmed(), *n);
    if (!times)
        return QStringLiteral("ERROR: ") + times.error().message;
    return times->join(QLatin1Char(' '));
}

int CronCommand::runBatch(QTextStream &in, QTextStream &out) const
{
    QString line;
    while (in.readLineInto(&line)) {
        out << answerBatchLine(line) << '\n';
        out.flush(); // answer line by line, so a driver can talk to us through pipes
    }
    return Ok;
}

int CronCommand::runDescribe(const QStringList &args, QTextStream &out, QTextStream &err) const
{
    if (args.isEmpty()) {
        err << "ERROR: missing cron expression\n\n" << usage();
        return UsageError;
    }
    const auto expr = CronExpression::parse(args.join(QLatin1Char(' ')));
    if (!expr) {
        err << "ERROR: " << expr.error().message << '\n';
        return InvalidInput;
    }
    out << expr->describe() << '\n';
    out << (expr->isWildcard() ? "wildcard job: skips DST-gap times, fires in both passes of a repeated hour\n"
                               : "fixed-time job: fires once at the end of a DST gap, first pass only of a repeated hour\n");
    if (expr->neverMatches())
        out << "never fires: no date matches this rule\n";
    return Ok;
}

int runCronCommand(const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err)
{
    return CronCommand(SystemClock::instance()).run(args, in, out, err);
}

} // namespace orrery
