#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <vector>

namespace orrery {

class Clock;

// The scheduler's jobs (rows of GET /api/scheduler/jobs), keyed by "id". setJobs() reconciles a
// full list with the rows held (removed rows go, changed rows are signalled, new rows appended),
// so a reload keeps the selection. Times are shown in local time with a relative part ("in 42 s")
// computed from the injected clock; refreshTimes() re-signals those columns.
class JobTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Schedule, NextRun, LastRun, State, TimeZone, Target, Policies, Id, ColumnCount };
    enum Roles { RowRole = Qt::UserRole + 1, IdRole, StateRole, NextRunMsRole, LastOutcomeRole };

    explicit JobTableModel(const Clock *clock, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the list: rows not in `jobs` are removed, the others merged or appended.
    void setJobs(const QJsonArray &jobs);
    // Updates one job (the answer of a pause/resume/PUT); appends it when unknown.
    void upsertJob(const QJsonObject &job);
    void removeJob(const QString &id);
    void clear();
    // The outcome of the job's newest run (a run record of GET /api/scheduler/jobs/{id}).
    void setLastRun(const QString &id, const QJsonObject &run);
    QJsonObject lastRun(const QString &id) const { return m_lastRuns.value(id); }
    void refreshTimes();

    int rowOf(const QString &id) const { return m_index.value(id, -1); }
    QJsonObject job(int row) const { return m_rows.at(size_t(row)); }
    QJsonObject job(const QString &id) const;

    // "2026-11-26 18:00:00 (in 42 s)": local time plus the distance from now.
    static QString whenText(qint64 ms, qint64 nowMs);
    // "42 s", "3 min 5 s", "2 h 5 min", "5 d 2 h".
    static QString durationText(qint64 ms);
    // "in 42 s", "3 min ago", "in 2 h 5 min", "5 d ago".
    static QString relativeText(qint64 deltaMs);
    // The trigger in words when the server gave none ("Every 60 s", "Once at …").
    static QString triggerText(const QJsonObject &job);
    static QString policiesText(const QJsonObject &job);

private:
    QString displayText(const QJsonObject &job, int column) const;
    void reindexFrom(int row);

    const Clock *m_clock;
    std::vector<QJsonObject> m_rows;
    QHash<QString, int> m_index;
    QHash<QString, QJsonObject> m_lastRuns;
};

} // namespace orrery
