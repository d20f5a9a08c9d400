// `orreryd cron ...` (runCronCommand / CronCommand) through the function and as a process
// (the orrery-cron executable): output formats, exit codes, batch mode.
#include "CronTestUtil.h"
#include "core/Clock.h"
#include "scheduler/CronCommand.h"

#include <QProcess>
#include <QTest>

using namespace orrery;
using orrery::test::utcMs;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run run(const QStringList &args, const QString &input = QString(), const Clock *clock = SystemClock::instance())
{
    QString inText = input;
    QTextStream in(&inText, QIODevice::ReadOnly);
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = CronCommand(clock).run(args, in, out, err);
    out.flush();
    err.flush();
    return r;
}

QStringList words(const char *s)
{
    return QString::fromUtf8(s).split(QLatin1Char('|'));
}

} // namespace

class TestCronCommand : public QObject
{
    Q_OBJECT

private slots:
    void nextPrintsIsoLines();
    void optionForms();
    void defaultFromComesFromTheClock();
    void neverFiresPrintsNothing();
    void invalidInputExitsNonZero_data();
    void invalidInputExitsNonZero();
    void usageErrors();
    void help();
    void describe();
    void batch();
    void batchLineErrors_data();
    void batchLineErrors();
    void freeFunction();
    void processSingle();
    void processInvalid();
    void processBatch();
    void processBatchAnswersLineByLine();
};

void TestCronCommand::nextPrintsIsoLines()
{
    const Run r = run(words("cron|next|30 2 * * *|--tz|America/New_York|--from|2024-03-09T22:00:00-05:00|--count|3"));
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QStringLiteral("2024-03-10T03:00:00-04:00\n2024-03-11T02:30:00-04:00\n2024-03-12T02:30:00-04:00\n"));
    QCOMPARE(r.err, QString());
}

void TestCronCommand::optionForms()
{
    const QString want = QStringLiteral("2024-04-07T01:45:00+11:00\n2024-04-08T01:45:00+10:30\n");
    QCOMPARE(run(words("cron|next|45 1 * * *|--tz=Australia/Lord_Howe|--from=2024-04-06T12:00|--count=2")).out, want);
    QCOMPARE(run(words("cron|next|--timezone|Australia/Lord_Howe|-n|2|--from|2024-04-06T12:00|45 1 * * *")).out, want);
    // the §7 positional form EXPR ZONE START N
    QCOMPARE(run(words("cron|next|45 1 * * *|Australia/Lord_Howe|2024-04-06T12:00|2")).out, want);
    // an unquoted expression: the words are joined
    QCOMPARE(run(words("cron|next|45|1|*|*|*|--tz|Australia/Lord_Howe|--from|2024-04-06T12:00|--count|2")).out, want);
    // without "cron" in front (orrery-cron passes it, but be lenient)
    QCOMPARE(run(words("next|45 1 * * *|--tz|Australia/Lord_Howe|--from|2024-04-06T12:00|--count|2")).out, want);
    // default zone UTC, default count 10
    const Run r = run(words("cron|next|@daily|--from|2024-01-01T00:00:00Z"));
    QCOMPARE(r.out.count(QLatin1Char('\n')), 10);
    QVERIFY(r.out.startsWith(QLatin1String("2024-01-02T00:00:00+00:00\n")));
}

void TestCronCommand::defaultFromComesFromTheClock()
{
    ManualClock clock(utcMs("2024-11-03T05:10:00Z")); // 01:10 EDT, inside the first pass
    const Run r = run(words("cron|next|*/30 1 * * *|--tz|America/New_York|--count|3"), QString(), &clock);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QStringLiteral("2024-11-03T01:30:00-04:00\n2024-11-03T01:00:00-05:00\n2024-11-03T01:30:00-05:00\n"));
    clock.advanceMs(3600 * 1000); // 01:10 EST
    QCOMPARE(run(words("cron|next|30 1 * * *|--tz|America/New_York|--count|1"), QString(), &clock).out,
             QStringLiteral("2024-11-04T01:30:00-05:00\n"));
}

void TestCronCommand::neverFiresPrintsNothing()
{
    const Run r = run(words("cron|next|0 0 30 2 *|--tz|Europe/Berlin|--from|2024-01-01T00:00:00Z|--count|5"));
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QString());
    QCOMPARE(r.err, QString());
}

void TestCronCommand::invalidInputExitsNonZero_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("range") << words("cron|next|60 * * * *|--from|2024-01-01T00:00:00Z")
                           << QStringLiteral("ERROR: minute field: value '60' is out of range (0-59)\n");
    QTest::newRow("name") << words("cron|next|0 0 * * monday|--from|2024-01-01T00:00:00Z")
                          << QStringLiteral("ERROR: day-of-week field: unknown name 'monday' (use sun, mon, tue, wed, thu, fri, sat)\n");
    QTest::newRow("zone") << words("cron|next|* * * * *|--tz|EST|--from|2024-01-01T00:00:00Z")
                          << QStringLiteral("ERROR: time zone 'EST' is an abbreviation or legacy name that does not say "
                                            "which rules apply; use an IANA Area/Location name such as America/New_York, "
                                            "UTC, or a fixed offset such as +05:30\n");
    QTest::newRow("from") << words("cron|next|* * * * *|--from|tomorrow")
                          << QStringLiteral("ERROR: invalid date-time 'tomorrow': expected an ISO 8601 date-time such as "
                                            "2024-03-10T01:30:00, 2024-03-10T01:30:00-05:00 or 2024-03-10T06:30:00Z\n");
    QTest::newRow("count") << words("cron|next|* * * * *|--count|-1")
                           << QStringLiteral("ERROR: invalid count '-1': expected a whole number from 0 to 100000\n");
    QTest::newRow("reboot") << words("cron|next|@reboot")
                            << QStringLiteral("ERROR: '@reboot' is not a time schedule and has no next fire time; to run a "
                                              "job when the engine starts, use a date trigger at start-up instead\n");
}

void TestCronCommand::invalidInputExitsNonZero()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(args);
    QCOMPARE(r.code, 1);
    QCOMPARE(r.out, QString());
    QCOMPARE(r.err, message);
}

void TestCronCommand::usageErrors()
{
    for (const QStringList &args : {QStringList{QStringLiteral("cron")}, words("cron|next"), words("cron|next|* * * * *|--tz"),
                                    words("cron|next|* * * * *|--bogus"), words("cron|frobnicate"),
                                    words("cron|next|--batch|* * * * *")}) {
        const Run r = run(args);
        QVERIFY2(r.code == 2, qPrintable(args.join(QLatin1Char(' '))));
        QVERIFY(!r.err.isEmpty());
        QCOMPARE(r.out, QString());
    }
}

void TestCronCommand::help()
{
    for (const QStringList &args : {words("cron|help"), words("cron|--help"), words("cron|-h"), words("cron|next|--help")}) {
        const Run r = run(args);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, CronCommand::usage());
        QVERIFY(r.out.contains(QLatin1String("orreryd cron next EXPR [--tz ZONE] [--from ISO] [--count N]")));
        QVERIFY(r.out.contains(QLatin1String("EXPR<TAB>ZONE<TAB>START<TAB>N")));
    }
}

void TestCronCommand::describe()
{
    const Run r = run(words("cron|describe|0 9 * * mon-fri"));
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(QLatin1String("At 09:00 on Monday through Friday\nfixed-time job")));
    QVERIFY(run(words("cron|describe|*/5 * * * *")).out.contains(QLatin1String("wildcard job")));
    QVERIFY(run(words("cron|describe|0 0 30 2 *")).out.contains(QLatin1String("never fires")));
    QCOMPARE(run(words("cron|describe|* * *")).code, 1);
}

void TestCronCommand::batch()
{
    const QString input = QStringLiteral(
        "30 2 * * *\tAmerica/New_York\t2024-03-09T22:00:00-05:00\t2\n"
        "0 0 30 2 *\tUTC\t2024-01-01T00:00:00Z\t3\n"
        "61 * * * *\tUTC\t2024-01-01T00:00:00Z\t1\n"
        "\n"
        "0 0 * * *\tAmerica/Sao_Paulo\t2018-11-03T12:00:00\t2\r\n"
        "*/15 * * * *\tEurope/Berlin\t2024-10-27T02:40:00+02:00\t3\n"
        "@hourly\tUTC\t2024-01-01T00:00:00Z\t0\n"
        "0 12 * * *\t+05:45\t2024-01-01T00:00:00Z\t1");
    const QString want = QStringLiteral(
        "2024-03-10T03:00:00-04:00 2024-03-11T02:30:00-04:00\n"
        "\n"
        "ERROR: minute field: value '61' is out of range (0-59)\n"
        "ERROR: expected 4 tab-separated fields EXPR<TAB>ZONE<TAB>START<TAB>N, got 0\n"
        "2018-11-04T01:00:00-02:00 2018-11-05T00:00:00-02:00\n"
        "2024-10-27T02:45:00+02:00 2024-10-27T02:00:00+01:00 2024-10-27T02:15:00+01:00\n"
        "\n"
        "2024-01-01T12:00:00+05:45\n");
    for (const QStringList &args : {words("cron|--batch"), words("cron|next|--batch")}) {
        const Run r = run(args, input);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, want);
        QCOMPARE(r.err, QString());
    }
    QCOMPARE(run(words("cron|--batch"), QString()).out, QString()); // no input, no output
}

void TestCronCommand::batchLineErrors_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("answer");
    auto row = [](const char *name, const char *l, const char *a) {
        QTest::newRow(name) << QString::fromUtf8(l) << QString::fromUtf8(a);
    };
    row("three columns", "* * * * *\tUTC\t2024-01-01T00:00:00Z",
        "ERROR: expected 4 tab-separated fields EXPR<TAB>ZONE<TAB>START<TAB>N, got 3");
    row("five columns", "* * * * *\tUTC\t2024-01-01T00:00:00Z\t1\tx",
        "ERROR: expected 4 tab-separated fields EXPR<TAB>ZONE<TAB>START<TAB>N, got 5");
    row("bad zone", "* * * * *\tMars/Base\t2024-01-01T00:00:00Z\t1",
        "ERROR: unknown time zone 'Mars/Base': use an IANA name such as Europe/Berlin (names are case-sensitive), UTC, "
        "or a fixed offset such as +05:30");
    row("bad start", "* * * * *\tUTC\t2024-13-01T00:00:00Z\t1",
        "ERROR: invalid date-time '2024-13-01T00:00:00Z': no such date or time of day");
    row("bad count", "* * * * *\tUTC\t2024-01-01T00:00:00Z\tmany",
        "ERROR: invalid count 'many': expected a whole number from 0 to 100000");
    row("backwards", "0 0 * * sat-mon\tUTC\t2024-01-01T00:00:00Z\t1",
        "ERROR: day-of-week field: range 'sat-mon' runs backwards (6 > 1); only a range ending on Sunday may wrap, e.g. 'fri-sun'");
    row("question marks", "0 0 ? * ?\tUTC\t2024-01-01T00:00:00Z\t1",
        "ERROR: day-of-week field: '?' may be used in only one of the day-of-month and day-of-week fields");
    row("ok", "0 0 * * 5#3\tUTC\t2024-01-01T00:00:00Z\t2", "2024-01-19T00:00:00+00:00 2024-02-16T00:00:00+00:00");
}

void TestCronCommand::batchLineErrors()
{
    QFETCH(QString, line);
    QFETCH(QString, answer);
    QCOMPARE(CronCommand::answerBatchLine(line), answer);
}

void TestCronCommand::freeFunction()
{
    QString inText;
    QString outText;
    QString errText;
    QTextStream in(&inText, QIODevice::ReadOnly);
    QTextStream out(&outText);
    QTextStream err(&errText);
    const int rc = runCronCommand(words("cron|next|0 0 1 1 *|--tz|Asia/Kolkata|--from|2024-06-01T00:00:00Z|--count|2"),
                                  in, out, err);
    QCOMPARE(rc, 0);
    QCOMPARE(outText, QStringLiteral("2025-01-01T00:00:00+05:30\n2026-01-01T00:00:00+05:30\n"));
}

void TestCronCommand::processSingle()
{
    QProcess p;
    p.start(QStringLiteral(ORRERY_CRON_BIN),
            words("next|30 2 * * *|--tz|America/New_York|--from|2024-03-09T22:00:00-05:00|--count|2"));
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()),
             QStringLiteral("2024-03-10T03:00:00-04:00\n2024-03-11T02:30:00-04:00\n"));
    // "cron" as the first word works too (the same words orreryd receives)
    p.start(QStringLiteral(ORRERY_CRON_BIN), words("cron|next|@yearly|--from|2024-06-01T00:00:00Z|--count|1"));
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), QStringLiteral("2025-01-01T00:00:00+00:00\n"));
}

void TestCronCommand::processInvalid()
{
    QProcess p;
    p.start(QStringLiteral(ORRERY_CRON_BIN), words("next|* * 32 * *|--from|2024-01-01T00:00:00Z"));
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1);
    QCOMPARE(p.readAllStandardOutput(), QByteArray());
    QCOMPARE(QString::fromUtf8(p.readAllStandardError()),
             QStringLiteral("ERROR: day-of-month field: value '32' is out of range (1-31)\n"));
}

void TestCronCommand::processBatch()
{
    QProcess p;
    p.start(QStringLiteral(ORRERY_CRON_BIN), {QStringLiteral("--batch")});
    QVERIFY(p.waitForStarted(60000));
    p.write("15 2 * * *\tAustralia/Lord_Howe\t2024-10-05T12:00:00\t2\n"
            "0 0 31 4 *\tUTC\t2024-01-01T00:00:00Z\t4\n"
            "bad\tUTC\t2024-01-01T00:00:00Z\t1\n");
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()),
             QStringLiteral("2024-10-06T02:30:00+11:00 2024-10-07T02:15:00+11:00\n"
                            "\n"
                            "ERROR: expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second minute "
                            "hour day-of-month month day-of-week), got 1 in 'bad'\n"));
}

// A driver may keep the process open and exchange one line at a time through pipes.
void TestCronCommand::processBatchAnswersLineByLine()
{
    QProcess p;
    p.start(QStringLiteral(ORRERY_CRON_BIN), words("cron|next|--batch"));
    QVERIFY(p.waitForStarted(60000));
    p.write("0 * * * *\tAmerica/New_York\t2024-11-03T00:30:00-04:00\t3\n");
    while (!p.canReadLine())
        QVERIFY(p.waitForReadyRead(60000));
    QCOMPARE(QString::fromUtf8(p.readLine()),
             QStringLiteral("2024-11-03T01:00:00-04:00 2024-11-03T01:00:00-05:00 2024-11-03T02:00:00-05:00\n"));
    p.write("@weekly\tUTC\t2024-01-01T00:00:00Z\t1\n");
    while (!p.canReadLine())
        QVERIFY(p.waitForReadyRead(60000));
    QCOMPARE(QString::fromUtf8(p.readLine()), QStringLiteral("2024-01-07T00:00:00+00:00\n"));
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestCronCommand)
#include "test_cron_command.moc"
