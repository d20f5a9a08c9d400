#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrlQuery>
#include <functional>

class QAction;
class QWidget;

namespace orrery {

class EngineClient;

// The finer operator actions on one execution, beside ExecutionActions: skip a pending task,
// signal the workflow's waiting WAIT/HUMAN task with a JSON output, reset the callbacks of its
// waiting worker tasks, and terminate-and-remove (admin). The task of "Skip" is the Tasks view's
// row, or in the Workflows view the task selected in the detail's task tree. Each action is
// enabled by status and role, and a disabled one says why in its tooltip.
class WorkflowControlActions : public QObject
{
    Q_OBJECT

public:
    enum class Action { SkipTask, Signal, ResetCallbacks, TerminateRemove };
    Q_ENUM(Action)
    // Asks the operator before `action`; `text` receives the terminate reason or the signal's
    // output (a JSON object as text). false cancels.
    using Confirm = std::function<bool(Action action, const QString &workflowId, QString *text)>;

    WorkflowControlActions(bool forTasks, QWidget *parent);

    void setClient(EngineClient *client);
    // The selected row: a workflow (Workflows view) or a task (Tasks view); {} = none.
    void setTarget(const QJsonObject &row);
    // The task picked in the workflow's task tree (Workflows view); {} = none.
    void setSelectedTask(const QJsonObject &task);
    QList<QAction *> actions() const { return m_actions; }
    QAction *action(Action a) const;
    QString curlFor(Action a) const;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void trigger(Action a);

Q_SIGNALS:
    void started(const QString &workflowId);
    void finished(const QString &workflowId, bool ok, const QString &message);

private:
    struct Call
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QJsonValue body;
    };
    Call callFor(Action a, const QString &text) const;
    QString workflowId() const;
    QJsonObject task() const; // the task Skip acts on
    QString statusReason(Action a) const; // why `a` is not possible now; empty = possible
    void refresh();
    bool askDefault(Action a, const QString &workflowId, QString *text) const;

    bool m_forTasks;
    QWidget *m_parentWidget;
    EngineClient *m_client = nullptr;
    QJsonObject m_row;
    QJsonObject m_task;
    QList<QAction *> m_actions;
    Confirm m_confirm;
};

} // namespace orrery
