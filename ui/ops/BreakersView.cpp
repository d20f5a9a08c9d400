#include "BreakersView.h"

#include "BreakerTableModel.h"
#include "EngineClient.h"
#include "ConsoleWidgets.h"
#include "TimeText.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace orrery {

namespace {

const QString kStatusPath = QStringLiteral("/api/circuitbreaker/status");

QPushButton *button(const QString &text, const QString &objectName, const QKeySequence &shortcut, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    if (!shortcut.isEmpty())
        b->setShortcut(shortcut);
    return b;
}

} // namespace

BreakersView::BreakersView(Clock *clock, QWidget *parent)
    : QWidget(parent)
    , m_model(new BreakerTableModel(clock, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(ConsoleWidgets::table(this, QStringLiteral("breakersTable")))
    , m_name(new QLineEdit(this))
    , m_open(button(tr("Force open"), QStringLiteral("forceOpen"), QKeySequence(tr("Ctrl+Shift+O")), this))
    , m_close(button(tr("Force close"), QStringLiteral("forceClose"), QKeySequence(tr("Ctrl+Shift+L")), this))
    , m_reset(button(tr("Reset"), QStringLiteral("resetBreaker"), QKeySequence(tr("Ctrl+Shift+R")), this))
    , m_refresh(button(tr("Refresh"), QStringLiteral("refreshBreakers"), QKeySequence(), this))
    , m_curl(new QToolButton(this))
    , m_summary(new QLabel(this))
    , m_roleNote(ConsoleWidgets::noteLabel(this, QStringLiteral("roleNote")))
    , m_error(ConsoleWidgets::errorLabel(this))
    , m_detailTitle(new QLabel(this))
    , m_failures(new QListWidget(this))
{
    setObjectName(QStringLiteral("breakersView"));
    m_name->setObjectName(QStringLiteral("breakerName"));
    m_name->setPlaceholderText(tr("Breaker name, e.g. http:api.example.com"));
    m_name->setClearButtonEnabled(true);
    m_summary->setObjectName(QStringLiteral("breakersSummary"));
    m_failures->setObjectName(QStringLiteral("recentFailures"));
    m_detailTitle->setWordWrap(true);
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_curl->setObjectName(QStringLiteral("copyCurl"));
    m_curl->setText(tr("Copy as curl"));
    m_curl->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_curl);
    menu->addAction(tr("List request"), this, [this] { ConsoleWidgets::copy(listCurl()); });
    menu->addAction(tr("Force open (selected)"), this, [this] { ConsoleWidgets::copy(actionCurl(Action::ForceOpen)); });
    menu->addAction(tr("Force close (selected)"), this, [this] { ConsoleWidgets::copy(actionCurl(Action::ForceClose)); });
    menu->addAction(tr("Reset (selected)"), this, [this] { ConsoleWidgets::copy(actionCurl(Action::Reset)); });
    m_curl->setMenu(menu);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(OpsTableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(BreakerTableModel::Name, Qt::AscendingOrder);
    m_table->horizontalHeader()->setSectionResizeMode(BreakerTableModel::Name, QHeaderView::Interactive);
    m_table->setColumnWidth(BreakerTableModel::Name, 220);
    m_table->setColumnWidth(BreakerTableModel::State, 110);
    m_table->setColumnWidth(BreakerTableModel::Since, 90);
    for (int c = BreakerTableModel::Calls; c <= BreakerTableModel::Trips; ++c)
        m_table->setColumnWidth(c, c == BreakerTableModel::FailureRate ? 90 : 75);
    m_table->setColumnWidth(BreakerTableModel::HalfOpenIn, 150);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_name, 1);
    actions->addWidget(m_open);
    actions->addWidget(m_close);
    actions->addWidget(m_reset);
    actions->addSpacing(12);
    actions->addWidget(m_refresh);
    actions->addWidget(m_curl);

    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detailTitle);
    detailLayout->addWidget(m_failures, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(actions);
    layout->addWidget(m_roleNote);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &BreakersView::tick);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(500);
    connect(&m_debounce, &QTimer::timeout, this, &BreakersView::reload);
    connect(m_open, &QPushButton::clicked, this, [this] { perform(Action::ForceOpen); });
    connect(m_close, &QPushButton::clicked, this, [this] { perform(Action::ForceClose); });
    connect(m_reset, &QPushButton::clicked, this, [this] { perform(Action::Reset); });
    connect(m_refresh, &QPushButton::clicked, this, &BreakersView::reload);
    connect(m_name, &QLineEdit::textChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            m_name->setText(current.data(OpsTableModel::KeyRole).toString());
    });
    updateActions();
    updateDetail();
}

void BreakersView::setClient(EngineClient *client)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    ++m_generation;
    m_loading = false;
    m_reloadAgain = false;
    m_model->clear();
    ConsoleWidgets::setError(m_error, {});
    m_summary->clear();
    if (client) {
        connect(client, &EngineClient::roleChanged, this, &BreakersView::updateActions);
        connect(client, &EngineClient::stateChanged, this, [this](EngineClient::State s) {
            if (s == EngineClient::State::Connected)
                isVisible() ? reload() : void(m_stale = true);
        });
        m_stale = true;
        if (isVisible() && client->state() == EngineClient::State::Connected)
            reload();
    }
    updateActions();
}

void BreakersView::applyBatch(const DeltaBatch &batch)
{
    bool relevant = batch.otherEventsDropped > 0 || batch.resync;
    for (const QJsonObject &e : batch.otherEvents) {
        if (e.value(QLatin1String("event")).toString() != QLatin1String("breaker_state_changed"))
            continue;
        m_model->noteTransition(e);
        relevant = true;
    }
    if (!relevant)
        return;
    updateDetail();
    m_stale = true;
    if (isVisible() && !m_debounce.isActive())
        m_debounce.start();
}

void BreakersView::reload()
{
    if (!m_client)
        return;
    if (m_loading) {
        m_reloadAgain = true; // the answer on its way may predate what asked for this reload
        return;
    }
    m_loading = true;
    m_reloadAgain = false;
    m_stale = false;
    const quint64 generation = m_generation;
    QPointer<BreakersView> self(this);
    m_client->get(kStatusPath, {}, [self, generation](Result<QJsonValue> r) {
        if (!self || generation != self->m_generation)
            return;
        self->m_loading = false;
        if (self->m_reloadAgain)
            QTimer::singleShot(0, self, &BreakersView::reload);
        if (!r.ok()) {
            self->showError(tr("Could not load the breakers: %1").arg(r.error().message));
            return;
        }
        const QJsonObject status = r.value().toObject();
        self->m_model->setStatus(status);
        self->m_summary->setText(tr("Breakers: %1, not closed: %2")
                                     .arg(status.value(QStringLiteral("count")).toInt())
                                     .arg(status.value(QStringLiteral("open")).toInt()));
        self->showError({});
        self->updateDetail();
        Q_EMIT self->reloaded();
    });
}

QString BreakersView::actionPath(const QString &name, Action action)
{
    const QString segment = EngineClient::segment(name);
    return QStringLiteral("/api/circuitbreaker/%1/%2").arg(segment, routeOf(action));
}

QString BreakersView::routeOf(Action action)
{
    switch (action) {
    case Action::ForceOpen: return QStringLiteral("open");
    case Action::ForceClose: return QStringLiteral("close");
    case Action::Reset: return QStringLiteral("reset");
    }
    return {};
}

QString BreakersView::currentName() const
{
    return m_name->text().trimmed();
}

bool BreakersView::selectBreaker(const QString &name)
{
    m_name->setText(name);
    const int row = m_model->rowOf(name);
    if (row < 0)
        return false;
    m_table->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, 0)));
    return true;
}

void BreakersView::perform(Action action)
{
    const QString name = currentName();
    if (!m_client || name.isEmpty())
        return;
    const QString what = action == Action::ForceOpen ? tr("Force open") : action == Action::ForceClose ? tr("Force close") : tr("Reset");
    const quint64 generation = m_generation;
    QPointer<BreakersView> self(this);
    m_client->call("POST", actionPath(name, action), {}, {},
                   [self, generation, action, name, what](Result<QJsonValue> r) {
                       if (!self || generation != self->m_generation)
                           return;
                       if (!r.ok()) {
                           self->showError(tr("%1 %2 failed: %3").arg(what, name, r.error().message));
                           Q_EMIT self->actionFinished(action, name, false);
                           return;
                       }
                       self->showError({});
                       self->m_model->updateBreaker(r.value().toObject());
                       self->selectBreaker(name);
                       self->updateDetail();
                       self->reload(); // the summary counts and the other rows
                       Q_EMIT self->actionFinished(action, name, true);
                   });
}

QString BreakersView::listCurl() const
{
    return m_client ? m_client->curlFor("GET", kStatusPath) : QString();
}

QString BreakersView::actionCurl(Action action) const
{
    if (!m_client || currentName().isEmpty())
        return {};
    return m_client->curlFor("POST", actionPath(currentName(), action));
}

QString BreakersView::errorText() const
{
    return m_error->text();
}

void BreakersView::showError(const QString &message)
{
    ConsoleWidgets::setError(m_error, message);
}

void BreakersView::updateActions()
{
    const bool named = !currentName().isEmpty();
    const QString adminDenied = m_client ? m_client->deniedReason(EngineClient::Access::Admin) : QString();
    const QString operatorDenied = m_client ? m_client->deniedReason(EngineClient::Access::Operator) : QString();
    const bool known = m_model->rowOf(currentName()) >= 0;
    const QString unknown = named && !known ? tr("No breaker named %1 (Force open creates one).").arg(currentName()) : QString();
    const auto set = [this, named, known, &unknown](QPushButton *b, const QString &denied, const QString &allowedTip, bool needsKnown) {
        b->setEnabled(m_client && named && denied.isEmpty() && (!needsKnown || known));
        const QString tip = !denied.isEmpty() ? denied : needsKnown && !unknown.isEmpty() ? unknown : allowedTip;
        b->setToolTip(tip);
        b->setStatusTip(tip);
    };
    set(m_open, adminDenied, tr("Force the breaker open: calls fail fast and local tasks wait until it is closed or reset (admin)."), false);
    set(m_close, adminDenied, tr("Close the breaker at once; counters are kept (admin)."), true);
    set(m_reset, operatorDenied, tr("Close the breaker and clear its counters and failure history (operator)."), true);
    QStringList notes;
    if (!adminDenied.isEmpty())
        notes << tr("Force open and Force close are disabled: %1").arg(adminDenied);
    if (!operatorDenied.isEmpty())
        notes << tr("Reset is disabled: %1").arg(operatorDenied);
    ConsoleWidgets::setNote(m_roleNote, notes.join(QLatin1Char('\n')));
}

void BreakersView::updateDetail()
{
    updateActions();
    const QString name = currentName();
    const QJsonObject b = m_model->rowObject(name);
    m_failures->clear();
    if (b.isEmpty()) {
        m_detailTitle->setText(name.isEmpty() ? tr("Select a breaker to see its recent failures.")
                                              : tr("No breaker named %1 yet; Force open creates it.").arg(name));
        return;
    }
    const QJsonObject config = b.value(QStringLiteral("config")).toObject();
    QStringList rules;
    if (const int n = config.value(QStringLiteral("failureThreshold")).toInt(); n > 0)
        rules << tr("%1 failures in a row").arg(n);
    if (const int rate = config.value(QStringLiteral("failureRateThreshold")).toInt(); rate > 0)
        rules << tr("a failure rate of %1% over at least %2 calls").arg(rate).arg(config.value(QStringLiteral("minimumCalls")).toInt());
    QString title = tr("<b>%1</b> — %2; trips after %3; half-opens after %4 s")
                        .arg(name.toHtmlEscaped(), b.value(QStringLiteral("state")).toString(),
                             rules.isEmpty() ? tr("no automatic rule (forced only)") : rules.join(tr(" or ")))
                        .arg(config.value(QStringLiteral("resetTimeoutSeconds")).toDouble());
    if (const QString reason = m_model->lastTransitionReason(name); !reason.isEmpty())
        title += QStringLiteral("<br>") + tr("Last transition: %1").arg(reason.toHtmlEscaped());
    m_detailTitle->setText(title);
    const QJsonArray recent = b.value(QStringLiteral("recentFailures")).toArray();
    if (recent.isEmpty()) {
        m_failures->addItem(tr("No recent failures."));
        return;
    }
    for (qsizetype i = recent.size() - 1; i >= 0; --i) { // newest first
        const QJsonObject f = recent.at(i).toObject();
        auto *item = new QListWidgetItem(tr("%1  %2  %3")
                                             .arg(TimeText::local(qint64(f.value(QStringLiteral("timeMs")).toDouble())),
                                                  f.value(QStringLiteral("counted")).toBool() ? tr("counted") : tr("ignored"),
                                                  f.value(QStringLiteral("message")).toString()),
                                         m_failures);
        if (f.value(QStringLiteral("counted")).toBool())
            item->setForeground(BreakerTableModel::stateColor(QStringLiteral("OPEN")));
    }
}

void BreakersView::tick()
{
    m_model->tick();
    if (m_model->countdownDue() && !m_loading && !m_debounce.isActive())
        m_debounce.start(); // the server half-opens the breaker when its status is read
}

void BreakersView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_tick.start();
    if (m_stale && m_client && m_client->state() == EngineClient::State::Connected)
        reload();
}

void BreakersView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_tick.stop();
}

} // namespace orrery
