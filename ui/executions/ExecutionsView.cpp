#include "ExecutionsView.h"

#include "BulkWorkflowActions.h"
#include "ConsoleWidgets.h"
#include "EngineClient.h"
#include "ExecutionActions.h"
#include "ExecutionDetailPane.h"
#include "ExecutionModels.h"
#include "RowFilterProxy.h"
#include "WorkflowControlActions.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QTimer>
#include <QSplitter>
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
    , m_detail(new ExecutionDetailPane(kind == Kind::Tasks, this))
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
    if (kind == Kind::Workflows) {
        // Bulk actions on the selected rows (Ctrl/Shift-click selects several).
        m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
        m_bulk = new BulkWorkflowActions(this);
        auto *bulkButton = new QToolButton(this);
        bulkButton->setObjectName(QStringLiteral("bulkActions"));
        bulkButton->setText(tr("Selected"));
        bulkButton->setPopupMode(QToolButton::InstantPopup);
        auto *bulkMenu = new QMenu(bulkButton);
        bulkMenu->addActions(m_bulk->actions());
        bulkButton->setMenu(bulkMenu);
        filters->addWidget(bulkButton);
        connect(m_bulk, &BulkWorkflowActions::finished, m_detail, &ExecutionDetailPane::showActionMessage);
        connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ExecutionsView::updateBulkSelection);
    }

    addActions(m_detail->actions()->actions()); // action shortcuts while the view has focus
    addActions(m_detail->controlActions()->actions());
    connect(m_detail, &ExecutionDetailPane::loaded, this, &ExecutionsView::detailLoaded);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
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
            m_detail->setTarget(current.data(JsonRowModel::RowRole).toJsonObject());
            m_detail->load(current.data(JsonRowModel::IdRole).toString());
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
            && current.data(JsonRowModel::IdRole).toString() == m_detail->currentId())
            m_detail->setTarget(current.data(JsonRowModel::RowRole).toJsonObject());
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
    m_detail->setClient(client);
    if (m_bulk) {
        m_bulk->setClient(client);
        updateBulkSelection();
    }
}

void ExecutionsView::updateBulkSelection()
{
    if (!m_bulk)
        return;
    QStringList ids;
    int remote = 0;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows()) {
        ids.append(i.data(JsonRowModel::IdRole).toString());
        remote += EngineClient::isRemote(i.data(JsonRowModel::RowRole).toJsonObject());
    }
    m_bulk->setSelection(ids, remote);
}

WorkflowControlActions *ExecutionsView::controlActions() const
{
    return m_detail->controlActions();
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
        // Not loaded in the table: ask the engine directly (in client mode, then the server).
        if (!id.isEmpty()) {
            m_detail->setTarget({});
            m_detail->load(id);
        }
        return false;
    }
    const QModelIndex proxied = m_proxy->mapFromSource(m_model->index(row, 0));
    if (proxied.isValid() && proxied.row() == m_table->currentIndex().row()) {
        m_detail->load(id); // already selected: show it again, fresh
    } else if (proxied.isValid()) {
        m_table->setCurrentIndex(proxied);
        m_table->scrollTo(proxied);
    } else {
        m_detail->setTarget(m_model->rowObject(row));
        m_detail->load(id);
    }
    return true;
}

ExecutionActions *ExecutionsView::actions() const
{
    return m_detail->actions();
}

QString ExecutionsView::actionMessage() const
{
    return m_detail->actionMessage();
}

QString ExecutionsView::detailLogs() const
{
    return m_detail->logs();
}

QString ExecutionsView::detailInput() const
{
    return m_detail->input();
}

QString ExecutionsView::detailOutput() const
{
    return m_detail->output();
}

JsonRowModel *ExecutionsView::attempts() const
{
    return m_detail->attempts();
}

} // namespace orrery
