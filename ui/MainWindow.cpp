#include "MainWindow.h"

#include "AuditView.h"
#include "BreakersView.h"
#include "ConnectionDialog.h"
#include "DashboardView.h"
#include "DlqView.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "JobsView.h"
#include "OperatingFiguresPanel.h"
#include "ServerList.h"
#include "StartWorkflowDialog.h"
#include "ThroughputSeries.h"
#include "SettingsDialog.h"
#include "Theme.h"
#include "TokenVault.h"
#include "TrayNotifier.h"
#include "WorkersView.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QTimer>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace orrery {

MainWindow::MainWindow(Clock *clock, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_clock(clock)
    , m_settings(settings)
    , m_servers(new ServerList(settings))
    , m_vault(new TokenVault(QStringLiteral("orrery"), this))
    , m_workflows(new WorkflowTableModel(this))
    , m_tasks(new TaskTableModel(this))
    , m_series(new ThroughputSeries(clock, 900, this))
    , m_tabs(new QTabWidget(this))
    , m_stateLabel(new QLabel(this))
    , m_roleLabel(new QLabel(this))
    , m_tray(new TrayNotifier(clock, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Orrery"));
    m_dashboard = new DashboardView(clock, m_workflows, m_tasks, m_series, m_tabs);
    m_workflowsView = new ExecutionsView(ExecutionsView::Kind::Workflows, m_workflows, nullptr, m_tabs);
    m_tasksView = new ExecutionsView(ExecutionsView::Kind::Tasks, m_tasks, nullptr, m_tabs);
    m_jobsView = new JobsView(clock, m_tabs);
    m_dlqView = new DlqView(m_tabs);
    m_dlqView->setClock(clock);
    m_breakersView = new BreakersView(clock, m_tabs);
    m_workersView = new WorkersView(clock, m_tabs);
    m_auditView = new AuditView(clock, m_tabs);
    setCentralWidget(m_tabs);

    m_connectAction = new QAction(tr("&Connect…"), this);
    m_connectAction->setShortcut(QKeySequence(tr("Ctrl+K")));
    m_startAction = new QAction(tr("&Start workflow…"), this);
    m_startAction->setShortcut(QKeySequence(tr("Ctrl+N")));
    m_startAction->setEnabled(false);
    m_refreshAction = new QAction(tr("&Reload"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setEnabled(false);
    auto *quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::showConnectionDialog);
    connect(m_startAction, &QAction::triggered, this, &MainWindow::showStartWorkflowDialog);
    // Reload (F5): the rows of every view, and the current tab's own lists.
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        if (!m_client)
            return;
        m_client->resync();
        QWidget *current = m_tabs->currentWidget();
        if (current == m_jobsView)
            m_jobsView->reload();
        else if (current == m_dlqView)
            m_dlqView->reload();
        else if (current == m_breakersView)
            m_breakersView->reload();
        else if (current == m_workersView)
            m_workersView->reload();
        else if (current == m_auditView)
            m_auditView->reload();
        else if (current == m_dashboard)
            m_dashboard->figures()->reload();
    });
    connect(quit, &QAction::triggered, this, &QMainWindow::close);
    m_settingsAction = new QAction(tr("Se&ttings…"), this);
    m_settingsAction->setShortcut(QKeySequence(tr("Ctrl+,")));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettingsDialog);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectAction);
    file->addAction(m_startAction);
    file->addAction(m_refreshAction);
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(quit);
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    addTab(m_dashboard, tr("Dashboard"));
    addTab(m_workflowsView, tr("Workflows"));
    addTab(m_tasksView, tr("Tasks"));
    addTab(m_jobsView, tr("Jobs"));
    addTab(m_dlqView, tr("Dead letters"));
    addTab(m_breakersView, tr("Breakers"));
    addTab(m_workersView, tr("Workers"));
    addTab(m_auditView, tr("Audit"));
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->addAction(m_connectAction);
    bar->addAction(m_startAction);
    bar->addAction(m_refreshAction);
    statusBar()->addPermanentWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_roleLabel);
    m_roleLabel->setObjectName(QStringLiteral("roleLabel"));
    m_stateLabel->setText(tr("Not connected"));
    connect(m_vault, &TokenVault::keychainUnavailable, this, [this](const QString &message) {
        statusBar()->showMessage(message, 15000);
    });
    // Tray: DLQ alerts and breaker trips; the same text goes to the status bar.
    m_tray->setEnabled(m_settings->value(QLatin1String(SettingsDialog::kTrayKey), true).toBool());
    auto *trayMenu = new QMenu(this);
    trayMenu->addAction(tr("Show Orrery"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    trayMenu->addAction(quit);
    m_tray->setMenu(trayMenu);
    connect(m_tray, &TrayNotifier::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_tray, &TrayNotifier::notified, this, [this](const QString &, const QString &text) {
        statusBar()->showMessage(text, 15000);
    });
    auto *trayTick = new QTimer(this);
    trayTick->setInterval(1000);
    connect(trayTick, &QTimer::timeout, m_tray, &TrayNotifier::flush);
    trayTick->start();
    resize(1200, 780);
    // Layout remembered: geometry, toolbar/dock state and the open tab.
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(m_settings->value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(m_settings->value(QStringLiteral("window/tab"), 0).toInt());
    restoreTableLayouts();
}

MainWindow::~MainWindow()
{
    delete m_servers;
    if (m_client)
        m_client->close();
}

void MainWindow::setClient(EngineClient *client)
{
    if (m_client) {
        m_client->close();
        m_client->deleteLater();
    }
    m_client = client;
    m_workflows->clear();
    m_tasks->clear();
    m_workflowsView->setClient(client);
    m_tasksView->setClient(client);
    m_dashboard->setClient(client);
    m_jobsView->setClient(client);
    m_dlqView->setClient(client);
    m_breakersView->setClient(client);
    m_workersView->setClient(client);
    m_auditView->setClient(client);
    m_startAction->setEnabled(false);
    m_refreshAction->setEnabled(false);
    if (!client)
        return;
    client->setParent(this);
    connect(client, &EngineClient::deltas, this, &MainWindow::applyBatch);
    connect(client, &EngineClient::stateChanged, this, &MainWindow::onStateChanged);
    connect(client, &EngineClient::roleChanged, this, [this] {
        m_roleLabel->setText(roleText());
        updateStartAction();
    });
    m_roleLabel->clear();
    connect(client, &EngineClient::errorOccurred, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    client->open();
}

void MainWindow::onStateChanged(EngineClient::State state, const QString &detail)
{
    const bool connected = state == EngineClient::State::Connected;
    updateStartAction();
    m_refreshAction->setEnabled(connected);
    QString text;
    switch (state) {
    case EngineClient::State::Disconnected: text = tr("Not connected"); break;
    case EngineClient::State::Connecting: text = tr("Connecting"); break;
    case EngineClient::State::Connected: text = tr("Connected: %1 (live: %2)").arg(m_client->description(), m_client->liveSource()); break;
    case EngineClient::State::Reconnecting: text = tr("Reconnecting"); break;
    }
    if (!detail.isEmpty() && state != EngineClient::State::Connected)
        text += QStringLiteral(" — ") + detail;
    m_stateLabel->setText(text);
}

void MainWindow::applyBatch(const DeltaBatch &batch)
{
    m_workflows->applyRows(batch.workflows, batch.resync);
    m_tasks->applyRows(batch.tasks, batch.resync);
    if (batch.tasksCompleted || batch.tasksFailed)
        m_series->record(batch.tasksCompleted, batch.tasksFailed);
    m_dashboard->applyBatch(batch);
    m_tray->applyBatch(batch);
    m_jobsView->applyBatch(batch);
    m_dlqView->applyBatch(batch);
    m_breakersView->applyBatch(batch);
}

void MainWindow::showConnectionDialog()
{
    auto *dialog = new ConnectionDialog(m_servers, m_vault, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (m_factory)
            setClient(m_factory(dialog->localChosen(), dialog->url(), dialog->token()));
    });
    dialog->open();
}

void MainWindow::showStartWorkflowDialog()
{
    if (!m_client)
        return;
    auto *dialog = new StartWorkflowDialog(m_client, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &StartWorkflowDialog::started, this, [this](const QString &id) {
        statusBar()->showMessage(tr("Started workflow %1").arg(id), 8000);
    });
    dialog->open();
}

void MainWindow::addTab(QWidget *view, const QString &title)
{
    const int index = m_tabs->addTab(view, title);
    // Ctrl+1 … Ctrl+9 switch tabs.
    QAction *go = m_viewMenu->addAction(title);
    if (index < 9)
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    connect(go, &QAction::triggered, this, [this, view] { m_tabs->setCurrentWidget(view); });
}

void MainWindow::updateStartAction()
{
    // Starting a workflow needs the operator role: a viewer sees why it is disabled.
    const bool connected = m_client && m_client->state() == EngineClient::State::Connected;
    const QString denied = m_client ? m_client->deniedReason(EngineClient::Access::Operator) : QString();
    m_startAction->setEnabled(connected && denied.isEmpty());
    m_startAction->setToolTip(denied.isEmpty() ? tr("Start a workflow") : tr("Start a workflow — %1").arg(denied));
    m_startAction->setStatusTip(denied);
}

QString MainWindow::roleText() const
{
    if (!m_client || m_client->role().isEmpty())
        return {};
    return tr("Role: %1").arg(m_client->role());
}

void MainWindow::showSettingsDialog()
{
    auto *dialog = new SettingsDialog(m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::themeChanged, this, [](const QString &theme) {
        if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
            Theme::apply(*app, Theme::parse(theme));
    });
    connect(dialog, &SettingsDialog::trayNotificationsChanged, m_tray, &TrayNotifier::setEnabled);
    connect(dialog, &SettingsDialog::languageChanged, this, [this] {
        statusBar()->showMessage(tr("The language changes the next time Orrery starts."), 15000);
    });
    dialog->open();
}

QString MainWindow::layoutKey(const QHeaderView *header) const
{
    QStringList names;
    for (const QObject *o = header->parent(); o && o != this; o = o->parent())
        if (!o->objectName().isEmpty())
            names.prepend(o->objectName());
    return names.isEmpty() ? QString() : QStringLiteral("tables/") + names.join(u'.');
}

void MainWindow::restoreTableLayouts()
{
    for (QHeaderView *h : findChildren<QHeaderView *>()) {
        const QString key = layoutKey(h);
        if (h->orientation() == Qt::Horizontal && !key.isEmpty() && m_settings->contains(key))
            h->restoreState(m_settings->value(key).toByteArray());
    }
}

void MainWindow::saveTableLayouts()
{
    for (const QHeaderView *h : findChildren<QHeaderView *>()) {
        const QString key = layoutKey(h);
        if (h->orientation() == Qt::Horizontal && !key.isEmpty())
            m_settings->setValue(key, h->saveState());
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveTableLayouts();
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/state"), saveState());
    m_settings->setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    if (m_client)
        m_client->close();
    event->accept();
}

} // namespace orrery
