// Interval, date and cron triggers behind the common Trigger interface, their JSON form and
// errors, and the zone / ISO 8601 helpers they rely on.
#include "CronTestUtil.h"
#include "core/Clock.h"
#include "scheduler/CronTrigger.h"
#include "scheduler/DateTrigger.h"
#include "scheduler/IntervalTrigger.h"
#include "scheduler/IsoDateTime.h"
#include "scheduler/ZoneParser.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace orrery;
using orrery::test::utcMs;

class TestTriggers : public QObject
{
    Q_OBJECT

private slots:
    void intervalBasics();
    void intervalRejectsBadInput();
    void intervalDoesNotDriftWhenRunsAreLate();
    void intervalIsElapsedTimeAcrossDst();
    void dateTrigger();
    void cronTriggerBoundsAndZone();
    void cronTriggerErrorsNameTheField();
    void jsonRoundTrip();
    void jsonErrors_data();
    void jsonErrors();
    void zoneNames_data();
    void zoneNames();
    void isoParse_data();
    void isoParse();
    void isoFormat();
};

void TestTriggers::intervalBasics()
{
    const qint64 start = utcMs("2024-01-01T00:00:00Z");
    auto t = IntervalTrigger::create(start, 60000, start + 180000);
    QVERIFY(t.ok());
    QCOMPARE(t->nextFireAfter(start - 5000), std::optional<qint64>(start)); // start itself fires
    QCOMPARE(t->nextFireAfter(start), std::optional<qint64>(start + 60000));
    QCOMPARE(t->nextFireAfter(start + 59999), std::optional<qint64>(start + 60000));
    QCOMPARE(t->nextFireAfter(start + 60000), std::optional<qint64>(start + 120000));
    QCOMPARE(t->nextFireAfter(start + 179999), std::optional<qint64>(start + 180000)); // end is inclusive
    QCOMPARE(t->nextFireAfter(start + 180000), std::nullopt);
    QCOMPARE(t->kind(), Trigger::Kind::Interval);
    QCOMPARE(t->describe(), QStringLiteral("Every minute from 2024-01-01T00:00:00Z until 2024-01-01T00:03:00Z"));
    auto t2 = IntervalTrigger::create(start, 15 * 60000);
    QCOMPARE(t2->describe(), QStringLiteral("Every 15 minutes from 2024-01-01T00:00:00Z"));
    QCOMPARE(t2->nextFireAfter(start + 1000LL * 86400 * 365 * 50).has_value(), true);
    const std::unique_ptr<Trigger> copy = t->clone();
    QCOMPARE(copy->nextFireAfter(start), std::optional<qint64>(start + 60000));
}

void TestTriggers::intervalRejectsBadInput()
{
    auto zero = IntervalTrigger::create(0, 0);
    QVERIFY(!zero.ok());
    QVERIFY(zero.error().message.contains(QLatin1String("intervalMs")));
    QVERIFY(!IntervalTrigger::create(0, -5).ok());
    auto backwards = IntervalTrigger::create(1000, 10, 999);
    QVERIFY(!backwards.ok());
    QVERIFY(backwards.error().message.contains(QLatin1String("end")));
}

// A scheduler loop in virtual time: each run starts late by a random amount, and the next time is
// computed from the previous nominal time. Nominal times stay on start + k * interval.
void TestTriggers::intervalDoesNotDriftWhenRunsAreLate()
{
    ManualClock clock(utcMs("2024-03-01T00:00:00Z"));
    QRandomGenerator rng(7);
    const qint64 start = clock.nowMs() + 500;
    auto trigger = IntervalTrigger::create(start, 10000);
    QVERIFY(trigger.ok());
    std::optional<qint64> nominal = trigger->nextFireAfter(clock.nowMs());
    for (int k = 0; k < 5000; ++k) {
        QVERIFY(nominal.has_value());
        QCOMPARE(*nominal, start + qint64(k) * 10000);
        clock.setMs(*nominal + rng.bounded(4000)); // the run starts late and takes a while
        nominal = trigger->nextFireAfter(*nominal);
    }
    // After downtime the next time is the next slot on the grid, not "now + interval".
    clock.advanceMs(123456);
    const qint64 next = *trigger->nextFireAfter(clock.nowMs());
    QCOMPARE((next - start) % 10000, qint64(0));
    QVERIFY(next > clock.nowMs() && next <= clock.nowMs() + 10000);
}

void TestTriggers::intervalIsElapsedTimeAcrossDst()
{
    // A 24-hour interval started at 16:00 EST fires at 17:00 EDT after the spring change (§3).
    const QTimeZone ny("America/New_York");
    const qint64 start = *IsoDateTime::parse(QStringLiteral("2024-03-08T16:00:00"), ny);
    auto t = IntervalTrigger::create(start, 24 * 3600 * 1000LL);
    const qint64 third = *t->nextFireAfter(*t->nextFireAfter(start));
    QCOMPARE(IsoDateTime::format(third, ny), QStringLiteral("2024-03-10T17:00:00-04:00"));
}

void TestTriggers::dateTrigger()
{
    const DateTrigger t(utcMs("2024-05-01T12:00:00Z"));
    QCOMPARE(t.nextFireAfter(utcMs("2024-05-01T11:59:59Z")), std::optional<qint64>(utcMs("2024-05-01T12:00:00Z")));
    QCOMPARE(t.nextFireAfter(utcMs("2024-05-01T12:00:00Z")), std::nullopt);
    QCOMPARE(t.nextFireAfter(utcMs("2030-01-01T00:00:00Z")), std::nullopt);
    QCOMPARE(t.describe(), QStringLiteral("Once at 2024-05-01T12:00:00Z"));
    QCOMPARE(t.kind(), Trigger::Kind::Date);
}

void TestTriggers::cronTriggerBoundsAndZone()
{
    const qint64 start = utcMs("2024-03-10T07:00:00Z"); // 03:00 EDT, the transition itself
    const qint64 end = utcMs("2024-03-12T06:30:00Z");   // 02:30 EDT on the 12th
    auto t = CronTrigger::create(QStringLiteral("30 2 * * *"), QStringLiteral("America/New_York"), start, end);
    QVERIFY(t.ok());
    // start is inclusive: the gap run at 03:00 EDT fires
    QCOMPARE(t->nextFireAfter(utcMs("2024-01-01T00:00:00Z")), std::optional<qint64>(start));
    QCOMPARE(t->nextFireAfter(start), std::optional<qint64>(utcMs("2024-03-11T06:30:00Z")));
    QCOMPARE(t->nextFireAfter(utcMs("2024-03-11T06:30:00Z")), std::optional<qint64>(end)); // end inclusive
    QCOMPARE(t->nextFireAfter(end), std::nullopt);
    QCOMPARE(t->timezoneName(), QStringLiteral("America/New_York"));
    QCOMPARE(t->describe(), QStringLiteral("At 02:30 every day (America/New_York), from 2024-03-10T03:00:00-04:00, "
                                           "until 2024-03-12T02:30:00-04:00"));
    auto never = CronTrigger::create(QStringLiteral("0 0 30 2 *"));
    QVERIFY(never.ok());
    QCOMPARE(never->nextFireAfter(0), std::nullopt);
    auto plain = CronTrigger::create(QStringLiteral("@daily"));
    QCOMPARE(plain->timezoneName(), QStringLiteral("UTC")); // servers default to UTC
}

void TestTriggers::cronTriggerErrorsNameTheField()
{
    auto badExpr = CronTrigger::create(QStringLiteral("61 * * * *"));
    QVERIFY(!badExpr.ok());
    QVERIFY(badExpr.error().message.contains(QLatin1String("trigger.expression")));
    QVERIFY(badExpr.error().message.contains(QLatin1String("minute field")));
    QCOMPARE(badExpr.error().fieldErrors.value(0).path, QStringLiteral("expression"));
    auto badZone = CronTrigger::create(QStringLiteral("* * * * *"), QStringLiteral("EST"));
    QVERIFY(!badZone.ok());
    QVERIFY(badZone.error().message.contains(QLatin1String("trigger.timezone")));
    QVERIFY(badZone.error().message.contains(QLatin1String("'EST'")));
    auto unknown = CronTrigger::create(QStringLiteral("* * * * *"), QStringLiteral("Mars/Olympus_Mons"));
    QVERIFY(!unknown.ok());
    QVERIFY(unknown.error().message.contains(QLatin1String("unknown time zone 'Mars/Olympus_Mons'")));
    auto bounds = CronTrigger::create(QStringLiteral("* * * * *"), QStringLiteral("UTC"), 1000, 10);
    QVERIFY(!bounds.ok());
    QVERIFY(bounds.error().message.contains(QLatin1String("trigger.end")));
}

void TestTriggers::jsonRoundTrip()
{
    const char *docs[] = {
        R"({"type":"cron","expression":"30 2 * * *","timezone":"America/New_York"})",
        R"({"type":"cron","expression":"0 0 L * 5","timezone":"UTC+05:30","start":"2024-01-01T00:00:00Z","end":1735689600000})",
        R"({"type":"cron","expression":"@hourly"})",
        R"({"type":"interval","intervalMs":90000,"start":"2024-03-10T01:00:00-05:00"})",
        R"({"type":"interval","intervalMs":1500,"start":1700000000000,"end":"2024-01-01T00:00:00.250Z"})",
        R"({"type":"date","runAt":"2024-05-01T14:00:00+02:00"})",
    };
    for (const char *doc : docs) {
        const QJsonObject json = QJsonDocument::fromJson(doc).object();
        auto first = Trigger::fromJson(json);
        QVERIFY2(first.ok(), first.ok() ? doc : qPrintable(first.error().message));
        const QJsonObject saved = (*first)->toJson();
        auto second = Trigger::fromJson(saved);
        QVERIFY2(second.ok(), doc);
        QCOMPARE((*second)->toJson(), saved);
        QCOMPARE((*second)->kind(), (*first)->kind());
        qint64 a = utcMs("2023-06-01T00:00:00Z");
        qint64 b = a;
        for (int i = 0; i < 20; ++i) {
            const auto na = (*first)->nextFireAfter(a);
            const auto nb = (*second)->nextFireAfter(b);
            QCOMPARE(na, nb);
            if (!na)
                break;
            a = b = *na;
        }
    }
    const QJsonObject saved = (*Trigger::fromJson(QJsonDocument::fromJson(docs[0]).object()))->toJson();
    QCOMPARE(saved.value(QStringLiteral("type")).toString(), QStringLiteral("cron"));
    QCOMPARE(saved.value(QStringLiteral("expression")).toString(), QStringLiteral("30 2 * * *"));
    QCOMPARE(saved.value(QStringLiteral("timezone")).toString(), QStringLiteral("America/New_York"));
    const QJsonObject date = (*Trigger::fromJson(QJsonDocument::fromJson(docs[5]).object()))->toJson();
    QCOMPARE(date.value(QStringLiteral("runAt")).toString(), QStringLiteral("2024-05-01T12:00:00Z"));
}

void TestTriggers::jsonErrors_data()
{
    QTest::addColumn<QString>("doc");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    auto row = [](const char *name, const char *d, const char *f, const char *t) {
        QTest::newRow(name) << QString::fromLatin1(d) << QString::fromLatin1(f) << QString::fromLatin1(t);
    };
    row("no type", R"({"expression":"* * * * *"})", "type", "is required");
    row("unknown type", R"({"type":"calendar"})", "type", "unknown trigger type 'calendar'");
    row("cron without expression", R"({"type":"cron"})", "expression", "is required");
    row("cron bad expression", R"({"type":"cron","expression":"* * * * 8"})", "expression", "day-of-week field");
    row("cron timezone not a string", R"({"type":"cron","expression":"* * * * *","timezone":5})", "timezone", "must be a string");
    row("cron abbreviation", R"({"type":"cron","expression":"* * * * *","timezone":"CET"})", "timezone", "'CET'");
    row("cron bad start", R"({"type":"cron","expression":"* * * * *","start":"yesterday"})", "start", "invalid date-time");
    row("interval missing", R"({"type":"interval","start":0})", "intervalMs", "is required");
    row("interval zero", R"({"type":"interval","intervalMs":0,"start":0})", "intervalMs", "positive");
    row("interval fraction", R"({"type":"interval","intervalMs":1.5,"start":0})", "intervalMs", "whole");
    row("interval no start", R"({"type":"interval","intervalMs":1000})", "start", "is required");
    row("interval start without offset", R"({"type":"interval","intervalMs":1000,"start":"2024-01-01T00:00:00"})",
        "start", "needs an offset");
    row("interval end before start", R"({"type":"interval","intervalMs":1000,"start":5000,"end":10})", "end",
        "before start");
    row("date missing", R"({"type":"date"})", "runAt", "is required");
    row("date wrong type", R"({"type":"date","runAt":true})", "runAt", "must be");
    row("date impossible day", R"({"type":"date","runAt":"2023-02-29T00:00:00Z"})", "runAt", "no such date");
}

void TestTriggers::jsonErrors()
{
    QFETCH(QString, doc);
    QFETCH(QString, field);
    QFETCH(QString, text);
    auto r = Trigger::fromJson(QJsonDocument::fromJson(doc.toUtf8()).object());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, Error::Kind::Invalid);
    QVERIFY2(r.error().message.startsWith(QStringLiteral("trigger.") + field + QLatin1Char(':')), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(text), qPrintable(r.error().message));
    QCOMPARE(r.error().fieldErrors.value(0).path, field);
}

void TestTriggers::zoneNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("offsetInJanuary2024");
    auto row = [](const char *n, bool ok, int off) { QTest::newRow(n) << QString::fromLatin1(n) << ok << off; };
    row("UTC", true, 0);
    row("GMT", true, 0);
    row("Etc/UTC", true, 0);
    row("Europe/Berlin", true, 3600);
    row("America/New_York", true, -18000);
    row("Asia/Kolkata", true, 19800);
    row("Asia/Kathmandu", true, 20700);
    row("Pacific/Chatham", true, 13 * 3600 + 2700);
    row("+05:30", true, 19800);
    row("+0545", true, 20700);
    row("-03:30", true, -12600);
    row("+12:45", true, 45900);
    row("UTC+05:30", true, 19800);
    row("UTC-3", true, -10800);
    row("+00:00", true, 0);
    row("EST", false, 0);
    row("CET", false, 0);
    row("EST5EDT", false, 0);
    row("local", false, 0);
    row("", false, 0);
    row("Mars/Olympus_Mons", false, 0);
    row("america/new_york", false, 0);
    row("../../etc/passwd", false, 0);
    row("+15:00", false, 0);
    row("+05:75", false, 0);
}

void TestTriggers::zoneNames()
{
    QFETCH(QString, name);
    QFETCH(bool, ok);
    QFETCH(int, offsetInJanuary2024);
    const auto z = ZoneParser::parse(name);
    QCOMPARE(z.ok(), ok);
    if (!ok) {
        QVERIFY(z.error().message.contains(QLatin1String("time zone")));
        QCOMPARE(z.error().fieldErrors.value(0).path, QStringLiteral("timezone"));
        return;
    }
    QCOMPARE(z->offsetFromUtc(QDateTime(QDate(2024, 1, 15), QTime(12, 0), Qt::UTC)), offsetInJanuary2024);
    QVERIFY(ZoneParser::parse(ZoneParser::canonicalName(*z)).ok()); // what we persist parses again
}

void TestTriggers::isoParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("utc"); // empty = must be rejected
    auto row = [](const char *t, const char *z, const char *u) {
        QTest::newRow(t) << QString::fromLatin1(t) << QString::fromLatin1(z) << QString::fromLatin1(u);
    };
    row("2024-03-10T01:30:00-05:00", "UTC", "2024-03-10T06:30:00Z");
    row("2024-03-10T06:30:00Z", "America/New_York", "2024-03-10T06:30:00Z");
    row("2024-03-10 06:30Z", "UTC", "2024-03-10T06:30:00Z");
    row("2024-03-10T06:30:00.250+0000", "UTC", "2024-03-10T06:30:00.250Z");
    row("2024-03-10T06:30:00+01", "UTC", "2024-03-10T05:30:00Z");
    row("2024-03-10", "Europe/Berlin", "2024-03-09T23:00:00Z");
    row("2024-07-01T12:00", "Europe/Berlin", "2024-07-01T10:00:00Z");
    // wall times without an offset: ambiguous -> the earlier instant; in a gap -> read with the
    // offset before the gap (02:30 EST = 03:30 EDT), as Python's fold=0
    row("2024-11-03T01:30:00", "America/New_York", "2024-11-03T05:30:00Z");
    row("2024-03-10T02:30:00", "America/New_York", "2024-03-10T07:30:00Z");
    row("2024-04-07T01:45:00", "Australia/Lord_Howe", "2024-04-06T14:45:00Z");
    row("2024-10-06T02:15:00", "Australia/Lord_Howe", "2024-10-05T15:45:00Z");
    row("2024-02-30T00:00:00Z", "UTC", "");
    row("2024-03-10T24:00:00Z", "UTC", "");
    row("2024-3-10T00:00:00Z", "UTC", "");
    row("yesterday", "UTC", "");
    row("2024-03-10T00:00:00+25:00", "UTC", "");
}

void TestTriggers::isoParse()
{
    QFETCH(QString, text);
    QFETCH(QString, zone);
    QFETCH(QString, utc);
    const auto r = IsoDateTime::parse(text, *ZoneParser::parse(zone));
    if (utc.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(text));
        return;
    }
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QCOMPARE(IsoDateTime::formatUtc(*r), utc);
}

void TestTriggers::isoFormat()
{
    const qint64 t = utcMs("2024-03-10T07:00:00Z");
    QCOMPARE(IsoDateTime::format(t, QTimeZone("America/New_York")), QStringLiteral("2024-03-10T03:00:00-04:00"));
    QCOMPARE(IsoDateTime::format(t, QTimeZone("UTC")), QStringLiteral("2024-03-10T07:00:00+00:00"));
    QCOMPARE(IsoDateTime::format(t + 5, QTimeZone("Asia/Kathmandu")), QStringLiteral("2024-03-10T12:45:00.005+05:45"));
    QCOMPARE(IsoDateTime::formatUtc(t - 1), QStringLiteral("2024-03-10T06:59:59.999Z"));
    QCOMPARE(IsoDateTime::formatUtc(utcMs("1969-12-31T23:59:59Z")), QStringLiteral("1969-12-31T23:59:59Z"));
    // local mean time before 1883 has a seconds offset: printed as +HH:MM:SS like Python
    QCOMPARE(IsoDateTime::format(utcMs("1850-01-01T12:00:00Z"), QTimeZone("America/New_York")),
             QStringLiteral("1850-01-01T07:03:58-04:56:02"));
}

QTEST_APPLESS_MAIN(TestTriggers)
#include "test_triggers.moc"
