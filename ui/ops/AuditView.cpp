#include "AuditView.h"

#include "AuditTableModel.h"
#include "EngineClient.h"
#include "ConsoleWidgets.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace orrery {

namespace {

const QString kAuditPath = QStringLiteral("/api/audit");

} // namespace

AuditView::AuditView(Clock *clock, QWidget *parent)
    : QWidget(parent)
    , m_model(new AuditTableModel(clock, this))
    , m_actor(new QLineEdit(this))
    , m_route(new QLineEdit(this))
    , m_outcome(new QComboBox(this))
    , m_refreshButton(new QPushButton(tr("Refresh"), this))
    , m_more(new QPushButton(tr("Load more"), this))
    , m_shown(new QLabel(this))
    , m_note(ConsoleWidgets::noteLabel(this, QStringLiteral("auditNote")))
    , m_error(ConsoleWidgets::errorLabel(this))
    , m_table(ConsoleWidgets::table(this, QStringLiteral("auditTable")))
{
    setObjectName(QStringLiteral("auditView"));
    m_actor->setObjectName(QStringLiteral("auditActor"));
    m_route->setObjectName(QStringLiteral("auditRoute"));
    m_outcome->setObjectName(QStringLiteral("auditOutcome"));
    m_refreshButton->setObjectName(QStringLiteral("refreshAudit"));
    m_more->setObjectName(QStringLiteral("loadMore"));
    m_shown->setObjectName(QStringLiteral("auditShown"));
    m_actor->setPlaceholderText(tr("Actor (token name)…"));
    m_route->setPlaceholderText(tr("Route or path…"));
    for (QLineEdit *e : {m_actor, m_route})
        e->setClearButtonEnabled(true);
    m_outcome->addItem(tr("All outcomes"));
    m_outcome->addItem(tr("ok"), QStringLiteral("ok"));
    m_outcome->addItem(tr("denied"), QStringLiteral("denied"));
    m_outcome->addItem(tr("rejected"), QStringLiteral("rejected"));
    m_outcome->addItem(tr("error"), QStringLiteral("error"));

    auto *curl = new QToolButton(this);
    curl->setObjectName(QStringLiteral("copyCurl"));
    curl->setText(tr("Copy as curl"));
    curl->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(curl);
    menu->addAction(tr("List request"), this, [this] { ConsoleWidgets::copy(listCurl()); });
    menu->addAction(tr("Entries of the selected target"), this, [this] { ConsoleWidgets::copy(selectedCurl()); });
    curl->setMenu(menu);

    m_table->setModel(m_model); // the server's order (newest first); paging makes client sorting misleading
    const std::pair<int, int> widths[] = {{AuditTableModel::Time, 150}, {AuditTableModel::Actor, 170}, {AuditTableModel::Role, 70},
                                          {AuditTableModel::Method, 60}, {AuditTableModel::Route, 210}, {AuditTableModel::Target, 250},
                                          {AuditTableModel::Status, 55}, {AuditTableModel::Outcome, 75}};
    for (const auto &[column, width] : widths)
        m_table->setColumnWidth(column, width);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_actor, 1);
    filters->addWidget(m_route, 2);
    filters->addWidget(m_outcome);
    filters->addWidget(m_refreshButton);
    filters->addWidget(curl);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_shown, 1);
    bottom->addWidget(m_more);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_note);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(400);
    connect(&m_filterDelay, &QTimer::timeout, this, &AuditView::reload);
    for (QLineEdit *e : {m_actor, m_route}) {
        connect(e, &QLineEdit::textChanged, this, [this] { m_filterDelay.start(); });
        connect(e, &QLineEdit::returnPressed, this, &AuditView::reload);
    }
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &AuditView::reload);
    connect(m_refreshButton, &QPushButton::clicked, this, &AuditView::reload);
    connect(m_more, &QPushButton::clicked, this, &AuditView::loadMore);
    updateAccess();
    updateShown();
}

void AuditView::setClient(EngineClient *client)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    ++m_generation;
    m_loading = false;
    m_model->clearEntries();
    ConsoleWidgets::setError(m_error, {});
    if (client) {
        connect(client, &EngineClient::roleChanged, this, [this] {
            updateAccess();
            if (isVisible())
                reload();
        });
        connect(client, &EngineClient::stateChanged, this, [this](EngineClient::State s) {
            if (s == EngineClient::State::Connected && isVisible())
                reload();
        });
        if (isVisible() && client->state() == EngineClient::State::Connected)
            reload();
    }
    updateAccess();
    updateShown();
}

void AuditView::applyBatch(const DeltaBatch &batch)
{
    Q_UNUSED(batch) // audit entries are not events: the list is read on demand (Refresh)
}

QUrlQuery AuditView::filterQuery() const
{
    QUrlQuery q;
    if (const QString actor = m_actor->text().trimmed(); !actor.isEmpty())
        q.addQueryItem(QStringLiteral("actor"), actor);
    if (const QString route = m_route->text().trimmed(); !route.isEmpty())
        q.addQueryItem(route.contains(QLatin1Char('{')) ? QStringLiteral("route") : QStringLiteral("target"), route);
    if (const QString outcome = m_outcome->currentData().toString(); !outcome.isEmpty())
        q.addQueryItem(QStringLiteral("outcome"), outcome);
    return q;
}

void AuditView::reload()
{
    m_filterDelay.stop();
    fetch(false);
}

void AuditView::loadMore()
{
    fetch(true);
}

void AuditView::fetch(bool append)
{
    updateAccess();
    if (!m_client)
        return;
    if (!m_client->permits(EngineClient::Access::Admin)) {
        ++m_generation; // an answer still on its way is dropped
        m_loading = false;
        ConsoleWidgets::setError(m_error, {});
        m_model->clearEntries();
        updateShown();
        return;
    }
    if (append && (m_loading || !m_model->hasMore()))
        return;
    const quint64 generation = ++m_generation; // a newer request (other filters) wins
    m_loading = true;
    QUrlQuery q = filterQuery();
    q.addQueryItem(QStringLiteral("start"), QString::number(append ? m_model->rowCount() : 0));
    q.addQueryItem(QStringLiteral("size"), QString::number(m_pageSize));
    QPointer<AuditView> self(this);
    m_client->get(kAuditPath, q, [self, generation, append](Result<QJsonValue> r) {
        if (!self || generation != self->m_generation)
            return;
        self->m_loading = false;
        if (!r.ok()) {
            ConsoleWidgets::setError(self->m_error, tr("Could not load the audit log: %1").arg(r.error().message));
            self->updateShown();
            return;
        }
        ConsoleWidgets::setError(self->m_error, {});
        self->m_model->applyPage(r.value().toObject(), append);
        self->updateShown();
        Q_EMIT self->reloaded();
    });
}

void AuditView::updateAccess()
{
    const QString denied = m_client ? m_client->deniedReason(EngineClient::Access::Admin) : QString();
    ConsoleWidgets::setNote(m_note, denied.isEmpty() ? QString() : tr("The audit log is shown to admin tokens only. %1").arg(denied));
    for (QWidget *w : std::initializer_list<QWidget *>{m_actor, m_route, m_outcome, m_refreshButton}) {
        w->setEnabled(m_client && denied.isEmpty());
        w->setToolTip(denied);
    }
    if (denied.isEmpty())
        m_route->setToolTip(tr("A route pattern with {…} (e.g. /api/circuitbreaker/{name}/open) matches that route exactly; "
                               "anything else matches the start of the path (e.g. /api/circuitbreaker)."));
}

void AuditView::updateShown()
{
    m_shown->setText(tr("%1 of %2 entries").arg(m_model->rowCount()).arg(m_model->totalHits()));
    m_more->setEnabled(m_client && m_model->hasMore() && m_client->permits(EngineClient::Access::Admin));
}

QString AuditView::listCurl() const
{
    if (!m_client)
        return {};
    QUrlQuery q = filterQuery();
    q.addQueryItem(QStringLiteral("start"), QStringLiteral("0"));
    q.addQueryItem(QStringLiteral("size"), QString::number(m_pageSize));
    return m_client->curlFor("GET", kAuditPath, q);
}

QString AuditView::selectedCurl() const
{
    const QModelIndex current = m_table->currentIndex();
    if (!m_client || !current.isValid())
        return {};
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("target"), m_model->rowObject(current.row()).value(QStringLiteral("target")).toString());
    return m_client->curlFor("GET", kAuditPath, q);
}

QString AuditView::noteText() const
{
    return m_note->text();
}

QString AuditView::errorText() const
{
    return m_error->text();
}

void AuditView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_client && m_client->state() == EngineClient::State::Connected)
        reload();
}

} // namespace orrery
