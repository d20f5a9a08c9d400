#include "ExecutionsView.h"

#include "ConsoleWidgets.h"
#include "EngineClient.h"
#include "ExecutionActions.h"
#include "ExecutionModels.h"
#include "RowFilterProxy.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QMenu>
#include <QTextCursor>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace orrery {

namespace {

QStringList statusesFor(ExecutionsView::Kind kind)
{
    if (kind == ExecutionsView::Kind::Workflows)
        return {QStringLiteral("RUNNING"), QStringLiteral("PAUSED"), QStringLiteral("COMPLETED"), QStringLiteral("FAILED"),
                QStringLiteral("TIMED_OUT"), QStringLiteral("TERMINATED")};
    return {QStringLiteral("SCHEDULED"), QStringLiteral("IN_PROGRESS"), QStringLiteral("COMPLETED"), QStringLiteral("FAILED"),
            QStringLiteral("FAILED_WITH_TERMINAL_ERROR"), QStringLiteral("TIMED_OUT"), QStringLiteral("CANCELED")};
}

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
        lines << QStringLiteral("%1  %2").arg(QDateTime::fromMSecsSinceEpoch(qint64(o.value(QLatin1String("createdTime")).toDouble()))
                                                  .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                              o.value(QLatin1String("log")).toString());
    }
    return lines.join(u'\n');
}

QTableView *makeTable(QWidget *parent, const QString &name)
{
    QTableView *t = ConsoleWidgets::table(parent, name, 150);
    t->setSortingEnabled(true);
    return t;
}

} // namespace

ExecutionsView::ExecutionsView(Kind kind, JsonRowModel *model, EngineClient *client, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_model(model)
    , m_client(client)
    , m_proxy(new RowFilterProxy(this))
    , m_status(new QComboBox(this))
    , m_type(new QComboBox(this))
    , m_project(new QComboBox(this))
    , m_time(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_id(new QLineEdit(this))
    , m_shown(new QLabel(this))
    , m_table(makeTable(this, QStringLiteral("executionsTable")))
    , m_detailTitle(new QLabel(this))
    , m_input(new QPlainTextEdit(this))
    , m_output(new QPlainTextEdit(this))
    , m_attempts(new TaskTableModel(this))
    , m_actionMessage(new QLabel(this))
    , m_actions(new ExecutionActions(kind == Kind::Tasks, this))
    , m_liveTimer(new QTimer(this))
{
    setObjectName(kind == Kind::Workflows ? QStringLiteral("workflowsView") : QStringLiteral("tasksView"));
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_type->setObjectName(QStringLiteral("typeFilter"));
    m_text->setObjectName(QStringLiteral("textFilter"));
    m_id->setObjectName(QStringLiteral("idSearch"));
    m_status->addItem(tr("All statuses"));
    for (const QString &s : statusesFor(kind))
        m_status->addItem(s, s);
    m_type->addItem(tr("All types"));
    m_project->setObjectName(QStringLiteral("projectFilter"));
    m_project->addItem(tr("All projects"));
    m_time->setObjectName(QStringLiteral("timeFilter"));
    m_time->addItem(tr("Any time"), 0);
    m_time->addItem(tr("Updated in the last 15 min"), 15 * 60);
    m_time->addItem(tr("Updated in the last hour"), 3600);
    m_time->addItem(tr("Updated in the last 24 h"), 24 * 3600);
    m_text->setPlaceholderText(tr("Text…"));
    m_id->setPlaceholderText(kind == Kind::Workflows ? tr("Workflow id…") : tr("Task id…"));
    m_text->setClearButtonEnabled(true);
    m_id->setClearButtonEnabled(true);

    m_proxy->setSourceModel(m_model);
    m_table->setModel(m_proxy);
    m_table->sortByColumn(-1, Qt::AscendingOrder);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_status);
    filters->addWidget(m_type);
    filters->addWidget(m_project);
    filters->addWidget(m_time);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_id, 1);
    filters->addWidget(m_shown);

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
            if (!line.isEmpty())
                QApplication::clipboard()->setText(line);
        });
    }
    copyCurl->setMenu(curlMenu);
    connect(copyCurl, &QToolButton::clicked, this, [this] {
        if (m_currentId.isEmpty() || !m_client)
            return;
        QApplication::clipboard()->setText(m_kind == Kind::Workflows ? m_client->curlForWorkflow(m_currentId)
                                                                     : m_client->curlForTask(m_currentId));
    });
    auto *actionBar = new QToolBar(this);
    actionBar->setObjectName(QStringLiteral("executionActions"));
    actionBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    actionBar->addActions(m_actions->actions());
    addActions(m_actions->actions()); // shortcuts while the view has focus
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
            [this](ExecutionActions::Action, const QString &, bool ok, const QString &message) {
                m_actionMessage->setStyleSheet(ok ? QStringLiteral("color: #2e7d32") : QStringLiteral("color: #c62828"));
                m_actionMessage->setText(message);
                m_actionMessage->show();
                if (!m_currentId.isEmpty())
                    loadDetail(m_currentId);
            });
    for (QPlainTextEdit *e : {m_input, m_output}) {
        e->setReadOnly(true);
        e->setFont(QFont(QStringLiteral("monospace")));
    }
    auto *attemptsTable = makeTable(this, QStringLiteral("attemptsTable"));
    attemptsTable->setSortingEnabled(false);
    attemptsTable->setModel(m_attempts);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_input, tr("Input"));
    tabs->addTab(m_output, tr("Output"));
    tabs->addTab(attemptsTable, kind == Kind::Workflows ? tr("Tasks and attempts") : tr("Attempts"));
    if (kind == Kind::Tasks) {
        m_logs = new QPlainTextEdit(this);
        m_logs->setObjectName(QStringLiteral("taskLogs"));
        m_logs->setReadOnly(true);
        m_logs->setFont(QFont(QStringLiteral("monospace")));
        tabs->addTab(m_logs, tr("Logs"));
        // Live logs: while the selected task is not finished, its log is fetched every 2 s.
        m_liveTimer->setInterval(2000);
        connect(m_liveTimer, &QTimer::timeout, this, &ExecutionsView::refreshLogs);
    }

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_detailTitle, 1);
    titleRow->addWidget(copyCurl);
    detailLayout->addLayout(titleRow);
    detailLayout->addWidget(actionBar);
    detailLayout->addWidget(m_actionMessage);
    detailLayout->addWidget(tabs);
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailTitle->setWordWrap(true);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(split, 1);

    connect(m_status, &QComboBox::currentIndexChanged, this, &ExecutionsView::applyFilters);
    connect(m_type, &QComboBox::currentIndexChanged, this, &ExecutionsView::applyFilters);
    connect(m_project, &QComboBox::currentIndexChanged, this, &ExecutionsView::applyFilters);
    connect(m_time, &QComboBox::currentIndexChanged, this, &ExecutionsView::applyFilters);
    // "Last 15 min" moves with the clock: the bound is renewed every 30 s while a time filter is set.
    auto *timeTick = new QTimer(this);
    timeTick->setInterval(30000);
    connect(timeTick, &QTimer::timeout, this, &ExecutionsView::applyTimeFilter);
    timeTick->start();
    connect(m_text, &QLineEdit::textChanged, this, &ExecutionsView::applyFilters);
    connect(m_id, &QLineEdit::textChanged, this, &ExecutionsView::applyFilters);
    connect(m_id, &QLineEdit::returnPressed, this, [this] { showId(m_id->text().trimmed()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid()) {
            m_actions->setTarget(current.data(JsonRowModel::RowRole).toJsonObject());
            loadDetail(current.data(JsonRowModel::IdRole).toString());
        }
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { refreshTypes(first, last); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { refreshTypes(0, m_model->rowCount() - 1); });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ExecutionsView::updateShown);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ExecutionsView::updateShown);
    // A live status change of the selected row re-decides which actions are enabled.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid() && current.row() >= topLeft.row() && current.row() <= bottomRight.row()
            && current.data(JsonRowModel::IdRole).toString() == m_currentId)
            m_actions->setTarget(current.data(JsonRowModel::RowRole).toJsonObject());
    });
    applyFilters();
}

void ExecutionsView::refreshTypes(int first, int last)
{
    QSet<QString> types;
    QSet<QString> projects;
    for (int r = first; r <= last; ++r) {
        const QModelIndex i = m_model->index(r, 0);
        types.insert(i.data(JsonRowModel::TypeRole).toString());
        projects.insert(i.data(JsonRowModel::RowRole).toJsonObject().value(QLatin1String("projectId")).toString());
    }
    for (auto [combo, fresh] : {std::pair{m_type, &types}, std::pair{m_project, &projects}}) {
        fresh->remove(QString());
        for (int i = 1; i < combo->count(); ++i)
            fresh->remove(combo->itemText(i));
        QStringList sorted(fresh->begin(), fresh->end());
        sorted.sort();
        for (const QString &t : sorted)
            combo->addItem(t, t);
    }
}

void ExecutionsView::applyTimeFilter()
{
    const int seconds = m_time->currentData().toInt();
    m_proxy->setUpdatedSince(seconds > 0 ? QDateTime::currentMSecsSinceEpoch() - qint64(seconds) * 1000 : 0);
}

void ExecutionsView::setClient(EngineClient *client)
{
    m_client = client;
    m_actions->setClient(client);
    m_actionMessage->hide();
    m_currentId.clear();
    m_liveTimer->stop();
}

void ExecutionsView::refreshLogs()
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

void ExecutionsView::applyFilters()
{
    const QString status = m_status->currentData().toString();
    m_proxy->setStatuses(status.isEmpty() ? QSet<QString>{} : QSet<QString>{status});
    m_proxy->setType(m_type->currentData().toString());
    m_proxy->setText(m_text->text());
    m_proxy->setIdPrefix(m_id->text());
    m_proxy->setProject(m_project->currentData().toString());
    applyTimeFilter();
    updateShown();
}

void ExecutionsView::updateShown()
{
    m_shown->setText(tr("%1 of %2 shown").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
}

bool ExecutionsView::showId(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0) {
        // Not loaded in the table: ask the engine directly.
        if (!id.isEmpty())
            loadDetail(id);
        return false;
    }
    const QModelIndex proxied = m_proxy->mapFromSource(m_model->index(row, 0));
    if (proxied.isValid() && proxied.row() == m_table->currentIndex().row()) {
        loadDetail(id); // already selected: show it again, fresh
    } else if (proxied.isValid()) {
        m_table->setCurrentIndex(proxied);
        m_table->scrollTo(proxied);
    } else {
        loadDetail(id);
    }
    return true;
}

void ExecutionsView::loadDetail(const QString &id)
{
    if (!m_client)
        return;
    m_currentId = id;
    m_detailTitle->setText(tr("Loading %1…").arg(id));
    auto show = [this, id](Result<QJsonObject> r) {
        if (id != m_currentId)
            return;
        if (!r.ok()) {
            m_detailTitle->setText(tr("%1: %2").arg(id, r.error().message));
            m_input->clear();
            m_output->clear();
            m_attempts->clear();
            return;
        }
        const QJsonObject o = *r;
        const QString name = m_kind == Kind::Workflows ? o.value(QStringLiteral("workflowName")).toString()
                                                       : o.value(QStringLiteral("taskType")).toString();
        QString title = QStringLiteral("<b>%1</b> %2 — %3").arg(name.toHtmlEscaped(), id.toHtmlEscaped(),
                                                                o.value(QStringLiteral("status")).toString());
        const QString reason = o.value(QStringLiteral("reasonForIncompletion")).toString();
        if (!reason.isEmpty())
            title += QStringLiteral("<br/>") + reason.toHtmlEscaped();
        m_detailTitle->setText(title);
        m_input->setPlainText(pretty(o.value(m_kind == Kind::Workflows ? QStringLiteral("input") : QStringLiteral("inputData"))));
        m_output->setPlainText(pretty(o.value(m_kind == Kind::Workflows ? QStringLiteral("output") : QStringLiteral("outputData"))));
        QList<QJsonObject> rows;
        for (const QJsonValue &v : o.value(m_kind == Kind::Workflows ? QStringLiteral("tasks") : QStringLiteral("attempts")).toArray()) {
            QJsonObject t = v.toObject();
            if (t.value(QStringLiteral("updateTime")).isDouble())
                t.insert(QStringLiteral("updateTime"), QDateTime::fromMSecsSinceEpoch(qint64(t.value(QStringLiteral("updateTime")).toDouble()), Qt::UTC)
                                                         .toString(Qt::ISODateWithMs));
            rows.append(t);
        }
        m_attempts->applyRows(rows, true);
        m_actions->setTarget(o); // the freshest status decides what is enabled
        if (m_logs) {
            m_logs->setPlainText(logText(o.value(QStringLiteral("logs")).toArray()));
            const QString status = o.value(QStringLiteral("status")).toString();
            const bool open = status == QLatin1String("SCHEDULED") || status == QLatin1String("IN_PROGRESS");
            if (open)
                m_liveTimer->start();
            else
                m_liveTimer->stop();
        }
        Q_EMIT detailLoaded(id);
    };
    if (m_kind == Kind::Workflows)
        m_client->workflow(id, show);
    else
        m_client->task(id, show);
}

QString ExecutionsView::actionMessage() const
{
    return m_actionMessage->isVisible() || !m_actionMessage->text().isEmpty() ? m_actionMessage->text() : QString();
}

QString ExecutionsView::detailLogs() const
{
    return m_logs ? m_logs->toPlainText() : QString();
}

QString ExecutionsView::detailInput() const
{
    return m_input->toPlainText();
}

QString ExecutionsView::detailOutput() const
{
    return m_output->toPlainText();
}

JsonRowModel *ExecutionsView::attempts() const
{
    return m_attempts;
}

} // namespace orrery
