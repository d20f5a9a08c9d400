#include "ExecutionDetailPane.h"

#include "ConsoleWidgets.h"
#include "EngineClient.h"
#include "ExecutionActions.h"
#include "ExecutionModels.h"
#include "TaskTreeModel.h"
#include "TimeText.h"
#include "WorkflowControlActions.h"

#include <QAction>
#include <QDateTime>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTextCursor>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QHeaderView>
#include <QVBoxLayout>

namespace orrery {

namespace {

QString pretty(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
    return v.toVariant().toString();
}

// "2026-11-26 16:00:01  line" per TaskExecLog.
QString logText(const QJsonArray &logs)
{
    QStringList lines;
    for (const QJsonValue &l : logs) {
        const QJsonObject o = l.toObject();
        lines << QStringLiteral("%1  %2").arg(TimeText::local(qint64(o.value(QLatin1String("createdTime")).toDouble())),
                                              o.value(QLatin1String("log")).toString());
    }
    return lines.join(u'\n');
}

} // namespace

ExecutionDetailPane::ExecutionDetailPane(bool tasks, QWidget *parent)
    : QWidget(parent)
    , m_tasks(tasks)
    , m_title(new QLabel(this))
    , m_input(new QPlainTextEdit(this))
    , m_output(new QPlainTextEdit(this))
    , m_attempts(new TaskTableModel(this))
    , m_actionMessage(new QLabel(this))
    , m_actions(new ExecutionActions(tasks, this))
    , m_control(new WorkflowControlActions(tasks, this))
    , m_liveTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("executionDetail"));
    // Copy as curl: the detail request by default; the menu has every action's line too.
    auto *copyCurl = new QToolButton(this);
    copyCurl->setObjectName(QStringLiteral("copyCurl"));
    copyCurl->setText(tr("Copy as curl"));
    copyCurl->setPopupMode(QToolButton::MenuButtonPopup);
    auto *curlMenu = new QMenu(copyCurl);
    for (QAction *a : m_actions->actions()) {
        QAction *copy = curlMenu->addAction(tr("%1 as curl").arg(a->text().remove(QStringLiteral("…"))));
        const auto which = ExecutionActions::Action(a->data().toInt());
        connect(copy, &QAction::triggered, this, [this, which] {
            const QString line = m_actions->curlFor(which);
            ConsoleWidgets::copy(line);
        });
    }
    for (QAction *a : m_control->actions()) {
        QAction *copy = curlMenu->addAction(tr("%1 as curl").arg(a->text().remove(QStringLiteral("…"))));
        const auto which = WorkflowControlActions::Action(a->data().toInt());
        connect(copy, &QAction::triggered, this, [this, which] { ConsoleWidgets::copy(m_control->curlFor(which)); });
    }
    copyCurl->setMenu(curlMenu);
    connect(copyCurl, &QToolButton::clicked, this, [this] {
        if (m_currentId.isEmpty() || !m_client)
            return;
        if (m_remote)
            return ConsoleWidgets::copy(m_client->curlFor("GET", QStringLiteral("/api/conductor/remote/workflow/") + EngineClient::segment(m_currentId)));
        ConsoleWidgets::copy(m_tasks ? m_client->curlForTask(m_currentId) : m_client->curlForWorkflow(m_currentId));
    });
    auto *actionBar = new QToolBar(this);
    actionBar->setObjectName(QStringLiteral("executionActions"));
    actionBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    actionBar->addActions(m_actions->actions());
    actionBar->addSeparator();
    actionBar->addActions(m_control->actions());
    m_actionMessage->setObjectName(QStringLiteral("actionMessage"));
    m_actionMessage->setWordWrap(true);
    m_actionMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_actionMessage->hide();
    connect(m_actions, &ExecutionActions::started, this, [this](ExecutionActions::Action, const QString &workflowId) {
        m_actionMessage->setStyleSheet(QString());
        m_actionMessage->setText(tr("Working on workflow %1…").arg(workflowId));
        m_actionMessage->show();
    });
    connect(m_actions, &ExecutionActions::finished, this,
            [this](ExecutionActions::Action, const QString &, bool ok, const QString &message) { showActionMessage(ok, message); });
    connect(m_control, &WorkflowControlActions::started, this, [this](const QString &workflowId) {
        m_actionMessage->setStyleSheet(QString());
        m_actionMessage->setText(tr("Working on workflow %1…").arg(workflowId));
        m_actionMessage->show();
    });
    connect(m_control, &WorkflowControlActions::finished, this,
            [this](const QString &, bool ok, const QString &message) { showActionMessage(ok, message); });
    for (QPlainTextEdit *e : {m_input, m_output}) {
        e->setReadOnly(true);
        e->setFont(QFont(QStringLiteral("monospace")));
    }
    auto *attemptsTable = ConsoleWidgets::table(this, QStringLiteral("attemptsTable"), 150);
    attemptsTable->setModel(m_attempts);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_input, tr("Input"));
    tabs->addTab(m_output, tr("Output"));
    tabs->addTab(attemptsTable, tasks ? tr("Attempts") : tr("Tasks and attempts"));
    if (!tasks) {
        // The task graph: pick a task there to skip it.
        m_tree = new TaskTreeModel(this);
        auto *treeView = new QTreeView(this);
        treeView->setObjectName(QStringLiteral("taskTree"));
        treeView->setModel(m_tree);
        treeView->setUniformRowHeights(true);
        treeView->header()->setSectionResizeMode(TaskTreeModel::RefColumn, QHeaderView::Stretch);
        treeView->header()->setStretchLastSection(false);
        connect(m_tree, &QAbstractItemModel::modelReset, treeView, &QTreeView::expandAll);
        connect(treeView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                [this](const QModelIndex &current) { m_control->setSelectedTask(m_tree->taskAt(current)); });
        tabs->addTab(treeView, tr("Task graph"));
    }
    if (tasks) {
        m_logs = new QPlainTextEdit(this);
        m_logs->setObjectName(QStringLiteral("taskLogs"));
        m_logs->setReadOnly(true);
        m_logs->setFont(QFont(QStringLiteral("monospace")));
        tabs->addTab(m_logs, tr("Logs"));
        // Live logs: while the selected task is not finished, its log is fetched every 2 s.
        m_liveTimer->setInterval(2000);
        connect(m_liveTimer, &QTimer::timeout, this, &ExecutionDetailPane::refreshLogs);
    }

    auto *detailLayout = new QVBoxLayout(this);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(copyCurl);
    detailLayout->addLayout(titleRow);
    detailLayout->addWidget(actionBar);
    detailLayout->addWidget(m_actionMessage);
    detailLayout->addWidget(tabs);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
}

void ExecutionDetailPane::setClient(EngineClient *client)
{
    m_client = client;
    m_actions->setClient(client);
    m_control->setClient(client);
    if (m_tree)
        m_tree->clear();
    m_actionMessage->hide();
    m_currentId.clear();
    m_liveTimer->stop();
}

void ExecutionDetailPane::setTarget(const QJsonObject &row)
{
    m_remote = !m_tasks && EngineClient::isRemote(row);
    m_actions->setTarget(row);
    m_control->setTarget(row);
}

void ExecutionDetailPane::showActionMessage(bool ok, const QString &message)
{
    m_actionMessage->setStyleSheet(ok ? QStringLiteral("color: #2e7d32") : QStringLiteral("color: #c62828"));
    m_actionMessage->setText(message);
    m_actionMessage->show();
    if (!m_currentId.isEmpty())
        load(m_currentId);
}

void ExecutionDetailPane::refreshLogs()
{
    if (!m_client || !m_logs || m_currentId.isEmpty() || !isVisible())
        return;
    const QString id = m_currentId;
    m_client->get(QStringLiteral("/api/tasks/") + EngineClient::segment(id) + QStringLiteral("/log"), {},
                  [this, id](Result<QJsonValue> r) {
                      if (id != m_currentId || !r.ok())
                          return;
                      const QString text = logText(r->toArray());
                      if (text != m_logs->toPlainText()) {
                          m_logs->setPlainText(text);
                          m_logs->moveCursor(QTextCursor::End);
                      }
                  });
}

void ExecutionDetailPane::load(const QString &id)
{
    if (!m_client)
        return;
    m_currentId = id;
    m_title->setText(tr("Loading %1…").arg(id));
    const bool remote = m_remote;
    auto show = [this, id, remote](Result<QJsonObject> r) {
        if (id != m_currentId)
            return;
        if (!r.ok() && !remote && !m_tasks && m_client && m_client->clientMode() && r.error().kind == Error::Kind::NotFound) {
            // An id typed in that is not a local execution: in client mode, look on the server.
            m_remote = true;
            load(id);
            return;
        }
        if (!r.ok()) {
            m_title->setText(tr("%1: %2").arg(id, r.error().message));
            m_input->clear();
            m_output->clear();
            m_attempts->clear();
            if (m_tree)
                m_tree->clear();
            return;
        }
        const QJsonObject o = *r;
        const QString name = o.value(m_tasks ? QStringLiteral("taskType") : QStringLiteral("workflowName")).toString();
        QString title = QStringLiteral("<b>%1</b> %2 — %3").arg(name.toHtmlEscaped(), id.toHtmlEscaped(),
                                                                o.value(QStringLiteral("status")).toString());
        const QString reason = o.value(QStringLiteral("reasonForIncompletion")).toString();
        if (!reason.isEmpty())
            title += QStringLiteral("<br/>") + reason.toHtmlEscaped();
        if (EngineClient::isRemote(o))
            title += QStringLiteral("<br/><span style=\"color: %1\">%2</span>")
                         .arg(WorkflowTableModel::remoteColor().name(),
                              tr("Remote execution on %1 (read-only)").arg(m_client->conductorServer().toHtmlEscaped()));
        m_title->setText(title);
        m_input->setPlainText(pretty(o.value(m_tasks ? QStringLiteral("inputData") : QStringLiteral("input"))));
        m_output->setPlainText(pretty(o.value(m_tasks ? QStringLiteral("outputData") : QStringLiteral("output"))));
        QList<QJsonObject> rows;
        for (const QJsonValue &v : o.value(m_tasks ? QStringLiteral("attempts") : QStringLiteral("tasks")).toArray()) {
            QJsonObject t = v.toObject();
            if (t.value(QStringLiteral("updateTime")).isDouble())
                t.insert(QStringLiteral("updateTime"), QDateTime::fromMSecsSinceEpoch(qint64(t.value(QStringLiteral("updateTime")).toDouble()), Qt::UTC)
                                                         .toString(Qt::ISODateWithMs));
            rows.append(t);
        }
        m_attempts->applyRows(rows, true);
        m_actions->setTarget(o); // the freshest status decides what is enabled
        m_control->setTarget(o);
        if (m_tree) {
            m_tree->setWorkflow(o);
            m_control->setSelectedTask({}); // pick again in the fresh tree
        }
        if (m_logs) {
            m_logs->setPlainText(logText(o.value(QStringLiteral("logs")).toArray()));
            const QString status = o.value(QStringLiteral("status")).toString();
            const bool open = status == QLatin1String("SCHEDULED") || status == QLatin1String("IN_PROGRESS");
            if (open)
                m_liveTimer->start();
            else
                m_liveTimer->stop();
        }
        Q_EMIT loaded(id);
    };
    if (m_tasks)
        m_client->task(id, show);
    else if (remote)
        m_client->remoteWorkflow(id, show);
    else
        m_client->workflow(id, show);
}

QString ExecutionDetailPane::actionMessage() const
{
    return m_actionMessage->text();
}

QString ExecutionDetailPane::logs() const
{
    return m_logs ? m_logs->toPlainText() : QString();
}

QString ExecutionDetailPane::input() const
{
    return m_input->toPlainText();
}

QString ExecutionDetailPane::output() const
{
    return m_output->toPlainText();
}

JsonRowModel *ExecutionDetailPane::attempts() const
{
    return m_attempts;
}

} // namespace orrery
