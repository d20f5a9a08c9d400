#include "JobTableModel.h"

#include "TimeText.h"

#include "core/Clock.h"

#include <QBrush>
#include <QColor>
#include <QSet>
#include <cmath>

namespace orrery {

namespace {

const QString kId = QStringLiteral("id");

std::optional<qint64> msField(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        return std::nullopt;
    return qint64(v.toDouble());
}

QColor stateColor(const QString &state)
{
    if (state == QLatin1String("paused"))
        return QColor(0xb0, 0x7d, 0x10);
    if (state == QLatin1String("flagged"))
        return QColor(0xc0, 0x39, 0x2b);
    if (state == QLatin1String("finished"))
        return QColor(0x70, 0x70, 0x70);
    return {};
}

QColor outcomeColor(const QString &status)
{
    if (status == QLatin1String("COMPLETED"))
        return QColor(0x2e, 0x8b, 0x57);
    if (status == QLatin1String("FAILED") || status == QLatin1String("TIMED_OUT") || status == QLatin1String("TERMINATED")
        || status == QLatin1String("START_FAILED") || status == QLatin1String("MISSED"))
        return QColor(0xc0, 0x39, 0x2b);
    return {};
}

} // namespace

JobTableModel::JobTableModel(const Clock *clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
{
}

int JobTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JobTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(ColumnCount);
}

QString JobTableModel::durationText(qint64 ms)
{
    const qint64 s = std::llabs(ms) / 1000;
    if (s < 60)
        return s == 0 && ms != 0 ? tr("%1 ms").arg(std::llabs(ms)) : tr("%1 s").arg(s);
    if (s < 3600)
        return s % 60 ? tr("%1 min %2 s").arg(s / 60).arg(s % 60) : tr("%1 min").arg(s / 60);
    if (s < 86400)
        return (s / 60) % 60 ? tr("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60) : tr("%1 h").arg(s / 3600);
    return (s / 3600) % 24 ? tr("%1 d %2 h").arg(s / 86400).arg((s / 3600) % 24) : tr("%1 d").arg(s / 86400);
}

QString JobTableModel::relativeText(qint64 deltaMs)
{
    if (deltaMs > -1000 && deltaMs < 1000)
        return tr("now");
    const QString amount = durationText(deltaMs >= 0 ? deltaMs : -deltaMs);
    return deltaMs >= 0 ? tr("in %1").arg(amount) : tr("%1 ago").arg(amount);
}

QString JobTableModel::whenText(qint64 ms, qint64 nowMs)
{
    return QStringLiteral("%1 (%2)").arg(TimeText::local(ms), relativeText(ms - nowMs));
}

QString JobTableModel::triggerText(const QJsonObject &job)
{
    const QString described = job.value(QStringLiteral("triggerDescription")).toString();
    if (!described.isEmpty())
        return described;
    const QJsonObject t = job.value(QStringLiteral("trigger")).toObject();
    const QString type = t.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("cron"))
        return tr("Cron %1 (%2)").arg(t.value(QStringLiteral("expression")).toString(),
                                      t.value(QStringLiteral("timezone")).toString(QStringLiteral("UTC")));
    if (type == QLatin1String("interval"))
        return tr("Every %1 s").arg(t.value(QStringLiteral("intervalMs")).toDouble() / 1000.0);
    if (type == QLatin1String("date"))
        return tr("Once at %1").arg(t.value(QStringLiteral("runAt")).toString());
    return job.value(QStringLiteral("error")).toString();
}

QString JobTableModel::policiesText(const QJsonObject &job)
{
    const QJsonValue grace = job.value(QStringLiteral("misfireGraceSeconds"));
    const QString graceText = grace.isDouble() ? tr("grace %1 s").arg(grace.toInt()) : tr("no grace limit");
    const int max = job.value(QStringLiteral("maxInstances")).toInt(1);
    const QString maxText = max == 0 ? tr("unlimited instances") : tr("max %1").arg(max);
    QString out = QStringLiteral("%1 · %2 · %3").arg(graceText, job.value(QStringLiteral("coalesce")).toString(QStringLiteral("latest")), maxText);
    const double jitter = job.value(QStringLiteral("jitterSeconds")).toDouble();
    if (jitter > 0)
        out += QStringLiteral(" · ") + tr("jitter %1 s").arg(jitter);
    return out;
}

QString JobTableModel::displayText(const QJsonObject &job, int column) const
{
    const QString state = job.value(QStringLiteral("state")).toString();
    const qint64 now = m_clock->nowMs();
    switch (column) {
    case Name:
        return job.value(QStringLiteral("name")).toString();
    case Schedule:
        return triggerText(job);
    case NextRun: {
        const auto next = msField(job, QStringLiteral("nextRunTimeMs"));
        if (state == QLatin1String("paused"))
            return tr("paused");
        if (state == QLatin1String("flagged"))
            return tr("— (flagged)");
        if (!next)
            return tr("none");
        return whenText(*next, now);
    }
    case LastRun: {
        // The newest run record (manual runs included) when loaded, else the schedule's last fire.
        const QJsonObject run = m_lastRuns.value(job.value(kId).toString());
        auto last = msField(run, QStringLiteral("firedTimeMs"));
        if (!last)
            last = msField(run, QStringLiteral("scheduledTimeMs"));
        if (!last)
            last = msField(job, QStringLiteral("lastRunTimeMs"));
        if (!last && run.isEmpty())
            return tr("never");
        QString text = last ? whenText(*last, now) : QString();
        const QString status = run.value(QStringLiteral("status")).toString();
        if (!status.isEmpty())
            text = text.isEmpty() ? status : QStringLiteral("%1 — %2").arg(text, status);
        return text;
    }
    case State:
        if (state == QLatin1String("scheduled"))
            return tr("scheduled");
        if (state == QLatin1String("paused"))
            return tr("paused");
        if (state == QLatin1String("finished"))
            return tr("finished");
        if (state == QLatin1String("flagged"))
            return tr("flagged");
        return state;
    case TimeZone: {
        const QJsonObject t = job.value(QStringLiteral("trigger")).toObject();
        return t.value(QStringLiteral("type")).toString() == QLatin1String("cron")
            ? t.value(QStringLiteral("timezone")).toString(QStringLiteral("UTC"))
            : QStringLiteral("UTC");
    }
    case Target: {
        const QJsonObject target = job.value(QStringLiteral("target")).toObject();
        const QString name = target.value(QStringLiteral("name")).toString();
        if (target.value(QStringLiteral("type")).toString() == QLatin1String("builtin"))
            return tr("%1 (built-in)").arg(name);
        const QJsonValue version = target.value(QStringLiteral("version"));
        return version.isDouble() ? tr("%1 v%2").arg(name).arg(version.toInt()) : name;
    }
    case Policies:
        return policiesText(job);
    case Id:
        return job.value(kId).toString();
    default:
        return {};
    }
}

QVariant JobTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &job = m_rows.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        return displayText(job, index.column());
    case Qt::ToolTipRole:
        if (index.column() == State && !job.value(QStringLiteral("error")).toString().isEmpty())
            return job.value(QStringLiteral("error")).toString();
        if (index.column() == NextRun && job.value(QStringLiteral("plannedRunTime")).isString())
            return tr("Planned with jitter: %1").arg(job.value(QStringLiteral("plannedRunTime")).toString());
        return displayText(job, index.column());
    case Qt::ForegroundRole: {
        QColor c;
        if (index.column() == State || index.column() == NextRun)
            c = stateColor(job.value(QStringLiteral("state")).toString());
        else if (index.column() == LastRun)
            c = outcomeColor(m_lastRuns.value(job.value(kId).toString()).value(QStringLiteral("status")).toString());
        return c.isValid() ? QVariant(QBrush(c)) : QVariant();
    }
    case RowRole:
        return job;
    case IdRole:
        return job.value(kId).toString();
    case StateRole:
        return job.value(QStringLiteral("state")).toString();
    case NextRunMsRole: {
        const auto next = msField(job, QStringLiteral("nextRunTimeMs"));
        return next ? QVariant(*next) : QVariant();
    }
    case LastOutcomeRole:
        return m_lastRuns.value(job.value(kId).toString()).value(QStringLiteral("status")).toString();
    default:
        return {};
    }
}

QVariant JobTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Schedule: return tr("Schedule");
    case NextRun: return tr("Next run");
    case LastRun: return tr("Last run");
    case State: return tr("State");
    case TimeZone: return tr("Time zone");
    case Target: return tr("Workflow");
    case Policies: return tr("Misfire · coalesce · instances");
    case Id: return tr("Id");
    default: return {};
    }
}

QJsonObject JobTableModel::job(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? QJsonObject() : m_rows.at(size_t(row));
}

void JobTableModel::reindexFrom(int row)
{
    for (int r = row; r < int(m_rows.size()); ++r)
        m_index.insert(m_rows.at(size_t(r)).value(kId).toString(), r);
}

void JobTableModel::setJobs(const QJsonArray &jobs)
{
    QSet<QString> keep;
    for (const QJsonValue &v : jobs)
        keep.insert(v.toObject().value(kId).toString());
    for (int r = int(m_rows.size()) - 1; r >= 0; --r) {
        const QString id = m_rows.at(size_t(r)).value(kId).toString();
        if (keep.contains(id))
            continue;
        beginRemoveRows({}, r, r);
        m_rows.erase(m_rows.begin() + r);
        m_index.remove(id);
        m_lastRuns.remove(id);
        reindexFrom(r);
        endRemoveRows();
    }
    for (const QJsonValue &v : jobs)
        upsertJob(v.toObject());
}

void JobTableModel::upsertJob(const QJsonObject &job)
{
    const QString id = job.value(kId).toString();
    if (id.isEmpty())
        return;
    const int row = rowOf(id);
    if (row >= 0) {
        if (m_rows[size_t(row)] == job)
            return;
        m_rows[size_t(row)] = job;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.push_back(job);
    m_index.insert(id, at);
    endInsertRows();
}

void JobTableModel::removeJob(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.erase(m_rows.begin() + row);
    m_index.remove(id);
    m_lastRuns.remove(id);
    reindexFrom(row);
    endRemoveRows();
}

void JobTableModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    m_lastRuns.clear();
    endResetModel();
}

void JobTableModel::setLastRun(const QString &id, const QJsonObject &run)
{
    const int row = rowOf(id);
    if (row < 0 || m_lastRuns.value(id) == run)
        return;
    m_lastRuns.insert(id, run);
    Q_EMIT dataChanged(index(row, LastRun), index(row, LastRun));
}

void JobTableModel::refreshTimes()
{
    if (m_rows.empty())
        return;
    Q_EMIT dataChanged(index(0, NextRun), index(int(m_rows.size()) - 1, LastRun), {Qt::DisplayRole, Qt::ToolTipRole});
}

} // namespace orrery
