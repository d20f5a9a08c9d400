#include "DashboardView.h"

#include "JsonRowModel.h"
#include "OperatingFiguresPanel.h"
#include "ThroughputSeries.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineSeries>
#include <QScrollArea>
#include <QValueAxis>
#include <QVBoxLayout>

namespace orrery {

namespace {
const QStringList kWorkflowStates = {QStringLiteral("RUNNING"), QStringLiteral("PAUSED"), QStringLiteral("COMPLETED"),
                                     QStringLiteral("FAILED"), QStringLiteral("TIMED_OUT"), QStringLiteral("TERMINATED")};
const QStringList kTaskStates = {QStringLiteral("SCHEDULED"), QStringLiteral("IN_PROGRESS"), QStringLiteral("COMPLETED"),
                                 QStringLiteral("FAILED"), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"),
                                 QStringLiteral("TIMED_OUT"), QStringLiteral("CANCELED")};
} // namespace

DashboardView::DashboardView(Clock *clock, JsonRowModel *workflows, JsonRowModel *tasks, ThroughputSeries *series,
                             QWidget *parent)
    : QWidget(parent)
    , m_workflows(workflows)
    , m_tasks(tasks)
    , m_series(series)
    , m_counts(new QGridLayout)
    , m_completed(new QLineSeries(this))
    , m_failed(new QLineSeries(this))
    , m_yAxis(new QValueAxis(this))
    , m_chartView(new QChartView(this))
    , m_totals(new QLabel(this))
    , m_figures(new OperatingFiguresPanel(clock, this))
{
    setObjectName(QStringLiteral("dashboardView"));
    auto *countsBox = new QGroupBox(tr("Counts by state (rows loaded in the console)"), this);
    countsBox->setLayout(m_counts);
    m_counts->addWidget(new QLabel(tr("Workflows"), countsBox), 0, 0);
    m_counts->addWidget(new QLabel(tr("Tasks"), countsBox), 2, 0);
    auto addLabels = [&](const QString &kind, const QStringList &states, int row) {
        for (int i = 0; i < states.size(); ++i) {
            auto *l = new QLabel(countsBox);
            l->setTextFormat(Qt::RichText);
            m_countLabels.insert(kind + u'/' + states.at(i), l);
            m_counts->addWidget(l, row + i / 4, 1 + i % 4);
        }
    };
    addLabels(QStringLiteral("workflow"), kWorkflowStates, 0);
    addLabels(QStringLiteral("task"), kTaskStates, 2);

    m_completed->setName(tr("Completed / s"));
    m_failed->setName(tr("Failed / s"));
    auto *chart = new QChart;
    chart->setTitle(tr("Tasks per second, last 15 minutes"));
    chart->addSeries(m_completed);
    chart->addSeries(m_failed);
    auto *xAxis = new QValueAxis(chart);
    xAxis->setRange(-m_series->seconds(), 0);
    xAxis->setTitleText(tr("seconds ago"));
    xAxis->setLabelFormat(QStringLiteral("%d"));
    m_yAxis->setRange(0, 10);
    m_yAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(m_yAxis, Qt::AlignLeft);
    for (QLineSeries *s : {m_completed, m_failed}) {
        s->attachAxis(xAxis);
        s->attachAxis(m_yAxis);
    }
    m_chartView->setChart(chart);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(260);

    // Everything scrolls as one page, so the window can be smaller than the dashboard.
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(countsBox);
    layout->addWidget(m_totals);
    layout->addWidget(m_chartView, 1);
    layout->addWidget(m_figures);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &DashboardView::refresh);
    m_timer.start();
    refresh();
}

void DashboardView::setClient(EngineClient *client)
{
    m_figures->setClient(client);
}

void DashboardView::applyBatch(const DeltaBatch &batch)
{
    m_figures->applyBatch(batch);
}

void DashboardView::refreshCounts(JsonRowModel *model, const QString &kind, const QStringList &statuses, int)
{
    const QHash<QString, int> &counts = model->statusCounts();
    for (const QString &s : statuses)
        m_countLabels.value(kind + u'/' + s)->setText(QStringLiteral("%1: <b>%2</b>").arg(s).arg(counts.value(s)));
}

QString DashboardView::countText(const QString &kind, const QString &status) const
{
    QLabel *l = m_countLabels.value(kind + u'/' + status);
    return l ? l->text() : QString();
}

void DashboardView::refresh()
{
    refreshCounts(m_workflows, QStringLiteral("workflow"), kWorkflowStates, 0);
    refreshCounts(m_tasks, QStringLiteral("task"), kTaskStates, 2);
    const std::vector<int> done = m_series->completedPerSecond();
    const std::vector<int> failed = m_series->failedPerSecond();
    QList<QPointF> donePoints, failedPoints;
    donePoints.reserve(qsizetype(done.size()));
    failedPoints.reserve(qsizetype(failed.size()));
    int peak = 0;
    qint64 doneTotal = 0, failedTotal = 0;
    const int n = int(done.size());
    for (int i = 0; i < n; ++i) {
        const qreal x = i - (n - 1);
        donePoints.append(QPointF(x, done[size_t(i)]));
        failedPoints.append(QPointF(x, failed[size_t(i)]));
        peak = std::max({peak, done[size_t(i)], failed[size_t(i)]});
        doneTotal += done[size_t(i)];
        failedTotal += failed[size_t(i)];
    }
    m_completed->replace(donePoints);
    m_failed->replace(failedPoints);
    m_yAxis->setRange(0, std::max(10, int(peak * 1.2) + 1));
    m_totals->setText(tr("Last 15 minutes: %1 tasks completed, %2 failed; last second: %3 completed, %4 failed.")
                          .arg(doneTotal).arg(failedTotal).arg(done.empty() ? 0 : done.back()).arg(failed.empty() ? 0 : failed.back()));
}

} // namespace orrery
