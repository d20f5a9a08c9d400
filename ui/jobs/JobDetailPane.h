#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;

namespace orrery {

class JobTableModel;
class JsonRowModel;

// The detail of one scheduled job under the Jobs table: its name, id, state, trigger in words,
// next and last run, target and policies, description or load error, and its recent runs
// (newest first: scheduled time, outcome, manual or scheduled, fired/ended, workflow, reason).
class JobDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit JobDetailPane(QWidget *parent = nullptr);

    // `job`: the answer of GET /api/scheduler/jobs/{id}?runs=N; the summary line texts come from
    // `model` (which already holds the job), so table and detail read the same.
    void showJob(const QJsonObject &job, const JobTableModel *model);
    void showError(const QString &id, const QString &message);
    void clear();
    QString text() const;
    JsonRowModel *runs() const { return m_runs; }

private:
    QLabel *m_summary;
    JsonRowModel *m_runs;
};

} // namespace orrery
