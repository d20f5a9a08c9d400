// Fuzz target: the cron grammar (scheduler/CronParser, CronFieldParser, CronExpression), the zone
// names of jobs (ZoneParser) and ISO instants (IsoDateTime).
// Input: "<cron expression>[\n<zone name>[\n<ISO instant>]]". Without a zone line the zone and
// the start instant are picked from the expression's hash among zones with DST gaps and folds.
// Properties: parsing never crashes; an accepted expression has six normalised fields, re-parses
// from its own text and describes itself; its fire times are strictly increasing and after the
// start instant; a rule that can match does fire, one that cannot never does.
#include "FuzzCheck.h"

#include "scheduler/CronExpression.h"
#include "scheduler/CronParser.h"
#include "scheduler/IsoDateTime.h"
#include "scheduler/ZoneParser.h"

#include <QHash>
#include <QTimeZone>

using namespace orrery;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0; // cron lines are short; longer inputs only slow the search
    const QString input = fuzz::text(data, size);
    const QStringList lines = input.split(u'\n');
    const QString expression = lines.value(0);

    const size_t h = qHash(expression);
    static const char *const kZones[] = {"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                                         "Asia/Kolkata", "Pacific/Chatham"};
    QTimeZone zone(kZones[h % 6]);
    qint64 afterMs = 946684800000LL + qint64(h % (200ULL * 365 * 86400)) * 1000; // 2000 .. 2200
    if (lines.size() > 1) {
        auto parsedZone = ZoneParser::parse(lines.at(1));
        if (!parsedZone.ok())
            FUZZ_CHECK(!parsedZone.error().message.isEmpty(), "a refused zone names its problem");
        else {
            zone = parsedZone.value();
            const QString canonical = ZoneParser::canonicalName(zone);
            auto again = ZoneParser::parse(canonical);
            FUZZ_CHECK(again.ok(), "the canonical zone name re-parses: " + canonical);
        }
    }
    if (lines.size() > 2) {
        auto instant = IsoDateTime::parseInstant(lines.at(2));
        if (instant.ok()) {
            afterMs = instant.value();
            const QString formatted = IsoDateTime::formatUtc(afterMs);
            auto back = IsoDateTime::parseInstant(formatted);
            FUZZ_CHECK(back.ok() && back.value() == afterMs, "formatUtc re-parses to the same instant: " + formatted);
        }
    }

    if (expression.startsWith(u'@'))
        (void)CronParser::expandMacro(expression);

    auto parsed = CronExpression::parse(expression);
    if (!parsed.ok()) {
        FUZZ_CHECK(!parsed.error().message.isEmpty(), "a refused expression names its problem");
        return 0;
    }
    const CronExpression &cron = parsed.value();
    FUZZ_CHECK(cron.spec().fields.size() == 6, "six normalised fields for: " + expression);
    auto reparsed = CronExpression::parse(cron.text());
    FUZZ_CHECK(reparsed.ok(), "an accepted expression re-parses from text(): " + cron.text());
    FUZZ_CHECK(!cron.describe().isEmpty(), "a description for: " + expression);

    if (cron.neverMatches()) {
        FUZZ_CHECK(!cron.nextAfter(afterMs, zone).has_value(), "a never-matching rule never fires: " + expression);
        return 0;
    }
    const QList<qint64> next = cron.nextN(afterMs, zone, 3);
    FUZZ_CHECK(!next.isEmpty(), "a rule that can match fires after " + QString::number(afterMs) + " in "
                                    + QString::fromUtf8(zone.id()) + ": " + expression);
    qint64 previous = afterMs;
    for (qint64 t : next) {
        FUZZ_CHECK(t > previous, "fire times strictly increase: " + expression);
        previous = t;
    }
    const std::optional<qint64> first = cron.nextAfter(afterMs, zone);
    FUZZ_CHECK(first.has_value() && *first == next.first(), "nextAfter agrees with nextN: " + expression);
    return 0;
}
