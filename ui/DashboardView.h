#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QGridLayout;
class QLineSeries;
class QChartView;
class QValueAxis;

namespace orrery {

class JsonRowModel;
class ThroughputSeries;

// Counts by state (workflows and tasks) and tasks completed / failed per second over the last
// 15 minutes at 1 s resolution (Qt Charts). Refreshes once a second; refresh() forces it.
class DashboardView : public QWidget
{
    Q_OBJECT

public:
    DashboardView(JsonRowModel *workflows, JsonRowModel *tasks, ThroughputSeries *series, QWidget *parent = nullptr);

    void refresh();
    // Exposed for tests: "RUNNING" -> count label text.
    QString countText(const QString &kind, const QString &status) const;

private:
    void refreshCounts(JsonRowModel *model, const QString &kind, const QStringList &statuses, int row);

    JsonRowModel *m_workflows;
    JsonRowModel *m_tasks;
    ThroughputSeries *m_series;
    QGridLayout *m_counts;
    QHash<QString, QLabel *> m_countLabels;
    QLineSeries *m_completed;
    QLineSeries *m_failed;
    QValueAxis *m_yAxis;
    QChartView *m_chartView;
    QLabel *m_totals;
    QTimer m_timer;
};

} // namespace orrery
