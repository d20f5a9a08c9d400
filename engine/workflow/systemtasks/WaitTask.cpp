#include "WaitTask.h"

#include "workflow/Decider.h"
#include "workflow/systemtasks/SystemTaskHost.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

namespace orrery {

std::optional<qint64> WaitTask::parseDurationSeconds(const QString &text)
{
    static const QRegularExpression part(QStringLiteral(
        R"(\s*(\d+)\s*(days|day|d|hours|hour|hrs|hr|h|minutes|minute|mins|min|m|seconds|second|secs|sec|s)\s*)"),
        QRegularExpression::CaseInsensitiveOption);
    qint64 total = 0;
    qsizetype pos = 0;
    bool any = false;
    const QString s = text.trimmed();
    while (pos < s.size()) {
        const QRegularExpressionMatch m = part.match(s, pos, QRegularExpression::NormalMatch,
                                                     QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch() || m.capturedLength() == 0)
            return std::nullopt;
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0).toLower();
        const bool minutes = m.captured(2).startsWith(QLatin1String("m"), Qt::CaseInsensitive);
        total += unit == u'd' ? n * 86400 : unit == u'h' ? n * 3600 : minutes ? n * 60 : n;
        pos += m.capturedLength();
        any = true;
    }
    return any ? std::optional<qint64>(total) : std::nullopt;
}

std::optional<qint64> WaitTask::parseUntilMs(const QString &text)
{
    const QString s = text.trimmed();
    QDateTime dt = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm"));
    if (!dt.isValid()) {
        const int space = s.lastIndexOf(QLatin1Char(' '));
        if (space > 10) {
            const QDateTime local = QDateTime::fromString(s.left(space), QStringLiteral("yyyy-MM-dd HH:mm"));
            QTimeZone zone(s.mid(space + 1).toUtf8());
            if (!zone.isValid() && (s.mid(space + 1) == QLatin1String("Z") || s.mid(space + 1) == QLatin1String("GMT")))
                zone = QTimeZone::utc();
            if (local.isValid() && zone.isValid())
                dt = QDateTime(local.date(), local.time(), zone);
        }
    }
    if (!dt.isValid()) {
        const QDate d = QDate::fromString(s, QStringLiteral("yyyy-MM-dd"));
        if (d.isValid())
            dt = QDateTime(d, QTime(0, 0));
    }
    return dt.isValid() ? std::optional<qint64>(dt.toMSecsSinceEpoch()) : std::nullopt;
}

void WaitTask::start(const SystemTaskCall &call) const
{
    call.inProgress();
    arm(call);
}

void WaitTask::recover(const SystemTaskCall &call) const { arm(call); }

void WaitTask::arm(const SystemTaskCall &call) const
{
    const Task &t = call.task();
    const QJsonValue duration = t.inputData.value(QStringLiteral("duration"));
    const QJsonValue until = t.inputData.value(QStringLiteral("until"));
    qint64 at = -1;
    if (duration.isString() && !duration.toString().isEmpty()) {
        const auto seconds = parseDurationSeconds(duration.toString());
        if (!seconds) {
            call.end(TaskStatus::FailedWithTerminalError, {},
                     QStringLiteral("input.duration '%1' is not a duration like \"30s\", \"1h 5m\" or \"2 days\"").arg(duration.toString()));
            return;
        }
        at = t.startTime + *seconds * 1000;
    } else if (until.isString() && !until.toString().isEmpty()) {
        const auto ms = parseUntilMs(until.toString());
        if (!ms) {
            call.end(TaskStatus::FailedWithTerminalError, {},
                     QStringLiteral("input.until '%1' is not a time like \"2026-12-24 18:00\", \"2026-12-24 18:00 UTC\" or \"2026-12-24\"")
                         .arg(until.toString()));
            return;
        }
        at = *ms;
    }
    if (at >= 0 && call.decider.host())
        call.decider.host()->wakeAt(call.run.wf.workflowId, t.taskId, at);
}

} // namespace orrery
