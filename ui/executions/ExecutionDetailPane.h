#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTimer;

namespace orrery {

class EngineClient;
class ExecutionActions;
class JsonRowModel;
class TaskTableModel;
class TaskTreeModel;
class WorkflowControlActions;

// The detail of one workflow or task, fetched from the EngineClient: its title and reason, input
// and output JSON, the attempts (a workflow's tasks; every attempt of a task's reference) and, for
// a task, its logs (fetched again every 2 s while the task is open); for a workflow, its task
// graph as a tree (fork branches, switch cases, loop iterations); the operator actions with
// their outcome, and "Copy as curl" for the detail request or any action.
class ExecutionDetailPane : public QWidget
{
    Q_OBJECT

public:
    ExecutionDetailPane(bool tasks, QWidget *parent = nullptr);

    void setClient(EngineClient *client);
    // Fetches and shows `id` (a workflow id or a task id).
    void load(const QString &id);
    // The row the actions act on, as the table has it (the fresher detail replaces it on load).
    // A remote row ("source": "remote", client mode) is read through
    // /api/conductor/remote/workflow/{id}, and every action is disabled for it.
    void setTarget(const QJsonObject &row);
    QString currentId() const { return m_currentId; }
    // Whether the shown execution is a remote one.
    bool currentIsRemote() const { return m_remote; }

    ExecutionActions *actions() const { return m_actions; }
    WorkflowControlActions *controlActions() const { return m_control; }
    TaskTreeModel *taskTree() const { return m_tree; } // nullptr in the Tasks view
    // Shows an action's outcome above the detail (green when ok, red otherwise).
    void showActionMessage(bool ok, const QString &message);
    QString input() const;
    QString output() const;
    JsonRowModel *attempts() const;
    QString logs() const;
    QString actionMessage() const;

Q_SIGNALS:
    void loaded(const QString &id);

private:
    void refreshLogs();

    bool m_tasks;
    EngineClient *m_client = nullptr;
    QString m_currentId;
    bool m_remote = false; // the target is a remote execution
    QLabel *m_title;
    QPlainTextEdit *m_input;
    QPlainTextEdit *m_output;
    TaskTableModel *m_attempts;
    QPlainTextEdit *m_logs = nullptr;
    QLabel *m_actionMessage;
    ExecutionActions *m_actions;
    WorkflowControlActions *m_control;
    TaskTreeModel *m_tree = nullptr;
    QTimer *m_liveTimer;
};

} // namespace orrery
