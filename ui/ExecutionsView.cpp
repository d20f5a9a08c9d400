#include "ExecutionsView.h"

#include "EngineClient.h"
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
#include <QPushButton>
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

QTableView *makeTable(QWidget *parent)
{
    auto *t = new QTableView(parent);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setSortingEnabled(true);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    // Fixed row heights keep the table virtualized: nothing measures the rows.
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultSectionSize(150);
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
    , m_text(new QLineEdit(this))
    , m_id(new QLineEdit(this))
    , m_shown(new QLabel(this))
    , m_table(makeTable(this))
    , m_detailTitle(new QLabel(this))
    , m_input(new QPlainTextEdit(this))
    , m_output(new QPlainTextEdit(this))
    , m_attempts(new TaskTableModel(this))
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
    filters->addWidget(m_text, 1);
    filters->addWidget(m_id, 1);
    filters->addWidget(m_shown);

    auto *copyCurl = new QPushButton(tr("Copy as curl"), this);
    copyCurl->setObjectName(QStringLiteral("copyCurl"));
    connect(copyCurl, &QPushButton::clicked, this, [this] {
        if (m_currentId.isEmpty() || !m_client)
            return;
        QApplication::clipboard()->setText(m_kind == Kind::Workflows ? m_client->curlForWorkflow(m_currentId)
                                                                     : m_client->curlForTask(m_currentId));
    });
    for (QPlainTextEdit *e : {m_input, m_output}) {
        e->setReadOnly(true);
        e->setFont(QFont(QStringLiteral("monospace")));
    }
    auto *attemptsTable = makeTable(this);
    attemptsTable->setSortingEnabled(false);
    attemptsTable->setModel(m_attempts);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_input, tr("Input"));
    tabs->addTab(m_output, tr("Output"));
    tabs->addTab(attemptsTable, kind == Kind::Workflows ? tr("Tasks and attempts") : tr("Attempts"));

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_detailTitle, 1);
    titleRow->addWidget(copyCurl);
    detailLayout->addLayout(titleRow);
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
    connect(m_text, &QLineEdit::textChanged, this, &ExecutionsView::applyFilters);
    connect(m_id, &QLineEdit::textChanged, this, &ExecutionsView::applyFilters);
    connect(m_id, &QLineEdit::returnPressed, this, [this] { showId(m_id->text().trimmed()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            loadDetail(current.data(JsonRowModel::IdRole).toString());
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { refreshTypes(first, last); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { refreshTypes(0, m_model->rowCount() - 1); });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ExecutionsView::updateShown);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ExecutionsView::updateShown);
    applyFilters();
}

void ExecutionsView::refreshTypes(int first, int last)
{
    QSet<QString> types;
    for (int r = first; r <= last; ++r)
        types.insert(m_model->index(r, 0).data(JsonRowModel::TypeRole).toString());
    types.remove(QString());
    for (int i = 1; i < m_type->count(); ++i)
        types.remove(m_type->itemText(i));
    QStringList fresh(types.begin(), types.end());
    fresh.sort();
    for (const QString &t : fresh)
        m_type->addItem(t, t);
}

void ExecutionsView::applyFilters()
{
    const QString status = m_status->currentData().toString();
    m_proxy->setStatuses(status.isEmpty() ? QSet<QString>{} : QSet<QString>{status});
    m_proxy->setType(m_type->currentData().toString());
    m_proxy->setText(m_text->text());
    m_proxy->setIdPrefix(m_id->text());
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
    if (proxied.isValid()) {
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
        Q_EMIT detailLoaded(id);
    };
    if (m_kind == Kind::Workflows)
        m_client->workflow(id, show);
    else
        m_client->task(id, show);
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
