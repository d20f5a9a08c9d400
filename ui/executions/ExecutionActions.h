#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrlQuery>
#include <functional>

class QAction;
class QWidget;

namespace orrery {

class EngineClient;

// The operator actions on the execution selected in a Workflows or Tasks view: retry, rerun,
// pause, resume, terminate, and for a task "rerun from this task". Each is enabled by the row's
// status and the caller's role (a disabled action says why in its tooltip), terminate is
// confirmed with a reason, and each has its curl line. Actions on a task act on its workflow.
class ExecutionActions : public QObject
{
    Q_OBJECT

public:
    enum class Action { Retry, Rerun, RerunFromTask, Pause, Resume, Terminate };
    Q_ENUM(Action)
    // Asks the operator before `action` (terminate: also for a reason). false cancels it.
    using Confirm = std::function<bool(Action action, const QString &workflowId, QString *reason)>;

    ExecutionActions(bool forTasks, QWidget *parent);

    void setClient(EngineClient *client);
    // The selected row (a workflow summary, or a task with "workflowInstanceId"); {} = none.
    void setTarget(const QJsonObject &row);
    QList<QAction *> actions() const { return m_actions; }
    QAction *action(Action a) const;
    // The curl line that performs `a` on the current target (empty without one).
    QString curlFor(Action a) const;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void trigger(Action a);

Q_SIGNALS:
    void started(orrery::ExecutionActions::Action action, const QString &workflowId);
    void finished(orrery::ExecutionActions::Action action, const QString &workflowId, bool ok, const QString &message);

private:
    struct Call
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QJsonObject body;
        bool hasBody = false;
    };
    Call callFor(Action a, const QString &reason) const;
    QString workflowId() const;
    bool allowedByStatus(Action a) const;
    void refresh();
    bool askDefault(Action a, const QString &workflowId, QString *reason) const;

    bool m_forTasks;
    QWidget *m_parentWidget;
    EngineClient *m_client = nullptr;
    QJsonObject m_row;
    QList<QAction *> m_actions;
    Confirm m_confirm;
};

} // namespace orrery
