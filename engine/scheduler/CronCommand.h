#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace orrery {

class Clock;

// The `orreryd cron ...` command (specs/scheduling.md §7):
//   cron next EXPR [--tz ZONE] [--from ISO] [--count N]   one ISO 8601 line per fire time
//   cron next --batch  (or cron --batch)                   EXPR<TAB>ZONE<TAB>START<TAB>N lines
//   cron describe EXPR                                     plain-English text
// args are the words after the program name, starting with "cron". Returns the exit code:
// 0 success, 1 invalid rule/zone/time/count, 2 usage error.
class CronCommand
{
public:
    explicit CronCommand(const Clock *clock);

    int run(const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err) const;

    static QString usage();
    // Answers one batch line with one output line (no newline): the fire times separated by
    // single spaces, an empty line when the rule never fires, or "ERROR: " and the message.
    static QString answerBatchLine(const QString &line);

private:
    int runNext(const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err) const;
    int runBatch(QTextStream &in, QTextStream &out) const;
    int runDescribe(const QStringList &args, QTextStream &out, QTextStream &err) const;

    const Clock *m_clock;
};

// Entry point for orreryd's main (argv[1] == "cron") and the orrery-cron tool; uses the system clock
// for the default --from.
int runCronCommand(const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err);

} // namespace orrery
