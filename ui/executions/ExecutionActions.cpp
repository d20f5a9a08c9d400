#include "ExecutionActions.h"

#include "EngineClient.h"

#include <QAction>
#include <QInputDialog>
#include <QLineEdit>
#include <QMetaEnum>
#include <QPointer>
#include <QMessageBox>
#include <QWidget>

namespace orrery {

namespace {

const QStringList kEnded = {QStringLiteral("COMPLETED"), QStringLiteral("FAILED"), QStringLiteral("TIMED_OUT"),
                            QStringLiteral("TERMINATED")};
const QStringList kTaskFailed = {QStringLiteral("FAILED"), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"),
                                 QStringLiteral("TIMED_OUT"), QStringLiteral("CANCELED")};
const QStringList kTaskEnded = {QStringLiteral("COMPLETED"), QStringLiteral("COMPLETED_WITH_ERRORS"), QStringLiteral("SKIPPED"),
                                QStringLiteral("FAILED"), QStringLiteral("FAILED_WITH_TERMINAL_ERROR"),
                                QStringLiteral("TIMED_OUT"), QStringLiteral("CANCELED")};

} // namespace

ExecutionActions::ExecutionActions(bool forTasks, QWidget *parent)
    : QObject(parent)
    , m_forTasks(forTasks)
    , m_parentWidget(parent)
{
    const QList<QPair<Action, QString>> defs = {
        {Action::Retry, forTasks ? tr("Retry workflow") : tr("Retry")},
        {Action::Rerun, forTasks ? tr("Rerun workflow") : tr("Rerun")},
        {Action::RerunFromTask, tr("Rerun from this task")},
        {Action::Pause, forTasks ? tr("Pause workflow") : tr("Pause")},
        {Action::Resume, forTasks ? tr("Resume workflow") : tr("Resume")},
        {Action::Terminate, forTasks ? tr("Terminate workflow…") : tr("Terminate…")},
    };
    for (const auto &d : defs) {
        if (d.first == Action::RerunFromTask && !forTasks)
            continue;
        auto *a = new QAction(d.second, this);
        a->setData(int(d.first));
        a->setObjectName(QStringLiteral("action_") + QString::fromLatin1(QMetaEnum::fromType<Action>().valueToKey(int(d.first))));
        connect(a, &QAction::triggered, this, [this, action = d.first] { trigger(action); });
        m_actions.append(a);
    }
    // Shortcuts work while the view has focus.
    action(Action::Retry)->setShortcut(QKeySequence(tr("Ctrl+R")));
    action(Action::Pause)->setShortcut(QKeySequence(tr("Ctrl+P")));
    action(Action::Resume)->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    for (QAction *a : std::as_const(m_actions))
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    refresh();
}

QAction *ExecutionActions::action(Action a) const
{
    for (QAction *x : m_actions)
        if (x->data().toInt() == int(a))
            return x;
    return nullptr;
}

void ExecutionActions::setClient(EngineClient *client)
{
    m_client = client;
    m_row = {};
    if (client)
        connect(client, &EngineClient::roleChanged, this, [this, client] {
            if (client == m_client)
                refresh();
        });
    refresh();
}

void ExecutionActions::setTarget(const QJsonObject &row)
{
    m_row = row;
    refresh();
}

QString ExecutionActions::workflowId() const
{
    return m_row.value(m_forTasks ? QStringLiteral("workflowInstanceId") : QStringLiteral("workflowId")).toString();
}

bool ExecutionActions::allowedByStatus(Action a) const
{
    const QString status = m_row.value(QStringLiteral("status")).toString();
    if (m_forTasks) {
        switch (a) {
        case Action::Retry: return kTaskFailed.contains(status);
        case Action::Rerun:
        case Action::RerunFromTask: return kTaskEnded.contains(status);
        case Action::Pause:
        case Action::Terminate: return !kTaskEnded.contains(status);
        case Action::Resume: return true; // the workflow's state is not on a task row: the server decides
        }
        return false;
    }
    switch (a) {
    case Action::Retry: return status == QLatin1String("FAILED") || status == QLatin1String("TIMED_OUT") || status == QLatin1String("TERMINATED");
    case Action::Rerun: return kEnded.contains(status);
    case Action::RerunFromTask: return false;
    case Action::Pause: return status == QLatin1String("RUNNING");
    case Action::Resume: return status == QLatin1String("PAUSED");
    case Action::Terminate: return status == QLatin1String("RUNNING") || status == QLatin1String("PAUSED");
    }
    return false;
}

void ExecutionActions::refresh()
{
    // A remote execution (client mode) is the Conductor server's: nothing here acts on it.
    const QString denied = EngineClient::isRemote(m_row) ? EngineClient::remoteActionReason()
                           : m_client                    ? m_client->deniedReason(EngineClient::Access::Operator)
                                                         : QString();
    const bool selected = m_client && !workflowId().isEmpty();
    for (QAction *a : std::as_const(m_actions)) {
        const auto action = Action(a->data().toInt());
        const bool byStatus = selected && allowedByStatus(action);
        a->setEnabled(byStatus && denied.isEmpty());
        QString tip;
        if (!selected)
            tip = tr("Select a row first.");
        else if (!denied.isEmpty())
            tip = denied;
        else if (!byStatus)
            tip = tr("Not possible while the %1 is %2.")
                      .arg(m_forTasks ? tr("task") : tr("workflow"), m_row.value(QStringLiteral("status")).toString());
        a->setToolTip(tip.isEmpty() ? a->text() : a->text() + QStringLiteral(" — ") + tip);
        a->setStatusTip(tip);
    }
}

ExecutionActions::Call ExecutionActions::callFor(Action a, const QString &reason) const
{
    const QString base = QStringLiteral("/api/workflow/") + EngineClient::segment(workflowId());
    switch (a) {
    case Action::Retry: return {"POST", base + QStringLiteral("/retry"), {}, {}, false};
    case Action::Rerun: return {"POST", base + QStringLiteral("/rerun"), {}, QJsonObject{}, true};
    case Action::RerunFromTask:
        return {"POST", base + QStringLiteral("/rerun"), {},
                QJsonObject{{QStringLiteral("reRunFromTaskId"), m_row.value(QStringLiteral("taskId")).toString()}}, true};
    case Action::Pause: return {"PUT", base + QStringLiteral("/pause"), {}, {}, false};
    case Action::Resume: return {"PUT", base + QStringLiteral("/resume"), {}, {}, false};
    case Action::Terminate: {
        Call c{"DELETE", base, {}, {}, false};
        if (!reason.isEmpty())
            c.query.addQueryItem(QStringLiteral("reason"), reason);
        return c;
    }
    }
    return {};
}

QString ExecutionActions::curlFor(Action a) const
{
    if (!m_client || workflowId().isEmpty())
        return {};
    const Call c = callFor(a, a == Action::Terminate ? tr("Terminated from the console") : QString());
    return m_client->curlFor(c.method, c.path, c.query, c.hasBody ? QJsonValue(c.body) : QJsonValue());
}

bool ExecutionActions::askDefault(Action a, const QString &workflowId, QString *reason) const
{
    if (a == Action::Terminate) {
        bool ok = false;
        const QString text = QInputDialog::getText(m_parentWidget, tr("Terminate workflow"),
                                                   tr("Terminate workflow %1? Its open tasks are canceled.\nReason:").arg(workflowId),
                                                   QLineEdit::Normal, tr("Terminated from the console"), &ok);
        if (ok)
            *reason = text;
        return ok;
    }
    if (a == Action::Rerun || a == Action::RerunFromTask)
        return QMessageBox::question(m_parentWidget, tr("Rerun workflow"),
                                     a == Action::Rerun ? tr("Run workflow %1 again from the start? Its tasks are dropped.").arg(workflowId)
                                                        : tr("Rerun workflow %1 from this task? Every task after it is dropped.").arg(workflowId))
            == QMessageBox::Yes;
    return true;
}

void ExecutionActions::trigger(Action a)
{
    const QString id = workflowId();
    QAction *qa = action(a);
    if (!m_client || id.isEmpty() || !qa || !qa->isEnabled())
        return;
    QString reason;
    const bool go = m_confirm ? m_confirm(a, id, &reason) : askDefault(a, id, &reason);
    if (!go)
        return;
    const Call c = callFor(a, reason);
    Q_EMIT started(a, id);
    QPointer<ExecutionActions> self(this);
    const QString name = qa->text().remove(QStringLiteral("…"));
    m_client->call(c.method, c.path, c.query, c.hasBody ? QJsonValue(c.body) : QJsonValue(), [self, a, id, name](Result<QJsonValue> r) {
        if (!self)
            return;
        if (r.ok())
            Q_EMIT self->finished(a, id, true, tr("%1: done for workflow %2.").arg(name, id));
        else
            Q_EMIT self->finished(a, id, false, tr("%1 failed for workflow %2: %3").arg(name, id, r.error().message));
    });
}

} // namespace orrery
