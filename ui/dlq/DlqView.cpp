#include "DlqView.h"

#include "ConsoleWidgets.h"
#include "DeltaBatch.h"
#include "DlqDetailPane.h"
#include "DlqFilterBar.h"
#include "DlqModel.h"
#include "DlqReportDialog.h"
#include "EngineClient.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <utility>

namespace orrery {

namespace {

constexpr int kPageSize = 1000;
constexpr int kReloadDebounceMs = 500;

} // namespace

DlqView::DlqView(QWidget *parent)
    : QWidget(parent)
    , m_model(new DlqModel(this))
    , m_filters(new DlqFilterBar(this))
    , m_shown(new QLabel(this))
    , m_reload(new QPushButton(tr("Reload"), this))
    , m_actions(new DlqActionBar(this))
    , m_message(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_detail(new DlqDetailPane(this))
    , m_reloadTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("dlqView"));
    m_message->setObjectName(QStringLiteral("dlqMessage"));
    m_tree->setObjectName(QStringLiteral("dlqTree"));
    m_reload->setObjectName(QStringLiteral("dlqReload"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_tree->setModel(m_model);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    for (const auto &[column, width] : std::initializer_list<std::pair<int, int>>{
             {DlqModel::NameColumn, 300}, {DlqModel::CountColumn, 60}, {DlqModel::StatusColumn, 150}, {DlqModel::WorkflowColumn, 110},
             {DlqModel::ReferenceColumn, 110}, {DlqModel::AttemptsColumn, 70}, {DlqModel::DeadCountColumn, 80},
             {DlqModel::LastFailureColumn, 150}})
        m_tree->setColumnWidth(column, width);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filters, 1);
    filters->addWidget(m_shown);
    filters->addWidget(m_reload);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_actions);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(kReloadDebounceMs);
    connect(m_reloadTimer, &QTimer::timeout, this, &DlqView::reload);
    connect(m_filters, &DlqFilterBar::changed, this, &DlqView::reload);
    connect(m_reload, &QPushButton::clicked, this, &DlqView::reload);
    connect(m_actions, &DlqActionBar::replaySelected, this, &DlqView::replaySelection);
    connect(m_actions, &DlqActionBar::replayMatching, this, &DlqView::replayMatching);
    connect(m_actions, &DlqActionBar::purgeSelected, this, &DlqView::purgeSelection);
    connect(m_actions, &DlqActionBar::purgeMatching, this, &DlqView::purgeMatching);
    connect(m_actions, &DlqActionBar::cancelRequested, this, &DlqView::cancelOperation);
    connect(m_actions, &DlqActionBar::curlRequested, this,
            [this](CurlTarget target) { ConsoleWidgets::copy(curlFor(target)); });
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DlqView::updateActions);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        const QString id = current.data(DlqModel::IdRole).toString();
        if (!id.isEmpty() && id != m_detail->currentId())
            m_detail->load(id);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_tree->expandAll();
        // Keep the entry whose detail is shown selected across a reset.
        const QModelIndex keep = m_model->indexOfEntry(m_detail->currentId());
        if (keep.isValid())
            m_tree->selectionModel()->setCurrentIndex(keep, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    });
    updateActions();
}

DlqView::~DlqView() = default;

void DlqView::setClient(EngineClient *client)
{
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    if (m_operation) {
        m_operation->deleteLater();
        m_operation = nullptr;
        m_actions->setBusy(false);
    }
    m_client = client;
    m_detail->setClient(client);
    m_detail->clear();
    m_model->clear();
    ++m_generation;
    if (client) {
        connect(client, &EngineClient::roleChanged, this, &DlqView::updateActions);
        connect(client, &EngineClient::stateChanged, this, [this](EngineClient::State s) {
            if (s == EngineClient::State::Connected)
                scheduleReload();
        });
        if (client->state() == EngineClient::State::Connected)
            reload();
    }
    updateActions();
}

void DlqView::setClock(const Clock *clock)
{
    m_clock = clock;
    m_detail->setClock(clock);
}

void DlqView::applyBatch(const DeltaBatch &batch)
{
    const bool relevant = batch.resync || batch.hasEvent(QLatin1String("dlq_")) || batch.hasEvent(QLatin1String("task_dead_lettered"));
    if (relevant)
        scheduleReload();
}

void DlqView::scheduleReload()
{
    // A hidden view (another tab) reloads when it is shown again.
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    // At most one reload per debounce interval, however many events arrive.
    if (!m_reloadTimer->isActive())
        m_reloadTimer->start();
}

void DlqView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_stale, false))
        reload();
}

QJsonObject DlqView::filterJson() const
{
    return m_filters->filterJson();
}

QUrlQuery DlqView::listQuery() const
{
    return m_filters->listQuery(kPageSize);
}

void DlqView::reload()
{
    m_reloadTimer->stop();
    m_stale = false;
    if (!m_client)
        return;
    const quint64 generation = ++m_generation;
    // The view may be gone when an answer arrives: guarded.
    QPointer<DlqView> self(this);
    m_client->get(QStringLiteral("/api/dlq"), listQuery(), [this, self, generation](Result<QJsonValue> r) {
        if (!self || generation != m_generation)
            return;
        if (!r.ok())
            return showMessage(tr("Cannot load the dead-letter queue: %1").arg(r.error().message), true, true);
        if (m_errorFromLoad)
            m_message->hide();
        const QJsonObject o = r->toObject();
        QList<QJsonObject> entries;
        QStringList types;
        for (const QJsonValue &v : o.value(QStringLiteral("results")).toArray()) {
            entries << v.toObject();
            types << entries.last().value(QStringLiteral("taskType")).toString();
        }
        m_model->setEntries(entries);
        m_filters->addTaskTypes(types);
        const int total = o.value(QStringLiteral("totalHits")).toInt();
        m_shown->setText(total > entries.size() ? tr("newest %1 of %2 matching").arg(entries.size()).arg(total)
                                                : tr("%1 matching").arg(total));
        if (!m_detail->currentId().isEmpty() && m_model->indexOfEntry(m_detail->currentId()).isValid())
            m_detail->load(m_detail->currentId());
        updateActions();
        Q_EMIT reloaded();
    });
    // Task types present anywhere in the queue, for the filter.
    m_client->get(QStringLiteral("/api/dlq/stats"), {}, [this, self, generation](Result<QJsonValue> r) {
        if (self && generation == m_generation && r.ok())
            m_filters->addTaskTypes(r->toObject().value(QStringLiteral("byType")).toObject().keys());
    });
}

QStringList DlqView::selectedIds() const
{
    QStringList ids;
    QSet<QString> seen;
    for (const QModelIndex &row : m_tree->selectionModel()->selectedRows())
        for (const QString &id : m_model->entryIdsUnder(row))
            if (!seen.contains(id)) {
                seen.insert(id);
                ids << id;
            }
    return ids;
}

QString DlqView::errorText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void DlqView::showMessage(const QString &message, bool error, bool clearedByLoad)
{
    m_errorFromLoad = clearedByLoad;
    m_message->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
    m_message->setText(message);
    m_message->show();
}

void DlqView::updateActions()
{
    m_actions->updateFor(m_client, !selectedIds().isEmpty(), m_operation != nullptr);
    m_reload->setEnabled(m_client != nullptr);
}

void DlqView::setBusy(bool busy, const QString &label)
{
    m_actions->setBusy(busy, label);
    updateActions();
}

QString DlqView::scopeText(bool matching) const
{
    if (!matching)
        return tr("The selected entries (%1).").arg(selectedIds().size());
    return tr("Everything matching the filter: %1.").arg(m_filters->describe());
}

void DlqView::replaySelection() { start(DlqOperation::Action::Replay, false); }
void DlqView::replayMatching() { start(DlqOperation::Action::Replay, true); }
void DlqView::purgeSelection() { start(DlqOperation::Action::Purge, false); }
void DlqView::purgeMatching() { start(DlqOperation::Action::Purge, true); }

void DlqView::cancelOperation()
{
    if (m_operation && m_operation->isRunning())
        m_operation->cancel();
    else if (m_operation) { // still counting: forget it
        m_operation->deleteLater();
        m_operation = nullptr;
        setBusy(false);
    }
}

void DlqView::start(DlqOperation::Action action, bool matching)
{
    if (!m_client || m_operation)
        return;
    DlqOperation::Selection selection;
    if (matching)
        selection.filter = filterJson();
    else
        selection.ids = selectedIds();
    if (!matching && selection.ids.isEmpty())
        return;
    auto *op = new DlqOperation(m_client, action, selection, m_actions->rate(), this);
    m_operation = op;
    const bool replay = action == DlqOperation::Action::Replay;
    const QString scope = scopeText(matching);
    m_message->hide();
    connect(op, &DlqOperation::counted, this, [this, op](int matched) { confirm(op, matched); });
    connect(op, &DlqOperation::failed, this, [this, op](const QString &message) {
        showMessage(message, true, false);
        op->deleteLater();
        m_operation = nullptr;
        setBusy(false);
        scheduleReload();
    });
    connect(op, &DlqOperation::progress, m_actions, &DlqActionBar::setProgress);
    connect(op, &DlqOperation::itemDone, this, [this](const QJsonObject &, const QJsonObject &entry) {
        if (!entry.isEmpty())
            m_model->updateEntry(entry);
    });
    connect(op, &DlqOperation::finished, this, [this, op, replay, scope](const QString &summary) {
        op->deleteLater();
        m_operation = nullptr;
        setBusy(false);
        auto *report = new DlqReportDialog(replay ? tr("Replay report") : tr("Purge report"), scope + QLatin1Char(' ') + summary,
                                           op->results(), this);
        report->setAttribute(Qt::WA_DeleteOnClose);
        report->open();
        Q_EMIT reportShown(report);
        reload();
    });
    setBusy(true, tr("Counting…"));
    op->dryRun();
}

void DlqView::confirm(DlqOperation *op, int matched)
{
    const bool replay = op->action() == DlqOperation::Action::Replay;
    setBusy(false);
    if (matched == 0) {
        showMessage(replay ? tr("Nothing to replay: no DEAD entry matches (only DEAD entries can be replayed).")
                        : tr("Nothing to purge: no entry matches."),
                    false, true);
        op->deleteLater();
        m_operation = nullptr;
        updateActions();
        return;
    }
    QString text;
    if (replay)
        text = matched == 1 ? tr("1 entry will be replayed.") : tr("%1 entries will be replayed.").arg(matched);
    else
        text = matched == 1 ? tr("1 entry will be purged.") : tr("%1 entries will be purged.").arg(matched);
    auto *box = new QMessageBox(QMessageBox::Question, replay ? tr("Replay dead letters") : tr("Purge dead letters"), text,
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("dlqConfirm"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString rate = m_actions->rate() > 0 ? tr("at most %1 per second").arg(m_actions->rate()) : tr("without a rate limit");
    box->setInformativeText(scopeText(op->isBulkFilter()) + QLatin1Char(' ')
                            + (replay ? tr("Each runs again as a new attempt in its workflow, %1.").arg(rate)
                                      : tr("Purged entries and their history are gone for good.")));
    auto *go = box->addButton(replay ? tr("Replay") : tr("Purge"), replay ? QMessageBox::AcceptRole : QMessageBox::DestructiveRole);
    go->setObjectName(QStringLiteral("dlqConfirmButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, op, go](QAbstractButton *clicked) {
        if (m_operation != op)
            return;
        if (clicked != go) {
            op->deleteLater();
            m_operation = nullptr;
            updateActions();
            return;
        }
        setBusy(true, op->action() == DlqOperation::Action::Replay ? tr("Replaying %v / %m") : tr("Purging %v / %m"));
        op->run();
    });
    box->open();
    Q_EMIT confirmationShown(box);
}

QString DlqView::curlFor(CurlTarget target) const
{
    if (!m_client)
        return {};
    const auto opCurl = [this](DlqOperation::Action action, bool matching) {
        DlqOperation::Selection s;
        if (matching)
            s.filter = filterJson();
        else
            s.ids = selectedIds();
        if (!matching && s.ids.isEmpty())
            return QString();
        return DlqOperation(m_client, action, s, m_actions->rate()).curl();
    };
    switch (target) {
    case CurlTarget::List: return m_client->curlFor("GET", QStringLiteral("/api/dlq"), listQuery());
    case CurlTarget::Entry:
        return m_detail->currentId().isEmpty() ? QString()
                                               : m_client->curlFor("GET", QStringLiteral("/api/dlq/") + EngineClient::segment(m_detail->currentId()));
    case CurlTarget::ReplaySelection: return opCurl(DlqOperation::Action::Replay, false);
    case CurlTarget::PurgeSelection: return opCurl(DlqOperation::Action::Purge, false);
    case CurlTarget::ReplayMatching: return opCurl(DlqOperation::Action::Replay, true);
    case CurlTarget::PurgeMatching: return opCurl(DlqOperation::Action::Purge, true);
    }
    return {};
}

} // namespace orrery
