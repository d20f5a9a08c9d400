#include "DlqDetailPane.h"

#include "ConsoleWidgets.h"
#include "TimeText.h"

#include "DlqDetailModels.h"
#include "EngineClient.h"
#include "core/Clock.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <iterator>

namespace orrery {

namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent, const QString &name)
{
    QTableView *t = ConsoleWidgets::table(parent, name, 140);
    t->setSelectionMode(QAbstractItemView::ExtendedSelection);
    t->setModel(model);
    return t;
}


} // namespace

DlqDetailPane::DlqDetailPane(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_attempts(new DlqAttemptModel(this))
    , m_replays(new DlqReplayModel(this))
    , m_input(new QPlainTextEdit(this))
    , m_task(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("dlqDetail"));
    m_title->setObjectName(QStringLiteral("dlqDetailTitle"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->setObjectName(QStringLiteral("dlqDetailTabs"));
    for (QPlainTextEdit *e : {m_input, m_task}) {
        e->setReadOnly(true);
        e->setFont(QFont(QStringLiteral("monospace")));
    }
    auto *attemptsTable = makeTable(m_attempts, this, QStringLiteral("dlqAttemptsTable"));
    attemptsTable->setObjectName(QStringLiteral("dlqAttempts"));
    // attempt, status, worker, scheduled, started, ended, duration, code, error (task id last)
    const int widths[] = {60, 80, 110, 140, 140, 140, 80, 130, 360};
    for (int c = 0; c < int(std::size(widths)); ++c)
        attemptsTable->setColumnWidth(c, widths[c]);
    auto *replaysTable = makeTable(m_replays, this, QStringLiteral("dlqReplaysTable"));
    replaysTable->setObjectName(QStringLiteral("dlqReplays"));
    m_tabs->addTab(attemptsTable, tr("Attempts"));
    m_tabs->addTab(replaysTable, tr("Replays"));
    m_tabs->addTab(m_input, tr("Input"));
    m_tabs->addTab(m_task, tr("Last attempt"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_tabs, 1);
    clear();
}

QString DlqDetailPane::title() const
{
    return m_title->text();
}

void DlqDetailPane::clear()
{
    ++m_generation;
    m_id.clear();
    m_entry = {};
    m_title->setText(tr("Select an entry to see its attempts and replays."));
    m_attempts->clear();
    m_replays->clear();
    m_input->clear();
    m_task->clear();
}

QString DlqDetailPane::age(qint64 ms) const
{
    if (!m_clock || ms <= 0)
        return TimeText::local(ms);
    return QStringLiteral("%1 (%2)").arg(TimeText::local(ms), TimeText::relative(ms, m_clock->nowMs()));
}

void DlqDetailPane::load(const QString &id)
{
    if (!m_client || id.isEmpty())
        return clear();
    const quint64 generation = ++m_generation;
    m_id = id;
    m_title->setText(tr("Loading %1…").arg(id));
    QPointer<DlqDetailPane> self(this); // the pane may be gone when the answer arrives
    m_client->get(QStringLiteral("/api/dlq/") + EngineClient::segment(id), {}, [this, self, generation, id](Result<QJsonValue> r) {
        if (!self || generation != m_generation)
            return;
        if (!r.ok()) {
            m_title->setText(QStringLiteral("<span style=\"color:#c0392b\">%1</span>")
                                 .arg(tr("Cannot load DLQ entry %1: %2").arg(id, r.error().message).toHtmlEscaped()));
            m_attempts->clear();
            m_replays->clear();
            return;
        }
        showEntry(r->toObject());
        Q_EMIT loaded(id);
    });
}

void DlqDetailPane::showEntry(const QJsonObject &e)
{
    m_entry = e;
    m_id = e.value(QStringLiteral("id")).toString();
    const auto s = [&e](const char *f) { return e.value(QLatin1String(f)).toString().toHtmlEscaped(); };
    const auto ms = [&e](const char *f) { return qint64(e.value(QLatin1String(f)).toDouble()); };
    QString t = tr("<b>%1</b> (%2) in workflow %3 <tt>%4</tt> — <b>%5</b>")
                    .arg(s("taskType"), s("referenceTaskName"), s("workflowType"), s("workflowId"), s("status"));
    t += QStringLiteral("<br/>") + tr("%1: %2").arg(s("reasonClass"), s("message"));
    t += QStringLiteral("<br/>") + tr("Dead %1×, first failure %2, last failure %3. Entry <tt>%4</tt>.")
                                    .arg(e.value(QStringLiteral("deadCount")).toInt())
                                    .arg(age(ms("firstFailureTime")), age(ms("lastFailureTime")), s("id"));
    m_title->setText(t);
    QList<QJsonObject> attempts;
    for (const QJsonValue &v : e.value(QStringLiteral("attempts")).toArray())
        attempts << DlqAttemptModel::fromAttempt(v.toObject());
    m_attempts->applyRows(attempts, true);
    QList<QJsonObject> replays;
    const QJsonArray rs = e.value(QStringLiteral("replays")).toArray();
    for (int i = 0; i < rs.size(); ++i)
        replays << DlqReplayModel::fromReplay(rs.at(i).toObject(), i + 1);
    m_replays->applyRows(replays, true);
    m_tabs->setTabText(1, tr("Replays (%1)").arg(replays.size()));
    m_input->setPlainText(QString::fromUtf8(QJsonDocument(e.value(QStringLiteral("input")).toObject()).toJson(QJsonDocument::Indented)));
    m_task->setPlainText(QString::fromUtf8(QJsonDocument(e.value(QStringLiteral("task")).toObject()).toJson(QJsonDocument::Indented)));
}

} // namespace orrery
