// Fire times in real zones (specs/scheduling.md §2.6): the reference table, gaps and overlaps in
// whole-hour, 30-minute (Lord_Howe), 45-minute-offset (Chatham) and midnight (São Paulo)
// transitions, never-fires detection, sparse rules, and properties that must hold for any start.
#include "CronTestUtil.h"
#include "scheduler/CronExpression.h"
#include "scheduler/ZoneTimeline.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace orrery;
using orrery::test::nextTimes;
using orrery::test::split;
using orrery::test::utcMs;

class TestCronSchedule : public QObject
{
    Q_OBJECT

private slots:
    void dstRule_data();
    void dstRule();
    void neverFires_data();
    void neverFires();
    void sparseRulesAreFound();
    void beyond2037UsesTheZoneRule();
    void strictlyIncreasingAndDailyJobsOncePerDay_data();
    void strictlyIncreasingAndDailyJobsOncePerDay();
    void hourlyKeepsRealHourSpacing();
    void answerDoesNotDependOnWhereTheSearchStarts();
    void qdateTimeOverload();
    void independentReferenceVectors_data();
    void independentReferenceVectors();
};

void TestCronSchedule::dstRule_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *e, const char *z, const char *f, const char *x) {
        QTest::newRow(name) << QString::fromLatin1(e) << QString::fromLatin1(z) << QString::fromLatin1(f)
                            << QString::fromLatin1(x);
    };
    // --- the reference table of §2.6 ---
    row("NY gap fixed", "30 2 * * *", "America/New_York", "2024-03-09T22:00:00-05:00",
        "2024-03-10T03:00:00-04:00 2024-03-11T02:30:00-04:00");
    row("NY gap wildcard skips the day", "*/10 2 * * *", "America/New_York", "2024-03-10T01:00:00-05:00",
        "2024-03-11T02:00:00-04:00 2024-03-11T02:10:00-04:00 2024-03-11T02:20:00-04:00");
    row("NY overlap fixed first pass", "30 1 * * *", "America/New_York", "2024-11-02T12:00:00-04:00",
        "2024-11-03T01:30:00-04:00 2024-11-04T01:30:00-05:00");
    row("NY overlap hourly both passes", "0 * * * *", "America/New_York", "2024-11-03T00:30:00-04:00",
        "2024-11-03T01:00:00-04:00 2024-11-03T01:00:00-05:00 2024-11-03T02:00:00-05:00");
    row("NY overlap */30 both passes", "*/30 1 * * *", "America/New_York", "2024-11-03T00:50:00-04:00",
        "2024-11-03T01:00:00-04:00 2024-11-03T01:30:00-04:00 2024-11-03T01:00:00-05:00 2024-11-03T01:30:00-05:00");
    row("NY asked inside the repeated hour", "30 1 * * *", "America/New_York", "2024-11-03T01:10:00-05:00",
        "2024-11-04T01:30:00-05:00");
    row("Berlin overlap */15", "*/15 * * * *", "Europe/Berlin", "2024-10-27T02:40:00+02:00",
        "2024-10-27T02:45:00+02:00 2024-10-27T02:00:00+01:00 2024-10-27T02:15:00+01:00");
    row("Lord_Howe 30-min gap", "15 2 * * *", "Australia/Lord_Howe", "2024-10-05T12:00:00",
        "2024-10-06T02:30:00+11:00 2024-10-07T02:15:00+11:00");
    row("Lord_Howe 30-min overlap", "45 1 * * *", "Australia/Lord_Howe", "2024-04-06T12:00:00",
        "2024-04-07T01:45:00+11:00 2024-04-08T01:45:00+10:30");
    row("Sao Paulo midnight gap", "0 0 * * *", "America/Sao_Paulo", "2018-11-03T12:00:00",
        "2018-11-04T01:00:00-02:00 2018-11-05T00:00:00-02:00");
    // --- more of §2.6 ---
    row("NY gap */15 wildcard", "*/15 * * * *", "America/New_York", "2024-03-10T01:40:00-05:00",
        "2024-03-10T01:45:00-05:00 2024-03-10T03:00:00-04:00 2024-03-10T03:15:00-04:00");
    row("NY gap hourly", "0 * * * *", "America/New_York", "2024-03-10T00:30:00-05:00",
        "2024-03-10T01:00:00-05:00 2024-03-10T03:00:00-04:00 2024-03-10T04:00:00-04:00");
    row("gap time and regular time at the same instant fire once", "0,30 2,3 * * *", "America/New_York",
        "2024-03-09T12:00:00-05:00",
        "2024-03-10T03:00:00-04:00 2024-03-10T03:30:00-04:00 2024-03-11T02:00:00-04:00 2024-03-11T02:30:00-04:00");
    row("0-59/10 is fixed: one run at 03:00", "0-59/10 2 * * *", "America/New_York", "2024-03-10T00:00:00-05:00",
        "2024-03-10T03:00:00-04:00 2024-03-11T02:00:00-04:00");
    row("Berlin gap", "30 2 * * *", "Europe/Berlin", "2024-03-30T12:00:00+01:00",
        "2024-03-31T03:00:00+02:00 2024-04-01T02:30:00+02:00");
    row("Berlin overlap fixed", "30 2 * * *", "Europe/Berlin", "2024-10-26T12:00:00+02:00",
        "2024-10-27T02:30:00+02:00 2024-10-28T02:30:00+01:00");
    row("Berlin asked in second pass", "0 2 * * *", "Europe/Berlin", "2024-10-27T02:30:00+01:00",
        "2024-10-28T02:00:00+01:00");
    row("Lord_Howe overlap wildcard", "*/20 1 * * *", "Australia/Lord_Howe", "2024-04-07T01:10:00+11:00",
        "2024-04-07T01:20:00+11:00 2024-04-07T01:40:00+11:00 2024-04-07T01:40:00+10:30 2024-04-08T01:00:00+10:30");
    row("Lord_Howe gap wildcard", "*/15 2 * * *", "Australia/Lord_Howe", "2024-10-05T12:00:00",
        "2024-10-06T02:30:00+11:00 2024-10-06T02:45:00+11:00 2024-10-07T02:00:00+11:00");
    row("Sao Paulo midnight gap wildcard", "*/30 0 * * *", "America/Sao_Paulo", "2018-11-03T12:00:00-03:00",
        "2018-11-05T00:00:00-02:00 2018-11-05T00:30:00-02:00");
    row("Chatham +12:45 gap", "0 3 * * *", "Pacific/Chatham", "2024-09-28T12:00:00+12:45",
        "2024-09-29T03:45:00+13:45 2024-09-30T03:00:00+13:45");
    row("Chatham wildcard", "*/30 * * * *", "Pacific/Chatham", "2024-09-29T02:00:00+12:45",
        "2024-09-29T02:30:00+12:45 2024-09-29T04:00:00+13:45");
    row("St_Johns -03:30", "30 2 * * *", "America/St_Johns", "2024-03-09T12:00:00-03:30",
        "2024-03-10T03:00:00-02:30 2024-03-11T02:30:00-02:30");
    row("Kathmandu +05:45", "0 0 * * *", "Asia/Kathmandu", "2024-03-09T12:00:00+05:45",
        "2024-03-10T00:00:00+05:45 2024-03-11T00:00:00+05:45");
    // Kolkata, no DST since 1945: the control, nothing changes on the US/EU dates
    row("Kolkata control", "30 2 * * *", "Asia/Kolkata", "2024-03-09T12:00:00+05:30",
        "2024-03-10T02:30:00+05:30 2024-03-11T02:30:00+05:30");
    row("fixed offset -03:30", "0 12 * * *", "-03:30", "2024-06-01T00:00:00Z",
        "2024-06-01T12:00:00-03:30 2024-06-02T12:00:00-03:30");
    row("fixed offset UTC+12:45", "0 12 * * *", "UTC+12:45", "2024-05-31T20:00:00Z",
        "2024-06-01T12:00:00+12:45 2024-06-02T12:00:00+12:45");
    row("UTC prints +00:00", "0 0 * * *", "UTC", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00+00:00");
    // 6 fields: a fixed-time seconds rule in the gap fires once, at the transition
    row("seconds in the gap", "*/10 30 2 * * *", "America/New_York", "2024-03-10T00:00:00-05:00",
        "2024-03-10T03:00:00-04:00 2024-03-11T02:30:00-04:00 2024-03-11T02:30:10-04:00");
}

void TestCronSchedule::dstRule()
{
    QFETCH(QString, expr);
    QFETCH(QString, zone);
    QFETCH(QString, from);
    QFETCH(QString, expected);
    const QStringList want = split(expected);
    QCOMPARE(nextTimes(expr, zone, from, int(want.size())), want);
}

void TestCronSchedule::neverFires_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("zone");
    QTest::newRow("Feb 30") << QStringLiteral("0 0 30 2 *") << QStringLiteral("UTC");
    QTest::newRow("Feb 30 NY") << QStringLiteral("0 0 30 2 *") << QStringLiteral("America/New_York");
    QTest::newRow("31st of 30-day months") << QStringLiteral("0 0 31 4,6,9,11 *") << QStringLiteral("Australia/Lord_Howe");
    QTest::newRow("31W in April") << QStringLiteral("0 0 31W 4 *") << QStringLiteral("Europe/Berlin");
    QTest::newRow("L-30 in February") << QStringLiteral("0 0 L-30 2 *") << QStringLiteral("UTC");
    QTest::newRow("6-field Feb 31") << QStringLiteral("*/5 * * 31 2 ?") << QStringLiteral("UTC");
    // A wildcard job whose every match falls in a DST gap (the second Sunday of March at 02:xx in
    // New York) never fires; the fixed-time version fires at 03:00 instead (see below).
    QTest::newRow("wildcard only in gaps") << QStringLiteral("* 2 * 3 0#2") << QStringLiteral("America/New_York");
}

void TestCronSchedule::neverFires()
{
    QFETCH(QString, expr);
    QFETCH(QString, zone);
    QCOMPARE(nextTimes(expr, zone, QStringLiteral("2024-01-01T00:00:00Z"), 3), QStringList());
}

void TestCronSchedule::sparseRulesAreFound()
{
    // A fifth Thursday in February: 2024, 2052, 2080, 2120, 2148 (40 years between two).
    const QStringList want = split(QStringLiteral(
        "2024-02-29T00:00:00+00:00 2052-02-29T00:00:00+00:00 2080-02-29T00:00:00+00:00 2120-02-29T00:00:00+00:00 "
        "2148-02-29T00:00:00+00:00"));
    QCOMPARE(nextTimes(QStringLiteral("0 0 * 2 4#5"), QStringLiteral("UTC"), QStringLiteral("2024-01-01T00:00:00Z"), 5), want);
    const QStringList ny = nextTimes(QStringLiteral("0 0 * 2 4#5"), QStringLiteral("America/New_York"),
                                     QStringLiteral("2024-01-01T00:00:00Z"), 5);
    QCOMPARE(ny.size(), 5);
    QCOMPARE(ny.last(), QStringLiteral("2148-02-29T00:00:00-05:00"));
    // Fixed-time in the gap: the rule that never fires as a wildcard fires every year at 03:00.
    QCOMPARE(nextTimes(QStringLiteral("0 2 * 3 0#2"), QStringLiteral("America/New_York"),
                       QStringLiteral("2024-01-01T00:00:00Z"), 2),
             split(QStringLiteral("2024-03-10T03:00:00-04:00 2025-03-09T03:00:00-04:00")));
    // Leap day: 2100 is skipped.
    QCOMPARE(nextTimes(QStringLiteral("0 0 29 2 *"), QStringLiteral("Europe/Berlin"), QStringLiteral("2096-03-01T00:00:00Z"), 1),
             split(QStringLiteral("2104-02-29T00:00:00+01:00")));
}

// Qt 6.4's tz backend loses the DST rule when asked for the transition after the last one in the
// zone file's table (2037); ZoneTimeline works around it. These would print the wrong offsets.
void TestCronSchedule::beyond2037UsesTheZoneRule()
{
    QCOMPARE(nextTimes(QStringLiteral("0 12 14 3 *"), QStringLiteral("America/New_York"),
                       QStringLiteral("2037-10-01T00:00:00Z"), 2),
             split(QStringLiteral("2038-03-14T12:00:00-04:00 2039-03-14T12:00:00-04:00")));
    QCOMPARE(nextTimes(QStringLiteral("30 2 * * *"), QStringLiteral("America/New_York"),
                       QStringLiteral("2038-03-13T12:00:00-05:00"), 2),
             split(QStringLiteral("2038-03-14T03:00:00-04:00 2038-03-15T02:30:00-04:00")));
    QCOMPARE(nextTimes(QStringLiteral("0 12 1 4,11 *"), QStringLiteral("Australia/Lord_Howe"),
                       QStringLiteral("2037-12-01T00:00:00Z"), 2),
             split(QStringLiteral("2038-04-01T12:00:00+11:00 2038-11-01T12:00:00+11:00")));
    const ZoneTimeline ny(QTimeZone(QByteArrayLiteral("America/New_York")));
    ZoneSegment seg = ny.segmentAt(utcMs("2037-06-01T00:00:00Z") / 1000);
    seg = ny.following(seg); // EST from 2037-11-01
    QCOMPARE(seg.offset, -5 * 3600);
    QVERIFY(seg.hasEnd());
    QCOMPARE(seg.end * 1000, utcMs("2038-03-14T07:00:00Z"));
}

void TestCronSchedule::strictlyIncreasingAndDailyJobsOncePerDay_data()
{
    QTest::addColumn<QString>("zone");
    QTest::newRow("New York") << QStringLiteral("America/New_York");
    QTest::newRow("Berlin") << QStringLiteral("Europe/Berlin");
    QTest::newRow("Lord Howe") << QStringLiteral("Australia/Lord_Howe");
    QTest::newRow("Chatham") << QStringLiteral("Pacific/Chatham");
    QTest::newRow("Sao Paulo 2018") << QStringLiteral("America/Sao_Paulo");
}

void TestCronSchedule::strictlyIncreasingAndDailyJobsOncePerDay()
{
    QFETCH(QString, zone);
    const QTimeZone tz(zone.toUtf8());
    const qint64 start = utcMs("2018-01-01T00:00:00Z");
    // A daily job at any minute of the transition hours runs every local day, exactly once.
    for (const char *e : {"0 0 * * *", "30 0 * * *", "0 1 * * *", "30 1 * * *", "45 1 * * *", "0 2 * * *",
                          "15 2 * * *", "30 2 * * *", "45 2 * * *", "0 3 * * *", "0 4 * * *"}) {
        const auto expr = CronExpression::parse(QString::fromLatin1(e));
        QVERIFY(expr.ok());
        const QList<qint64> times = expr->nextN(start, tz, 366);
        QCOMPARE(times.size(), 366);
        QSet<QString> days;
        for (int i = 0; i < times.size(); ++i) {
            if (i > 0)
                QVERIFY2(times[i] > times[i - 1], e);
            days.insert(QDateTime::fromMSecsSinceEpoch(times[i], tz).date().toString(Qt::ISODate));
        }
        QVERIFY2(days.size() == 366, qPrintable(QStringLiteral("%1 in %2: %3 distinct days").arg(QLatin1String(e), zone).arg(days.size())));
    }
    // Minute-level wildcard rules are strictly increasing through every transition of a year.
    for (const char *e : {"*/15 * * * *", "*/7 0-3 * * *", "0 * * * *", "*/20 * * * * *"}) {
        const auto expr = CronExpression::parse(QString::fromLatin1(e));
        QVERIFY(expr.ok());
        const QList<qint64> times = expr->nextN(start, tz, 40000);
        for (int i = 1; i < times.size(); ++i)
            QVERIFY2(times[i] > times[i - 1], e);
    }
}

void TestCronSchedule::hourlyKeepsRealHourSpacing()
{
    // Whole-hour DST zones: an hourly wildcard job stays exactly one real hour apart all year.
    for (const char *z : {"America/New_York", "Europe/Berlin"}) {
        const auto expr = CronExpression::parse(QStringLiteral("0 * * * *"));
        const QList<qint64> times = expr->nextN(utcMs("2024-01-01T00:00:00Z"), QTimeZone(z), 24 * 366);
        for (int i = 1; i < times.size(); ++i)
            QCOMPARE(times[i] - times[i - 1], qint64(3600000));
    }
}

// "Next after T" is a pure function of T: asking from any instant between two fire times gives the
// later one, whatever path led there (a restart computing from a persisted time agrees).
void TestCronSchedule::answerDoesNotDependOnWhereTheSearchStarts()
{
    QRandomGenerator rng(20241103);
    const char *exprs[] = {"30 1 * * *", "*/20 * * * *", "0 * * * *", "15 2 * * *", "*/10 2 * * *", "0 0 L * 5"};
    const char *zones[] = {"America/New_York", "Australia/Lord_Howe", "Europe/Berlin"};
    for (const char *z : zones) {
        const QTimeZone tz(z);
        for (const char *e : exprs) {
            const auto expr = CronExpression::parse(QString::fromLatin1(e));
            const QList<qint64> times = expr->nextN(utcMs("2024-03-01T00:00:00Z"), tz, 400);
            for (int i = 1; i < times.size(); ++i) {
                const qint64 gap = times[i] - times[i - 1];
                const qint64 probe = times[i - 1] + qint64(rng.bounded(quint32(qMin<qint64>(gap, 1u << 31))));
                QCOMPARE(expr->nextAfter(probe, tz), std::optional<qint64>(times[i]));
                QCOMPARE(expr->nextAfter(times[i] - 1, tz), std::optional<qint64>(times[i]));
            }
        }
    }
}

void TestCronSchedule::qdateTimeOverload()
{
    const auto expr = CronExpression::parse(QStringLiteral("30 2 * * *"));
    const QTimeZone ny("America/New_York");
    const QDateTime after(QDate(2024, 3, 9), QTime(22, 0), ny);
    const std::optional<QDateTime> next = expr->nextAfter(after, ny);
    QVERIFY(next.has_value());
    QCOMPARE(next->toMSecsSinceEpoch(), utcMs("2024-03-10T07:00:00Z"));
    QCOMPARE(next->timeZone(), ny);
}

// Vectors answered by tools/cronref.py, an independent Python implementation (own parser, day
// matcher and a brute-force minute walk applying §2.6 with zoneinfo); see tools/gen_vectors.py.
void TestCronSchedule::independentReferenceVectors_data()
{
    QTest::addColumn<QString>("line");
    for (const char *file : {"dst_vectors.tsv", "day_vectors.tsv"}) {
        QFile f(QStringLiteral(ORRERY_SCHED_DATA_DIR "/") + QLatin1String(file));
        QVERIFY2(f.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(f.fileName()));
        int n = 0;
        while (!f.atEnd()) {
            const QString line = QString::fromUtf8(f.readLine()).trimmed();
            if (!line.isEmpty())
                QTest::addRow("%s:%d", file, ++n) << line;
        }
        QVERIFY(n > 100);
    }
}

void TestCronSchedule::independentReferenceVectors()
{
    QFETCH(QString, line);
    const QStringList cols = line.split(QLatin1Char('\t'));
    QCOMPARE(cols.size(), 5);
    const QStringList want = split(cols[4]);
    QCOMPARE(want.size(), cols[3].toInt());
    const QStringList got = nextTimes(cols[0], cols[1], cols[2], cols[3].toInt());
    QVERIFY2(got == want, qPrintable(QStringLiteral("%1 | %2 | %3\n   got: %4\n  want: %5")
                                         .arg(cols[0], cols[1], cols[2], got.join(QLatin1Char(' ')), cols[4])));
}

QTEST_APPLESS_MAIN(TestCronSchedule)
#include "test_cron_schedule.moc"
