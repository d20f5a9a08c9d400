#pragma once

#include <QObject>
#include <QStringList>
#include <functional>

class QAction;
class QWidget;

namespace orrery {

class EngineClient;

// Pause, resume, retry or terminate every workflow selected in the Workflows view in one request
// (/api/workflow/bulk/...). Enabled for an operator with at least one selected row; the outcome
// says how many succeeded and why the others did not.
class BulkWorkflowActions : public QObject
{
    Q_OBJECT

public:
    enum class Action { Pause, Resume, Retry, Terminate };
    Q_ENUM(Action)
    // Asks before `action` on `count` workflows (terminate: also for a reason); false cancels.
    using Confirm = std::function<bool(Action action, int count, QString *reason)>;

    explicit BulkWorkflowActions(QWidget *parent);

    void setClient(EngineClient *client);
    // `remoteSelected`: how many of them are remote executions (client mode); any disables the actions.
    void setSelection(const QStringList &workflowIds, int remoteSelected = 0);
    QStringList selection() const { return m_ids; }
    QList<QAction *> actions() const { return m_actions; }
    QAction *action(Action a) const;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void trigger(Action a);
    // "3 of 4 workflows paused; abc: No such workflow found by id: abc"
    static QString summary(const QString &verb, int asked, const QJsonObject &bulkResponse);

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    void refresh();

    QWidget *m_parentWidget;
    EngineClient *m_client = nullptr;
    QStringList m_ids;
    int m_remoteSelected = 0;
    QList<QAction *> m_actions;
    Confirm m_confirm;
};

} // namespace orrery
