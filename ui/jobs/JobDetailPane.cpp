#include "JobDetailPane.h"

#include "ConsoleWidgets.h"

#include "JobTableModel.h"
#include "JsonRowModel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace orrery {

namespace {

// Run records carry times in ms; the runs table shows ISO strings in local time.
QJsonObject runRow(QJsonObject run)
{
    for (const char *key : {"firedTimeMs", "endTimeMs"}) {
        const QJsonValue v = run.value(QLatin1String(key));
        if (v.isDouble())
            run.insert(QString::fromLatin1(key).chopped(2), QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble()), Qt::UTC).toString(Qt::ISODateWithMs));
    }
    if (run.value(QStringLiteral("count")).toInt() > 1)
        run.insert(QStringLiteral("reason"), JobDetailPane::tr("%1 (%2 runs, until %3)")
                                                  .arg(run.value(QStringLiteral("reason")).toString())
                                                  .arg(run.value(QStringLiteral("count")).toInt())
                                                  .arg(run.value(QStringLiteral("lastScheduledTime")).toString()));
    run.insert(QStringLiteral("kind"), run.value(QStringLiteral("manual")).toBool() ? JobDetailPane::tr("manual") : JobDetailPane::tr("scheduled"));
    return run;
}

} // namespace

JobDetailPane::JobDetailPane(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_runs(new JsonRowModel(QStringLiteral("runId"), QStringLiteral("status"),
                              {{QStringLiteral("scheduledTime"), tr("Scheduled for")},
                               {QStringLiteral("status"), tr("Outcome")},
                               {QStringLiteral("kind"), tr("Kind")},
                               {QStringLiteral("firedTime"), tr("Fired")},
                               {QStringLiteral("endTime"), tr("Ended")},
                               {QStringLiteral("workflowId"), tr("Workflow id")},
                               {QStringLiteral("reason"), tr("Reason")}},
                              this))
{
    setObjectName(QStringLiteral("jobDetailPane"));
    m_summary->setObjectName(QStringLiteral("jobDetail"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    QTableView *table = ConsoleWidgets::table(this, QStringLiteral("jobRunsTable"), 160);
    table->setModel(m_runs);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(new QLabel(tr("Recent runs (newest first)"), this));
    layout->addWidget(table, 1);
}

void JobDetailPane::showJob(const QJsonObject &job, const JobTableModel *model)
{
    const QString id = job.value(QStringLiteral("id")).toString();
    QList<QJsonObject> rows;
    for (const QJsonValue &v : job.value(QStringLiteral("recentRuns")).toArray())
        rows.append(runRow(v.toObject()));
    m_runs->applyRows(rows, true);
    const int at = model->rowOf(id);
    auto cell = [&](int column) { return model->index(at, column).data().toString().toHtmlEscaped(); };
    QString html = QStringLiteral("<b>%1</b> <span style='color:gray'>%2</span> — %3<br/>%4<br/>")
                       .arg(cell(JobTableModel::Name), cell(JobTableModel::Id), cell(JobTableModel::State),
                            cell(JobTableModel::Schedule));
    html += tr("Next run: %1 · Last run: %2").arg(cell(JobTableModel::NextRun), cell(JobTableModel::LastRun)) + QStringLiteral("<br/>");
    html += tr("Starts %1 · %2").arg(cell(JobTableModel::Target), cell(JobTableModel::Policies));
    const QString description = job.value(QStringLiteral("description")).toString();
    if (!description.isEmpty())
        html += QStringLiteral("<br/><i>%1</i>").arg(description.toHtmlEscaped());
    const QString error = job.value(QStringLiteral("error")).toString();
    if (!error.isEmpty())
        html += QStringLiteral("<br/><span style='color:#c0392b'>%1</span>").arg(error.toHtmlEscaped());
    m_summary->setText(html);
}

void JobDetailPane::showError(const QString &id, const QString &message)
{
    m_summary->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(tr("%1: %2").arg(id, message).toHtmlEscaped()));
    m_runs->clear();
}

void JobDetailPane::clear()
{
    m_summary->clear();
    m_runs->clear();
}

QString JobDetailPane::text() const
{
    return m_summary->text();
}

} // namespace orrery
