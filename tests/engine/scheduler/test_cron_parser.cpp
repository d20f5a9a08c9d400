// Cron grammar of specs/scheduling.md §1 and §7: what is accepted, what it means, what is
// rejected (with the field and token named), and the plain-English description.
#include "CronTestUtil.h"
#include "scheduler/CronParser.h"

#include <QTest>

using namespace orrery;
using orrery::test::nextTimes;
using orrery::test::split;

class TestCronParser : public QObject
{
    Q_OBJECT

private slots:
    void accepts_data();
    void accepts();
    void fieldSemantics_data();
    void fieldSemantics();
    void rejects_data();
    void rejects();
    void errorCarriesFieldError();
    void vixieDayRule_data();
    void vixieDayRule();
    void wildcardClassification_data();
    void wildcardClassification();
    void macros();
    void neverMatches();
    void describe_data();
    void describe();
};

void TestCronParser::accepts_data()
{
    QTest::addColumn<QString>("expr");
    const char *ok[] = {
        "* * * * *", "0 0 * * *", "*/15 * * * *", "0-30/10 * * * *", "5/15 * * * *", "1,2,3-5,10-20/5 * * * *",
        "0 0 1 jan *", "0 0 1 JAN-mar *", "0 0 * * mon-fri", "0 0 * * MON-FRI/2", "0 0 * * fri-sun", "0 0 * * 5-0",
        "0 0 * * 0", "0 0 * * 7", "0 0 ? * 1", "0 0 1 * ?", "0 0 L * *", "0 0 l * *", "0 0 L-0 * *", "0 0 L-30 * *",
        "0 0 LW * *", "0 0 15W * *", "0 0 1W * *", "0 0 31W * *", "0 0 * * 5L", "0 0 * * friL", "0 0 * * FRIL",
        "0 0 * * 5#3", "0 0 * * fri#5", "0 0 * * 1#1,5#3", "0 0 1,L * *", "0 0 15,L,LW * *", "*/60 * * * *",
        "10-50/50 * * * *", "0 0 0 * * *", "*/5 * * * * *", "0 30 2 * * ?", "  0   0  *  *  *  ", "0\t0\t*\t*\t*",
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@DAILY",
        "0 0 * * sun-sat", "0 0 * * 0-7", "59 23 31 12 7", "0 0 * * 7#1", "0 0 * * 0L",
    };
    for (const char *e : ok)
        QTest::newRow(e) << QString::fromLatin1(e);
}

void TestCronParser::accepts()
{
    QFETCH(QString, expr);
    const auto r = CronExpression::parse(expr);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
}

// Each row: expression, start (UTC), expected next times (UTC). Pins down what each operator means.
void TestCronParser::fieldSemantics_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *e, const char *f, const char *x) {
        QTest::newRow(name) << QString::fromLatin1(e) << QString::fromLatin1(f) << QString::fromLatin1(x);
    };
    // */35 restarts at each hour: 0 and 35, not "every 35 minutes".
    row("*/35 minutes", "*/35 * * * *", "2024-01-01T00:00:00Z",
        "2024-01-01T00:35:00+00:00 2024-01-01T01:00:00+00:00 2024-01-01T01:35:00+00:00");
    // a/s is a-last/s
    row("a/s", "50/4 * * * *", "2024-01-01T00:00:00Z",
        "2024-01-01T00:50:00+00:00 2024-01-01T00:54:00+00:00 2024-01-01T00:58:00+00:00 2024-01-01T01:50:00+00:00");
    // step larger than the range selects only its start
    row("step > range", "10-50/50 * * * *", "2024-01-01T00:00:00Z", "2024-01-01T00:10:00+00:00 2024-01-01T01:10:00+00:00");
    // */7 in day-of-week is 0,7 = Sunday only (2024-01-07 is a Sunday)
    row("dow */7", "0 0 * * */7", "2024-01-01T00:00:00Z", "2024-01-07T00:00:00+00:00 2024-01-14T00:00:00+00:00");
    // */2 in day-of-week: Sun, Tue, Thu, Sat
    row("dow */2", "0 0 * * */2", "2024-01-01T00:00:00Z",
        "2024-01-02T00:00:00+00:00 2024-01-04T00:00:00+00:00 2024-01-06T00:00:00+00:00 2024-01-07T00:00:00+00:00");
    // 7 and 0 are Sunday; fri-sun wraps to Sunday; names case-insensitive
    row("dow 7", "0 0 * * 7", "2024-01-01T00:00:00Z", "2024-01-07T00:00:00+00:00");
    row("fri-sun", "0 0 * * fri-sun", "2024-01-01T00:00:00Z",
        "2024-01-05T00:00:00+00:00 2024-01-06T00:00:00+00:00 2024-01-07T00:00:00+00:00 2024-01-12T00:00:00+00:00");
    row("5-0", "0 0 * * 5-0", "2024-01-01T00:00:00Z",
        "2024-01-05T00:00:00+00:00 2024-01-06T00:00:00+00:00 2024-01-07T00:00:00+00:00");
    // a step after a weekday-name range is honoured, not ignored (APScheduler 3's bug)
    row("mon-fri/2", "0 0 * * mon-fri/2", "2023-12-31T12:00:00Z",
        "2024-01-01T00:00:00+00:00 2024-01-03T00:00:00+00:00 2024-01-05T00:00:00+00:00 2024-01-08T00:00:00+00:00");
    row("month names", "0 0 1 feb,Apr *", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00+00:00 2024-04-01T00:00:00+00:00");
    // 6 fields: seconds first
    row("seconds", "*/20 0 0 * * *", "2024-01-01T00:00:00Z",
        "2024-01-01T00:00:20+00:00 2024-01-01T00:00:40+00:00 2024-01-02T00:00:00+00:00");
    // L, L-n, LW (2024-02 has 29 days; 2024-03-31 is a Sunday, so LW is Friday the 29th)
    row("L", "0 0 L * *", "2024-01-31T00:00:00Z", "2024-02-29T00:00:00+00:00 2024-03-31T00:00:00+00:00");
    row("L-2", "0 0 L-2 * *", "2024-02-01T00:00:00Z", "2024-02-27T00:00:00+00:00 2024-03-29T00:00:00+00:00");
    row("L-30 only in 31-day months", "0 0 L-30 * *", "2024-01-02T00:00:00Z",
        "2024-03-01T00:00:00+00:00 2024-05-01T00:00:00+00:00");
    row("LW", "0 0 LW * *", "2024-03-01T00:00:00Z", "2024-03-29T00:00:00+00:00 2024-04-30T00:00:00+00:00");
    // nW: 2024-06-01 is a Saturday -> Monday 3rd (never leaves the month); 2024-06-15 Sat -> Fri 14th;
    // 2024-09-01 Sunday -> Monday 2nd; 2024-03-31 Sunday and the last day -> Friday 29th
    row("1W on Saturday", "0 0 1W 6 *", "2024-01-01T00:00:00Z", "2024-06-03T00:00:00+00:00");
    row("15W on Saturday", "0 0 15W 6 *", "2024-01-01T00:00:00Z", "2024-06-14T00:00:00+00:00");
    row("1W on Sunday", "0 0 1W 9 *", "2024-01-01T00:00:00Z", "2024-09-02T00:00:00+00:00");
    row("31W last day Sunday", "0 0 31W 3 *", "2024-01-01T00:00:00Z", "2024-03-29T00:00:00+00:00");
    // 31W in a 30-day month does not fire that month (April, June, September, November)
    row("31W skips short months", "0 0 31W 4-7 *", "2024-01-01T00:00:00Z",
        "2024-05-31T00:00:00+00:00 2024-07-31T00:00:00+00:00 2025-05-30T00:00:00+00:00");
    // dL, d#n (2024-01: Fridays 5, 12, 19, 26)
    row("5L", "0 0 * 1 5L", "2024-01-01T00:00:00Z", "2024-01-26T00:00:00+00:00 2025-01-31T00:00:00+00:00");
    row("friL", "0 0 * 1 friL", "2024-01-01T00:00:00Z", "2024-01-26T00:00:00+00:00");
    row("5#3", "0 0 * * 5#3", "2024-01-01T00:00:00Z", "2024-01-19T00:00:00+00:00 2024-02-16T00:00:00+00:00");
    row("5#5 only in months with five", "0 0 * * 5#5", "2024-01-01T00:00:00Z",
        "2024-03-29T00:00:00+00:00 2024-05-31T00:00:00+00:00 2024-08-30T00:00:00+00:00");
    row("several #", "0 0 * 1 1#1,5#3", "2023-12-31T12:00:00Z",
        "2024-01-01T00:00:00+00:00 2024-01-19T00:00:00+00:00 2025-01-06T00:00:00+00:00");
    row("lists with L", "0 0 15,L 2 *", "2024-01-01T00:00:00Z",
        "2024-02-15T00:00:00+00:00 2024-02-29T00:00:00+00:00 2025-02-15T00:00:00+00:00 2025-02-28T00:00:00+00:00");
    // February 29 only in leap years: 2100 is not one
    row("Feb 29", "0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00+00:00");
    row("Feb 29 2000", "0 0 29 2 *", "1999-01-01T00:00:00Z", "2000-02-29T00:00:00+00:00 2004-02-29T00:00:00+00:00");
}

void TestCronParser::fieldSemantics()
{
    QFETCH(QString, expr);
    QFETCH(QString, from);
    QFETCH(QString, expected);
    const QStringList want = split(expected);
    QCOMPARE(nextTimes(expr, QStringLiteral("UTC"), from, int(want.size())), want);
}

void TestCronParser::rejects_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QStringList>("mustContain"); // field name and token
    auto row = [](const char *e, std::initializer_list<const char *> words) {
        QStringList w;
        for (const char *s : words)
            w << QString::fromLatin1(s);
        QTest::newRow(e) << QString::fromLatin1(e) << w;
    };
    // out of range
    row("60 * * * *", {"minute field", "'60'"});
    row("* 24 * * *", {"hour field", "'24'"});
    row("* * 0 * *", {"day-of-month field", "'0'"});
    row("* * 32 * *", {"day-of-month field", "'32'"});
    row("* * * 13 *", {"month field", "'13'"});
    row("* * * 0 *", {"month field", "'0'"});
    row("* * * * 8", {"day-of-week field", "'8'"});
    row("60 * * * * *", {"second field", "'60'"});
    // backwards ranges
    row("5-1 * * * *", {"minute field", "'5-1'", "backwards"});
    row("* * * * sat-mon", {"day-of-week field", "'sat-mon'", "backwards"});
    row("* * * dec-jan *", {"month field", "'dec-jan'", "backwards"});
    row("* 22-2 * * *", {"hour field", "'22-2'", "backwards"});
    // zero or missing step
    row("*/0 * * * *", {"minute field", "'*/0'"});
    row("5/ * * * *", {"minute field", "'5/'"});
    row("* * */0 * *", {"day-of-month field", "'*/0'"});
    row("*/x * * * *", {"minute field", "'*/x'"});
    // empty list items
    row("1,,2 * * * *", {"minute field", "'1,,2'"});
    row("* * * * mon,", {"day-of-week field", "'mon,'"});
    row(",1 * * * *", {"minute field", "',1'"});
    // unknown names
    row("* * * * monday", {"day-of-week field", "'monday'"});
    row("* * * foo *", {"month field", "'foo'"});
    row("* * * * sun-funday", {"day-of-week field", "'funday'"});
    row("jan * * * *", {"minute field", "'jan'"});
    // garbage
    row("1.5 * * * *", {"minute field", "'1.5'"});
    row("-5 * * * *", {"minute field", "'-5'"});
    row("*-5 * * * *", {"minute field", "'*-5'"});
    row("1-2-3 * * * *", {"minute field", "'1-2-3'"});
    row("1/2/3 * * * *", {"minute field", "'1/2/3'"});
    row("+5 * * * *", {"minute field", "'+5'"});
    // L, W and # where they do not belong, and out of range
    row("L * * * *", {"minute field", "'L'"});
    row("* L * * *", {"hour field", "'L'"});
    row("* * * L *", {"month field", "'L'"});
    row("* * * * L", {"day-of-week field", "'L'", "ambiguous"});
    row("* * 5#3 * *", {"day-of-month field", "'5#3'"});
    row("* * * * 15W", {"day-of-week field", "'15W'"});
    row("* * * * LW", {"day-of-week field", "'LW'"});
    row("* * 5L * *", {"day-of-month field", "'5L'"});
    row("* 1W * * *", {"hour field", "'1W'"});
    row("* * * * 5#6", {"day-of-week field", "'5#6'"});
    row("* * * * 5#0", {"day-of-week field", "'5#0'"});
    row("* * * * 8#1", {"day-of-week field", "'8'"});
    row("* * * * 5#", {"day-of-week field", "'5#'"});
    row("* * * * #3", {"day-of-week field", "'#3'"});
    row("* * 0W * *", {"day-of-month field", "'0W'"});
    row("* * 32W * *", {"day-of-month field", "'32W'"});
    row("* * L-31 * *", {"day-of-month field", "'L-31'"});
    row("* * L- * *", {"day-of-month field", "'L-'"});
    row("* * L/2 * *", {"day-of-month field", "'L/2'"});
    row("* * * * 5L/2", {"day-of-week field", "'5L/2'"});
    row("* * 1-5W * *", {"day-of-month field", "'1-5W'"});
    // '?' outside the day fields, not alone, or in both
    row("? * * * *", {"minute field", "'?'"});
    row("* * * ? *", {"month field", "'?'"});
    row("* * ?,1 * *", {"day-of-month field", "'?,1'"});
    row("* * ? * ?", {"day-of-week field", "'?'"});
    // field counts and macros
    row("* * * *", {"expected 5 fields", "got 4"});
    row("* * * * * * *", {"7 fields", "year"});
    row("* * * * * * * *", {"expected 5 fields", "got 8"});
    row("", {"empty cron expression"});
    row("@foo", {"unknown macro", "'@foo'"});
    row("@reboot", {"'@reboot'", "no next fire time"});
    row("@every 5m", {"'@every 5m'", "interval trigger"});
    row("@daily 1", {"'@daily'", "extra"});
}

void TestCronParser::rejects()
{
    QFETCH(QString, expr);
    QFETCH(QStringList, mustContain);
    const auto r = CronExpression::parse(expr);
    QVERIFY2(!r.ok(), qPrintable(QStringLiteral("accepted: %1").arg(expr)));
    QCOMPARE(r.error().kind, Error::Kind::Invalid);
    for (const QString &w : mustContain)
        QVERIFY2(r.error().message.contains(w), qPrintable(QStringLiteral("'%1' not in: %2").arg(w, r.error().message)));
}

void TestCronParser::errorCarriesFieldError()
{
    const auto r = CronExpression::parse(QStringLiteral("0 0 * * 1,monday"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().fieldErrors.size(), 1);
    QCOMPARE(r.error().fieldErrors[0].path, QStringLiteral("day-of-week"));
    QCOMPARE(r.error().fieldErrors[0].invalidValue.toString(), QStringLiteral("monday"));
    QCOMPARE(r.error().httpStatus(), 400);
}

// §1.4: OR when both day fields are restricted (decided on the text), AND otherwise.
void TestCronParser::vixieDayRule_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *e, const char *f, const char *x) {
        QTest::newRow(name) << QString::fromLatin1(e) << QString::fromLatin1(f) << QString::fromLatin1(x);
    };
    // 1st, 15th and every Friday (2024-03: Fridays 1, 8, 15, 22, 29)
    row("1,15 or Friday", "30 4 1,15 * 5", "2024-03-01T05:00:00Z",
        "2024-03-08T04:30:00+00:00 2024-03-15T04:30:00+00:00 2024-03-22T04:30:00+00:00 2024-03-29T04:30:00+00:00 "
        "2024-04-01T04:30:00+00:00");
    // the "first Sunday" idiom: '*/7' starts with '*' so it ANDs
    row("first Sunday", "0 0 1-7 * */7", "2024-01-01T00:00:00Z",
        "2024-01-07T00:00:00+00:00 2024-02-04T00:00:00+00:00 2024-03-03T00:00:00+00:00");
    // '*/2' is unrestricted by text: Mondays on odd dates
    row("odd Mondays", "0 0 */2 * 1", "2023-12-31T12:00:00Z",
        "2024-01-01T00:00:00+00:00 2024-01-15T00:00:00+00:00 2024-01-29T00:00:00+00:00 2024-02-05T00:00:00+00:00");
    // '1-31' is restricted by text: OR with Monday = every day
    row("1-31 or Monday", "0 0 1-31 * 1", "2024-01-01T00:00:00Z",
        "2024-01-02T00:00:00+00:00 2024-01-03T00:00:00+00:00 2024-01-04T00:00:00+00:00");
    // '?' counts as unrestricted
    row("? with #", "0 0 ? * 5#3", "2024-01-01T00:00:00Z", "2024-01-19T00:00:00+00:00");
    // extensions take part in the OR: the last day or any Friday
    row("L or Friday", "0 0 L * 5", "2024-01-20T00:00:00Z",
        "2024-01-26T00:00:00+00:00 2024-01-31T00:00:00+00:00 2024-02-02T00:00:00+00:00");
    // third Friday only (day-of-month is '*')
    row("third Friday", "0 0 * * 5#3", "2024-03-01T00:00:00Z", "2024-03-15T00:00:00+00:00 2024-04-19T00:00:00+00:00");
    // the 1st or the third Friday (croniter returns nothing here)
    row("1 or 5#3", "0 0 1 * 5#3", "2024-01-02T00:00:00Z",
        "2024-01-19T00:00:00+00:00 2024-02-01T00:00:00+00:00 2024-02-16T00:00:00+00:00");
    // macros: @weekly ANDs (day-of-month '*'), @monthly ANDs (day-of-week '*')
    row("@weekly", "@weekly", "2024-01-01T00:00:00Z", "2024-01-07T00:00:00+00:00 2024-01-14T00:00:00+00:00");
    row("@monthly", "@monthly", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00+00:00 2024-03-01T00:00:00+00:00");
}

void TestCronParser::vixieDayRule()
{
    QFETCH(QString, expr);
    QFETCH(QString, from);
    QFETCH(QString, expected);
    const QStringList want = split(expected);
    QCOMPARE(nextTimes(expr, QStringLiteral("UTC"), from, int(want.size())), want);
}

void TestCronParser::wildcardClassification_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<bool>("wildcard");
    QTest::newRow("* minute") << QStringLiteral("* 2 * * *") << true;
    QTest::newRow("*/n minute") << QStringLiteral("*/10 2 * * *") << true;
    QTest::newRow("* hour") << QStringLiteral("0 * * * *") << true;
    QTest::newRow("*/n hour") << QStringLiteral("30 */2 * * *") << true;
    QTest::newRow("@hourly") << QStringLiteral("@hourly") << true;
    QTest::newRow("fixed") << QStringLiteral("30 2 * * *") << false;
    QTest::newRow("0-59/10 is fixed") << QStringLiteral("0-59/10 2 * * *") << false;
    QTest::newRow("hour range fixed") << QStringLiteral("0 1-5 * * *") << false;
    QTest::newRow("@daily") << QStringLiteral("@daily") << false;
    QTest::newRow("6-field seconds do not decide") << QStringLiteral("* 30 2 * * *") << false;
    QTest::newRow("6-field minute decides") << QStringLiteral("0 * 2 * * *") << true;
}

void TestCronParser::wildcardClassification()
{
    QFETCH(QString, expr);
    QFETCH(bool, wildcard);
    const auto r = CronExpression::parse(expr);
    QVERIFY(r.ok());
    QCOMPARE(r->isWildcard(), wildcard);
}

void TestCronParser::macros()
{
    const char *pairs[][2] = {{"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
                              {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
                              {"@hourly", "0 * * * *"}, {"@Daily", "0 0 * * *"}};
    for (const auto &p : pairs) {
        const QStringList a = nextTimes(QString::fromLatin1(p[0]), QStringLiteral("Europe/Berlin"),
                                        QStringLiteral("2024-03-30T12:00:00Z"), 5);
        const QStringList b = nextTimes(QString::fromLatin1(p[1]), QStringLiteral("Europe/Berlin"),
                                        QStringLiteral("2024-03-30T12:00:00Z"), 5);
        QCOMPARE(a.size(), 5);
        QCOMPARE(a, b);
    }
    const auto daily = CronExpression::parse(QStringLiteral(" @DAILY "));
    QVERIFY(daily.ok());
    QCOMPARE(daily->text(), QStringLiteral("@daily"));
}

void TestCronParser::neverMatches()
{
    for (const char *e : {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31W 4 *", "0 0 L-30 2 *", "0 0 30 2 ?"}) {
        const auto r = CronExpression::parse(QString::fromLatin1(e));
        QVERIFY2(r.ok(), e);
        QVERIFY2(r->neverMatches(), e);
    }
    for (const char *e : {"0 0 29 2 *", "0 0 * 2 4#5", "0 0 30 2 5", "0 0 31 * *"}) {
        const auto r = CronExpression::parse(QString::fromLatin1(e));
        QVERIFY2(r.ok(), e);
        QVERIFY2(!r->neverMatches(), e);
    }
}

void TestCronParser::describe_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("text");
    auto row = [](const char *e, const char *t) { QTest::newRow(e) << QString::fromLatin1(e) << QString::fromLatin1(t); };
    row("30 2 * * *", "At 02:30 every day");
    row("*/15 * * * *", "Every 15 minutes");
    row("* * * * *", "Every minute");
    row("0 * * * *", "At minute 0 past every hour");
    row("0,30 * * * *", "At minutes 0 and 30 past every hour");
    row("0 9 * * 1-5", "At 09:00 on Monday through Friday");
    row("0 9 * * mon-fri", "At 09:00 on Monday through Friday");
    row("15 10,12 * * 1,7", "At 10:15 and 12:15 on Monday and Sunday");
    row("0 0 1 * *", "At 00:00 on day 1 of the month");
    row("30 4 1,15 * 5", "At 04:30 on days 1 and 15 of the month or on Friday");
    row("0 0 L * 5", "At 00:00 on the last day of the month or on Friday");
    row("0 0 LW * *", "At 00:00 on the last weekday of the month");
    row("0 0 15W * *", "At 00:00 on the weekday nearest day 15 of the month");
    row("0 0 * * friL", "At 00:00 on the last Friday of the month");
    row("0 0 * 2 4#5", "At 00:00 on the fifth Thursday of the month, in February");
    row("0 0 1-7 * */7", "At 00:00 on days 1 through 7 of the month, if it is also Sunday");
    row("*/10 2 * * *", "Every 10 minutes, between 02:00 and 02:59");
    row("*/5 * * * * *", "Every 5 seconds");
    row("10 * * * * *", "At second 10 of every minute");
    row("0 30 2 * * *", "At 02:30 every day");
    row("15 30 2 * * *", "At 02:30:15 every day");
    row("0 12 * 2 *", "At 12:00 every day in February");
    row("@yearly", "At 00:00 on January 1");
    row("@weekly", "At 00:00 on Sunday");
    row("@hourly", "At minute 0 past every hour");
}

void TestCronParser::describe()
{
    QFETCH(QString, expr);
    QFETCH(QString, text);
    const auto r = CronExpression::parse(expr);
    QVERIFY(r.ok());
    QCOMPARE(r->describe(), text);
}

QTEST_APPLESS_MAIN(TestCronParser)
#include "test_cron_parser.moc"
