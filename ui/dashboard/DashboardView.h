#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QGridLayout;
class QLineSeries;
class QChartView;
class QValueAxis;

namespace orrery {

class Clock;
class EngineClient;
class JsonRowModel;
class OperatingFiguresPanel;
class ThroughputSeries;
struct DeltaBatch;

// Counts by state (workflows and tasks), tasks completed / failed per second over the last
// 15 minutes at 1 s resolution (Qt Charts), and the operating figures with their targets and the
// live tiles (OperatingFiguresPanel). Refreshes once a second; refresh() forces it.
class DashboardView : public QWidget
{
    Q_OBJECT

public:
    DashboardView(Clock *clock, JsonRowModel *workflows, JsonRowModel *tasks, ThroughputSeries *series,
                  QWidget *parent = nullptr);

    void setClient(EngineClient *client);
    void applyBatch(const DeltaBatch &batch);
    void refresh();
    OperatingFiguresPanel *figures() const { return m_figures; }
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
    OperatingFiguresPanel *m_figures;
    QTimer m_timer;
};

} // namespace orrery
