#include "WorkersView.h"

#include "EngineClient.h"
#include "ConsoleWidgets.h"
#include "PoolTypeModel.h"
#include "WorkerTableModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace orrery {

namespace {

const QString kWorkersPath = QStringLiteral("/api/conductor/workers");

QUrlQuery listQuery()
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("start"), QStringLiteral("0"));
    q.addQueryItem(QStringLiteral("size"), QStringLiteral("1000"));
    return q;
}

QSortFilterProxyModel *sorted(QAbstractItemModel *source, QObject *parent)
{
    auto *p = new QSortFilterProxyModel(parent);
    p->setSourceModel(source);
    p->setSortRole(OpsTableModel::SortRole);
    return p;
}

} // namespace

WorkersView::WorkersView(Clock *clock, QWidget *parent)
    : QWidget(parent)
    , m_model(new WorkerTableModel(clock, this))
    , m_types(new PoolTypeModel(this))
    , m_table(ConsoleWidgets::table(this, QStringLiteral("workersTable")))
    , m_typeTable(ConsoleWidgets::table(this, QStringLiteral("poolTypesTable")))
    , m_pool(new QLabel(this))
    , m_note(ConsoleWidgets::noteLabel(this, QStringLiteral("workersNote")))
    , m_error(ConsoleWidgets::errorLabel(this))
{
    setObjectName(QStringLiteral("workersView"));
    m_pool->setObjectName(QStringLiteral("poolSummary"));
    m_pool->setWordWrap(true);
    m_table->setModel(sorted(m_model, this));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(WorkerTableModel::WorkerId, Qt::AscendingOrder);
    for (int c = WorkerTableModel::InFlight; c < WorkerTableModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, 80);
    m_table->setColumnWidth(WorkerTableModel::WorkerId, 200);
    m_table->setColumnWidth(WorkerTableModel::Kind, 100);
    m_table->setColumnWidth(WorkerTableModel::TaskTypes, 240);
    m_table->setColumnWidth(WorkerTableModel::LastPoll, 120);
    m_typeTable->setModel(sorted(m_types, this));
    m_typeTable->setSortingEnabled(true);
    m_typeTable->sortByColumn(PoolTypeModel::Type, Qt::AscendingOrder);
    m_typeTable->setColumnWidth(PoolTypeModel::Type, 200);

    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("refreshWorkers"));
    auto *curl = new QPushButton(tr("Copy as curl"), this);
    curl->setObjectName(QStringLiteral("copyCurl"));
    curl->setToolTip(tr("Copies the list request (GET /api/conductor/workers) with the token as $ORRERY_TOKEN."));
    auto *top = new QHBoxLayout;
    top->addWidget(m_pool, 1);
    top->addWidget(refresh);
    top->addWidget(curl);

    auto *typesBox = new QWidget(this);
    auto *typesLayout = new QVBoxLayout(typesBox);
    typesLayout->setContentsMargins(0, 0, 0, 0);
    typesLayout->addWidget(new QLabel(tr("Local pool by task type"), typesBox));
    typesLayout->addWidget(m_typeTable, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(typesBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);

    m_refresh.setInterval(2000);
    connect(&m_refresh, &QTimer::timeout, this, &WorkersView::reload);
    connect(refresh, &QPushButton::clicked, this, &WorkersView::reload);
    connect(curl, &QPushButton::clicked, this, [this] { ConsoleWidgets::copy(listCurl()); });
    connect(m_model, &WorkerTableModel::localPoolChanged, this, &WorkersView::showPool);
    showPool({});
}

void WorkersView::setClient(EngineClient *client)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    ++m_generation;
    m_loading = false;
    m_model->clear();
    m_types->clear();
    showPool({});
    ConsoleWidgets::setError(m_error, {});
    ConsoleWidgets::setNote(m_note, {});
    if (client) {
        connect(client, &EngineClient::stateChanged, this, [this](EngineClient::State s) {
            if (s == EngineClient::State::Connected && isVisible())
                reload();
        });
        if (isVisible() && client->state() == EngineClient::State::Connected)
            reload();
    }
}

void WorkersView::applyBatch(const DeltaBatch &batch)
{
    Q_UNUSED(batch) // refreshed on a timer: in-flight counts change with every task event
}

void WorkersView::reload()
{
    if (!m_client || m_loading)
        return;
    m_loading = true;
    const quint64 generation = m_generation;
    QPointer<WorkersView> self(this);
    m_client->get(kWorkersPath, listQuery(), [self, generation](Result<QJsonValue> r) {
        if (!self || generation != self->m_generation)
            return;
        self->m_loading = false;
        if (!r.ok()) {
            ConsoleWidgets::setError(self->m_error, tr("Could not load the workers: %1").arg(r.error().message));
            return;
        }
        ConsoleWidgets::setError(self->m_error, {});
        const QJsonObject page = r.value().toObject();
        self->m_model->setPage(page);
        self->m_model->tick();
        QStringList notes;
        const int total = page.value(QStringLiteral("totalHits")).toInt();
        if (total > self->m_model->rowCount())
            notes << tr("Showing %1 of %2 workers.").arg(self->m_model->rowCount()).arg(total);
        if (const QString note = page.value(QStringLiteral("note")).toString(); !note.isEmpty())
            notes << note;
        ConsoleWidgets::setNote(self->m_note, notes.join(QLatin1Char(' ')));
        Q_EMIT self->reloaded();
    });
}

void WorkersView::showPool(const QJsonObject &pool)
{
    m_types->setPool(pool);
    if (pool.isEmpty()) {
        m_pool->setText(tr("No local worker pool on this server (only remote pollers run tasks)."));
        return;
    }
    const bool running = pool.value(QStringLiteral("state")).toString() == QLatin1String("running");
    m_pool->setText(tr("<b>Local pool</b> %1: %2 of %3 slots busy (%4 running), %5 queued; %6 completed, %7 failed; "
                       "%8 blocking threads")
                        .arg(running ? tr("running") : tr("stopped"))
                        .arg(qint64(pool.value(QStringLiteral("inFlight")).toDouble()))
                        .arg(pool.value(QStringLiteral("maxConcurrent")).toInt())
                        .arg(qint64(pool.value(QStringLiteral("running")).toDouble()))
                        .arg(qint64(pool.value(QStringLiteral("queued")).toDouble()))
                        .arg(qint64(pool.value(QStringLiteral("completed")).toDouble()))
                        .arg(qint64(pool.value(QStringLiteral("failed")).toDouble())
                             + qint64(pool.value(QStringLiteral("failedTerminal")).toDouble()))
                        .arg(pool.value(QStringLiteral("blockingThreads")).toInt()));
}

QString WorkersView::poolSummary() const
{
    return m_pool->text();
}

QString WorkersView::listCurl() const
{
    return m_client ? m_client->curlFor("GET", kWorkersPath, listQuery()) : QString();
}

QString WorkersView::errorText() const
{
    return m_error->text();
}

void WorkersView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_refresh.start();
    if (m_client && m_client->state() == EngineClient::State::Connected)
        reload();
}

void WorkersView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresh.stop();
}

} // namespace orrery
