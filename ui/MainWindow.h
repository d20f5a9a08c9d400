#pragma once

#include "EngineClient.h"

#include <QMainWindow>
#include <functional>

class QAction;
class QHeaderView;
class QLabel;
class QMenu;
class QSettings;
class QTabWidget;

namespace orrery {

class AuditView;
class BreakersView;
class Clock;
class DashboardView;
class DlqView;
class JobsView;
class ExecutionsView;
class ServerList;
class TaskTableModel;
class ThroughputSeries;
class TokenVault;
class TrayNotifier;
class WorkersView;
class WorkflowTableModel;

// The console's main window: one tab per view (Dashboard, Workflows, Tasks, Jobs, Dead letters,
// Breakers, Workers, Audit) over one EngineClient, fed by the client's batched deltas in one go
// per batch; the tray notifier; settings (language, colours, notifications). Layout (geometry,
// tool bars, the open tab, table headers) is remembered in the settings.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Makes a client for the connection dialog's choice (local, or url + token).
    using ClientFactory = std::function<EngineClient *(bool local, const QString &url, const QString &token)>;

    // `clock` and `settings` are not owned.
    MainWindow(Clock *clock, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    void setClientFactory(ClientFactory factory) { m_factory = std::move(factory); }
    // Takes ownership; the previous client is closed and deleted. Opens the new one.
    void setClient(EngineClient *client);
    EngineClient *client() const { return m_client; }

    WorkflowTableModel *workflowModel() const { return m_workflows; }
    TaskTableModel *taskModel() const { return m_tasks; }
    ThroughputSeries *throughput() const { return m_series; }
    DashboardView *dashboard() const { return m_dashboard; }
    ExecutionsView *workflowsView() const { return m_workflowsView; }
    ExecutionsView *tasksView() const { return m_tasksView; }
    JobsView *jobsView() const { return m_jobsView; }
    DlqView *dlqView() const { return m_dlqView; }
    BreakersView *breakersView() const { return m_breakersView; }
    WorkersView *workersView() const { return m_workersView; }
    AuditView *auditView() const { return m_auditView; }
    QTabWidget *tabs() const { return m_tabs; }
    QAction *startWorkflowAction() const { return m_startAction; }
    QAction *connectAction() const { return m_connectAction; }
    QAction *settingsAction() const { return m_settingsAction; }
    TrayNotifier *tray() const { return m_tray; }
    QString roleText() const;

    // Applies one batch to the models and the throughput series (public for tests and benchmarks).
    void applyBatch(const DeltaBatch &batch);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showConnectionDialog();
    void showStartWorkflowDialog();
    void showSettingsDialog();
    void addTab(QWidget *view, const QString &title);
    // Column order, widths and sort of every named table, under "tables/<view>.<table>".
    QString layoutKey(const QHeaderView *header) const;
    void restoreTableLayouts();
    void saveTableLayouts();
    void onStateChanged(EngineClient::State state, const QString &detail);
    void updateStartAction();

    Clock *m_clock;
    QSettings *m_settings;
    ServerList *m_servers;
    TokenVault *m_vault;
    WorkflowTableModel *m_workflows;
    TaskTableModel *m_tasks;
    ThroughputSeries *m_series;
    QTabWidget *m_tabs;
    DashboardView *m_dashboard;
    ExecutionsView *m_workflowsView;
    ExecutionsView *m_tasksView;
    JobsView *m_jobsView;
    DlqView *m_dlqView;
    BreakersView *m_breakersView;
    WorkersView *m_workersView;
    AuditView *m_auditView;
    QLabel *m_stateLabel;
    QLabel *m_roleLabel;
    TrayNotifier *m_tray;
    QMenu *m_viewMenu = nullptr;
    QAction *m_connectAction;
    QAction *m_startAction;
    QAction *m_refreshAction;
    QAction *m_settingsAction;
    EngineClient *m_client = nullptr;
    ClientFactory m_factory;
};

} // namespace orrery
