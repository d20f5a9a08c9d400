#include "MainWindow.h"

#include "ConnectionDialog.h"
#include "DashboardView.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "ServerList.h"
#include "StartWorkflowDialog.h"
#include "ThroughputSeries.h"
#include "TokenVault.h"

#include <QAction>
#include <QCloseEvent>
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
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Orrery"));
    m_dashboard = new DashboardView(m_workflows, m_tasks, m_series, m_tabs);
    m_workflowsView = new ExecutionsView(ExecutionsView::Kind::Workflows, m_workflows, nullptr, m_tabs);
    m_tasksView = new ExecutionsView(ExecutionsView::Kind::Tasks, m_tasks, nullptr, m_tabs);
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    m_tabs->addTab(m_workflowsView, tr("Workflows"));
    m_tabs->addTab(m_tasksView, tr("Tasks"));
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
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        if (m_client)
            m_client->resync();
    });
    connect(quit, &QAction::triggered, this, &QMainWindow::close);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectAction);
    file->addAction(m_startAction);
    file->addAction(m_refreshAction);
    file->addSeparator();
    file->addAction(quit);
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->addAction(m_connectAction);
    bar->addAction(m_startAction);
    bar->addAction(m_refreshAction);
    statusBar()->addPermanentWidget(m_stateLabel, 1);
    m_stateLabel->setText(tr("Not connected"));
    connect(m_vault, &TokenVault::keychainUnavailable, this, [this](const QString &message) {
        statusBar()->showMessage(message, 15000);
    });
    resize(1200, 780);
    // Layout remembered: geometry, toolbar/dock state and the open tab.
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(m_settings->value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(m_settings->value(QStringLiteral("window/tab"), 0).toInt());
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
    m_startAction->setEnabled(false);
    m_refreshAction->setEnabled(false);
    if (!client)
        return;
    client->setParent(this);
    connect(client, &EngineClient::deltas, this, &MainWindow::applyBatch);
    connect(client, &EngineClient::stateChanged, this, &MainWindow::onStateChanged);
    connect(client, &EngineClient::errorOccurred, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    client->open();
}

void MainWindow::onStateChanged(EngineClient::State state, const QString &detail)
{
    const bool connected = state == EngineClient::State::Connected;
    m_startAction->setEnabled(connected);
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/state"), saveState());
    m_settings->setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    if (m_client)
        m_client->close();
    event->accept();
}

} // namespace orrery
