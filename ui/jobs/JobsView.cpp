#include "JobsView.h"

#include "ConsoleWidgets.h"

#include "DeltaBatch.h"
#include "EngineClient.h"
#include "JobDetailPane.h"
#include "JobEditorDialog.h"
#include "JobTableModel.h"
#include "JobsToolBar.h"
#include "core/Clock.h"

#include <QAction>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <utility>

namespace orrery {

namespace {

QString jobsPath(const QString &id = {})
{
    return JobsToolBar::jobPath(id);
}


} // namespace

JobsView::JobsView(const Clock *clock, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_model(new JobTableModel(clock, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(ConsoleWidgets::table(this, QStringLiteral("jobsTable")))
    , m_error(ConsoleWidgets::errorLabel(this))
    , m_detailPane(new JobDetailPane(this))
    , m_summary(new QLabel(this))
    , m_toolbar(new JobsToolBar(this))
{
    setObjectName(QStringLiteral("jobsView"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(JobTableModel::Name, Qt::AscendingOrder);
    m_table->horizontalHeader()->setDefaultSectionSize(170);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    addActions(m_toolbar->allActions()); // shortcuts work wherever the focus is in the view
    m_table->addActions(m_toolbar->jobActions());
    connect(m_toolbar, &JobsToolBar::curlRequested, this,
            [this](const QString &request) { ConsoleWidgets::copy(curlFor(request)); });

    m_error->setObjectName(QStringLiteral("jobsError"));
    m_summary->setObjectName(QStringLiteral("jobsSummary"));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detailPane);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *top = new QHBoxLayout;
    top->addWidget(m_toolbar, 1);
    top->addWidget(m_summary);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);

    connect(m_toolbar->addJob(), &QAction::triggered, this, [this] { openEditor({}); });
    connect(m_toolbar->editJob(), &QAction::triggered, this, [this] {
        if (!selectedId().isEmpty())
            openEditor(m_model->job(selectedId()));
    });
    connect(m_table, &QTableView::doubleClicked, m_toolbar->editJob(), &QAction::trigger);
    connect(m_toolbar->pauseJob(), &QAction::triggered, this, &JobsView::pauseSelected);
    connect(m_toolbar->resumeJob(), &QAction::triggered, this, &JobsView::askResume);
    connect(m_toolbar->runJob(), &QAction::triggered, this, &JobsView::runSelected);
    connect(m_toolbar->deleteJob(), &QAction::triggered, this, &JobsView::askDelete);
    connect(m_toolbar->reloadJobs(), &QAction::triggered, this, &JobsView::reload);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        updateActions();
        if (current.isValid())
            loadDetail(current.data(JobTableModel::IdRole).toString());
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &JobsView::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &JobsView::updateActions);
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(500);
    connect(&m_reloadTimer, &QTimer::timeout, this, &JobsView::reload);
    m_clockTimer.setInterval(5000);
    connect(&m_clockTimer, &QTimer::timeout, m_model, &JobTableModel::refreshTimes);
    m_clockTimer.start();
    updateActions();
}

void JobsView::setClient(EngineClient *client)
{
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    ++m_generation;
    m_loadedOnce = false;
    m_dirty.clear();
    m_model->clear();
    m_detailPane->clear();
    m_detailId.clear();
    showError({});
    if (client) {
        connect(client, &EngineClient::roleChanged, this, &JobsView::updateActions);
        connect(client, &EngineClient::stateChanged, this, [this](EngineClient::State s) {
            if (s == EngineClient::State::Connected)
                reload();
            updateActions();
        });
        if (client->state() == EngineClient::State::Connected)
            reload();
    }
    updateActions();
}

void JobsView::applyBatch(const DeltaBatch &batch)
{
    if (!m_client)
        return;
    if (!batch.resync && !batch.hasEvent(QLatin1String("job_")))
        return;
    for (const QJsonObject &e : batch.otherEvents)
        if (e.value(QStringLiteral("event")).toString().startsWith(QLatin1String("job_")))
            m_dirty.insert(e.value(QStringLiteral("jobId")).toString());
    scheduleReload();
}

void JobsView::scheduleReload()
{
    if (!m_reloadTimer.isActive())
        m_reloadTimer.start();
}

void JobsView::reload()
{
    if (!m_client)
        return;
    m_reloadTimer.stop();
    const quint64 generation = m_generation;
    QPointer<JobsView> self(this);
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("size"), QStringLiteral("1000"));
    m_client->get(jobsPath(), q, [self, generation](Result<QJsonValue> r) {
        if (!self || generation != self->m_generation)
            return;
        if (!r.ok()) {
            self->showError(tr("Loading the jobs failed: %1").arg(r.error().message));
            self->m_listFailed = true;
            return;
        }
        if (std::exchange(self->m_listFailed, false))
            self->showError({}); // an action's error stays until the next action
        const QJsonObject page = r->toObject();
        const QJsonArray jobs = page.value(QStringLiteral("results")).toArray();
        self->m_model->setJobs(jobs);
        if (!self->m_loadedOnce && !jobs.isEmpty()) {
            // Fit the columns to the first rows once; later the user's widths stay.
            self->m_table->resizeColumnsToContents();
            const int when = self->m_table->fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00 (in 00 min 00 s)")) + 12;
            for (int c = 0; c < JobTableModel::ColumnCount; ++c)
                self->m_table->setColumnWidth(c, qMin(self->m_table->columnWidth(c), 320));
            self->m_table->setColumnWidth(JobTableModel::NextRun, qMax(self->m_table->columnWidth(JobTableModel::NextRun), when));
            self->m_table->setColumnWidth(JobTableModel::LastRun, qMax(self->m_table->columnWidth(JobTableModel::LastRun), when + 100));
        }
        self->m_summary->setText(tr("%n job(s)", nullptr, page.value(QStringLiteral("totalHits")).toInt(int(jobs.size()))));
        // Last outcomes: every job on the first load, then the jobs events named and the runs
        // still in flight.
        QStringList ids;
        for (const QJsonValue &v : jobs) {
            const QString id = v.toObject().value(QStringLiteral("id")).toString();
            const QString last = self->m_model->lastRun(id).value(QStringLiteral("status")).toString();
            if (!self->m_loadedOnce || self->m_dirty.contains(id) || last == QLatin1String("RUNNING") || last == QLatin1String("CLAIMED"))
                ids.append(id);
        }
        self->m_loadedOnce = true;
        self->m_dirty.clear();
        self->loadOutcomes(ids.mid(0, 200));
        if (self->m_model->rowOf(self->m_detailId) >= 0) {
            self->loadDetail(self->m_detailId);
        } else if (!self->m_detailId.isEmpty()) { // deleted elsewhere
            self->m_detailId.clear();
            self->m_detailPane->clear();
        }
        self->updateActions();
        Q_EMIT self->reloaded();
    });
}

void JobsView::loadOutcomes(const QStringList &ids)
{
    const quint64 generation = m_generation;
    QPointer<JobsView> self(this);
    for (const QString &id : ids) {
        if (id == m_detailId)
            continue; // the detail load below brings it
        m_client->get(jobsPath(id), QUrlQuery(QStringLiteral("runs=1")),
                      [self, generation, id](Result<QJsonValue> r) {
                          if (!self || generation != self->m_generation || !r.ok())
                              return;
                          const QJsonArray runs = r->toObject().value(QStringLiteral("recentRuns")).toArray();
                          if (!runs.isEmpty())
                              self->m_model->setLastRun(id, runs.first().toObject());
                      });
    }
}

void JobsView::loadDetail(const QString &id)
{
    if (!m_client)
        return;
    m_detailId = id;
    const quint64 generation = m_generation;
    QPointer<JobsView> self(this);
    m_client->get(jobsPath(id), QUrlQuery(QStringLiteral("runs=20")),
                  [self, generation, id](Result<QJsonValue> r) {
                      if (!self || generation != self->m_generation || id != self->m_detailId)
                          return;
                      if (!r.ok()) {
                          self->m_detailPane->showError(id, r.error().message);
                          return;
                      }
                      const QJsonObject job = r->toObject();
                      const QJsonArray runs = job.value(QStringLiteral("recentRuns")).toArray();
                      QJsonObject row = job;
                      row.remove(QStringLiteral("recentRuns"));
                      self->m_model->upsertJob(row);
                      if (!runs.isEmpty())
                          self->m_model->setLastRun(id, runs.first().toObject());
                      self->m_detailPane->showJob(job, self->m_model);
                      Q_EMIT self->detailLoaded(id);
                  });
}

JsonRowModel *JobsView::runsModel() const
{
    return m_detailPane->runs();
}

bool JobsView::selectJob(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex proxied = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->setCurrentIndex(proxied);
    m_table->scrollTo(proxied);
    return true;
}

QString JobsView::selectedId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(JobTableModel::IdRole).toString() : QString();
}

QString JobsView::errorText() const
{
    return m_error->text();
}

QString JobsView::detailText() const
{
    return m_detailPane->text();
}

void JobsView::showError(const QString &message)
{
    ConsoleWidgets::setError(m_error, message);
}

void JobsView::updateActions()
{
    const QString id = selectedId();
    m_toolbar->update(m_client, id.isEmpty() ? QString() : m_model->job(id).value(QStringLiteral("state")).toString());
}

void JobsView::openEditor(const QJsonObject &job)
{
    if (!m_client)
        return;
    auto *dialog = new JobEditorDialog(m_client, m_clock, job, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &JobEditorDialog::saved, this, [this](const QJsonObject &saved) {
        showError({});
        m_model->upsertJob(saved);
        selectJob(saved.value(QStringLiteral("id")).toString());
        m_dirty.insert(saved.value(QStringLiteral("id")).toString());
        scheduleReload();
    });
    dialog->open();
}

void JobsView::askResume()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Resume job"),
                                tr("Resume “%1”. What should happen to the runs that fell due while it was paused?")
                                    .arg(m_model->job(id).value(QStringLiteral("name")).toString()),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("resumeQuestion"));
    box->setInformativeText(tr("Catch up: the overdue runs go through the job's misfire grace and coalescing now.") + QLatin1Char('\n')
                            + tr("From now: they are recorded as missed, and the job continues with its next time after now."));
    QPushButton *missed = box->addButton(tr("Catch up missed runs"), QMessageBox::AcceptRole);
    missed->setObjectName(QStringLiteral("resumeMissed"));
    QPushButton *now = box->addButton(tr("Continue from now"), QMessageBox::AcceptRole);
    now->setObjectName(QStringLiteral("resumeNow"));
    box->setDefaultButton(missed);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, missed, now, id](QAbstractButton *b) {
        if (selectedId() != id)
            selectJob(id);
        if (b == missed)
            resumeSelected(ResumeFrom::Missed);
        else if (b == now)
            resumeSelected(ResumeFrom::Now);
    });
    box->open();
}

void JobsView::askDelete()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete job"),
                                tr("Delete “%1” (%2) and its run history? This cannot be undone.")
                                    .arg(m_model->job(id).value(QStringLiteral("name")).toString(), id),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteQuestion"));
    QPushButton *yes = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDelete"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, id](QAbstractButton *b) {
        if (b != yes)
            return;
        if (selectedId() != id)
            selectJob(id);
        deleteSelected();
    });
    box->open();
}

void JobsView::jobAction(const QString &action, const QByteArray &method, const QString &suffix, const QUrlQuery &query)
{
    const QString id = selectedId();
    if (!m_client || id.isEmpty())
        return;
    const quint64 generation = m_generation;
    QPointer<JobsView> self(this);
    m_client->call(method, jobsPath(id) + suffix, query, {},
                   [self, generation, id, action](Result<QJsonValue> r) {
                       if (!self || generation != self->m_generation)
                           return;
                       if (!r.ok()) {
                           self->showError(r.error().message);
                           Q_EMIT self->actionFinished(action, false);
                           return;
                       }
                       self->showError({});
                       if (action == QLatin1String("delete")) {
                           self->m_model->removeJob(id);
                           if (self->m_detailId == id) {
                               self->m_detailId.clear();
                               self->m_detailPane->clear();
                           }
                       } else if (action == QLatin1String("run")) {
                           self->m_model->setLastRun(id, r->toObject());
                           self->m_dirty.insert(id);
                           self->loadDetail(id);
                       } else {
                           self->m_model->upsertJob(r->toObject());
                           self->loadDetail(id);
                       }
                       self->updateActions();
                       Q_EMIT self->actionFinished(action, true);
                   });
}

void JobsView::pauseSelected()
{
    jobAction(QStringLiteral("pause"), "POST", QStringLiteral("/pause"), {});
}

void JobsView::resumeSelected(ResumeFrom from)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("from"), from == ResumeFrom::Now ? QStringLiteral("now") : QStringLiteral("missed"));
    jobAction(QStringLiteral("resume"), "POST", QStringLiteral("/resume"), q);
}

void JobsView::runSelected()
{
    jobAction(QStringLiteral("run"), "POST", QStringLiteral("/run"), {});
}

void JobsView::deleteSelected()
{
    jobAction(QStringLiteral("delete"), "DELETE", {}, {});
}

QString JobsView::curlFor(const QString &request) const
{
    const QString id = selectedId();
    return JobsToolBar::curlFor(m_client, request, id.isEmpty() ? QJsonObject() : m_model->job(id));
}

} // namespace orrery
