#include "WorkflowControlActions.h"

#include "EngineClient.h"

#include <QAction>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMessageBox>
#include <QMetaEnum>
#include <QPointer>
#include <QWidget>

namespace orrery {

namespace {

bool pending(const QString &taskStatus)
{
    return taskStatus == QLatin1String("SCHEDULED") || taskStatus == QLatin1String("IN_PROGRESS");
}

bool open(const QString &workflowStatus)
{
    return workflowStatus == QLatin1String("RUNNING") || workflowStatus == QLatin1String("PAUSED");
}

} // namespace

WorkflowControlActions::WorkflowControlActions(bool forTasks, QWidget *parent)
    : QObject(parent)
    , m_forTasks(forTasks)
    , m_parentWidget(parent)
{
    const QList<QPair<Action, QString>> defs = {
        {Action::SkipTask, tr("Skip task")},
        {Action::Signal, forTasks ? tr("Signal workflow…") : tr("Signal…")},
        {Action::ResetCallbacks, tr("Reset callbacks")},
        {Action::TerminateRemove, forTasks ? tr("Terminate and remove workflow…") : tr("Terminate and remove…")},
    };
    for (const auto &d : defs) {
        auto *a = new QAction(d.second, this);
        a->setData(int(d.first));
        a->setObjectName(QStringLiteral("action_") + QString::fromLatin1(QMetaEnum::fromType<Action>().valueToKey(int(d.first))));
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, [this, action = d.first] { trigger(action); });
        m_actions.append(a);
    }
    refresh();
}

QAction *WorkflowControlActions::action(Action a) const
{
    for (QAction *x : m_actions)
        if (x->data().toInt() == int(a))
            return x;
    return nullptr;
}

void WorkflowControlActions::setClient(EngineClient *client)
{
    m_client = client;
    m_row = {};
    m_task = {};
    if (client)
        connect(client, &EngineClient::roleChanged, this, [this, client] {
            if (client == m_client)
                refresh();
        });
    refresh();
}

void WorkflowControlActions::setTarget(const QJsonObject &row)
{
    if (workflowId() != row.value(m_forTasks ? QStringLiteral("workflowInstanceId") : QStringLiteral("workflowId")).toString())
        m_task = {};
    m_row = row;
    refresh();
}

void WorkflowControlActions::setSelectedTask(const QJsonObject &task)
{
    m_task = task;
    refresh();
}

QString WorkflowControlActions::workflowId() const
{
    return m_row.value(m_forTasks ? QStringLiteral("workflowInstanceId") : QStringLiteral("workflowId")).toString();
}

QJsonObject WorkflowControlActions::task() const
{
    return m_forTasks ? m_row : m_task;
}

QString WorkflowControlActions::statusReason(Action a) const
{
    const QString status = m_row.value(QStringLiteral("status")).toString();
    switch (a) {
    case Action::SkipTask: {
        const QString taskStatus = task().value(QStringLiteral("status")).toString();
        if (task().isEmpty())
            return tr("Pick a task in the task tree first.");
        if (!pending(taskStatus))
            return tr("Only a SCHEDULED or IN_PROGRESS task can be skipped; this one is %1.").arg(taskStatus);
        if (!m_forTasks && status != QLatin1String("RUNNING"))
            return tr("Tasks can be skipped only while the workflow is RUNNING; it is %1.").arg(status);
        return {};
    }
    case Action::Signal:
        if (m_forTasks && pending(status) && m_row.value(QStringLiteral("taskType")).toString() != QLatin1String("WAIT")
            && m_row.value(QStringLiteral("taskType")).toString() != QLatin1String("HUMAN"))
            return tr("Only a WAIT or HUMAN task is signaled; this one is %1.").arg(m_row.value(QStringLiteral("taskType")).toString());
        [[fallthrough]];
    case Action::ResetCallbacks:
        if (m_forTasks ? !pending(status) : !open(status))
            return tr("Not possible while the %1 is %2.").arg(m_forTasks ? tr("task") : tr("workflow"), status);
        return {};
    case Action::TerminateRemove:
        if (!m_forTasks && status == QLatin1String("COMPLETED"))
            return tr("A COMPLETED workflow cannot be terminated; remove it instead.");
        return {};
    }
    return {};
}

void WorkflowControlActions::refresh()
{
    const bool selected = m_client && !workflowId().isEmpty();
    for (QAction *a : std::as_const(m_actions)) {
        const auto action = Action(a->data().toInt());
        const auto access = action == Action::TerminateRemove ? EngineClient::Access::Admin : EngineClient::Access::Operator;
        QString tip;
        if (!selected)
            tip = tr("Select a row first.");
        else if (EngineClient::isRemote(m_row))
            tip = EngineClient::remoteActionReason();
        else if (const QString denied = m_client->deniedReason(access); !denied.isEmpty())
            tip = denied;
        else
            tip = statusReason(action);
        a->setEnabled(selected && tip.isEmpty());
        a->setToolTip(tip.isEmpty() ? a->text() : a->text() + QStringLiteral(" — ") + tip);
        a->setStatusTip(tip);
    }
}

WorkflowControlActions::Call WorkflowControlActions::callFor(Action a, const QString &text) const
{
    const QString id = EngineClient::segment(workflowId());
    const QString base = QStringLiteral("/api/workflow/") + id;
    switch (a) {
    case Action::SkipTask:
        return {"PUT", base + QStringLiteral("/skiptask/") + EngineClient::segment(task().value(QStringLiteral("referenceTaskName")).toString()),
                {}, {}};
    case Action::Signal:
        return {"POST", QStringLiteral("/api/tasks/") + id + QStringLiteral("/COMPLETED/signal"), {},
                QJsonDocument::fromJson(text.toUtf8()).object()};
    case Action::ResetCallbacks: return {"POST", base + QStringLiteral("/resetcallbacks"), {}, {}};
    case Action::TerminateRemove: {
        Call c{"DELETE", base + QStringLiteral("/terminate-remove"), {}, {}};
        if (!text.isEmpty())
            c.query.addQueryItem(QStringLiteral("reason"), text);
        return c;
    }
    }
    return {};
}

QString WorkflowControlActions::curlFor(Action a) const
{
    if (!m_client || workflowId().isEmpty())
        return {};
    const Call c = callFor(a, a == Action::Signal ? QStringLiteral("{}") : QString());
    return m_client->curlFor(c.method, c.path, c.query, c.body);
}

bool WorkflowControlActions::askDefault(Action a, const QString &workflowId, QString *text) const
{
    switch (a) {
    case Action::SkipTask:
        return QMessageBox::question(m_parentWidget, tr("Skip task"),
                                     tr("Skip task %1 of workflow %2? It is recorded as SKIPPED and the workflow goes on.")
                                         .arg(task().value(QStringLiteral("referenceTaskName")).toString(), workflowId))
            == QMessageBox::Yes;
    case Action::Signal: {
        for (QString draft = QStringLiteral("{}");;) {
            bool ok = false;
            draft = QInputDialog::getMultiLineText(m_parentWidget, tr("Signal workflow"),
                                                   tr("Complete the waiting WAIT or HUMAN task of workflow %1 with this "
                                                      "output (a JSON object):").arg(workflowId),
                                                   draft, &ok);
            if (!ok)
                return false;
            QJsonParseError err;
            const QJsonDocument doc = QJsonDocument::fromJson(draft.toUtf8(), &err);
            if (err.error == QJsonParseError::NoError && doc.isObject()) {
                *text = draft;
                return true;
            }
            QMessageBox::warning(m_parentWidget, tr("Signal workflow"),
                                 err.error != QJsonParseError::NoError
                                     ? tr("The output is not valid JSON at character %1: %2.").arg(err.offset).arg(err.errorString())
                                     : tr("The output must be a JSON object ({…})."));
        }
    }
    case Action::ResetCallbacks: return true;
    case Action::TerminateRemove: {
        bool ok = false;
        const QString reason = QInputDialog::getText(m_parentWidget, tr("Terminate and remove workflow"),
                                                     tr("Terminate workflow %1 and remove it with its tasks? This cannot be "
                                                        "undone.\nReason:").arg(workflowId),
                                                     QLineEdit::Normal, tr("Removed from the console"), &ok);
        if (ok)
            *text = reason;
        return ok;
    }
    }
    return false;
}

void WorkflowControlActions::trigger(Action a)
{
    const QString id = workflowId();
    QAction *qa = action(a);
    if (!m_client || id.isEmpty() || !qa || !qa->isEnabled())
        return;
    QString text;
    if (!(m_confirm ? m_confirm(a, id, &text) : askDefault(a, id, &text)))
        return;
    if (a == Action::Signal) {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson((text.isEmpty() ? QStringLiteral("{}") : text).toUtf8(), &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject()) {
            Q_EMIT finished(id, false, tr("Signal not sent: the output must be a JSON object."));
            return;
        }
    }
    const Call c = callFor(a, a == Action::Signal && text.isEmpty() ? QStringLiteral("{}") : text);
    Q_EMIT started(id);
    QPointer<WorkflowControlActions> self(this);
    const QString name = qa->text().remove(QStringLiteral("…"));
    m_client->call(c.method, c.path, c.query, c.body, [self, id, name](Result<QJsonValue> r) {
        if (!self)
            return;
        if (r.ok())
            Q_EMIT self->finished(id, true, tr("%1: done for workflow %2.").arg(name, id));
        else
            Q_EMIT self->finished(id, false, tr("%1 failed for workflow %2: %3").arg(name, id, r.error().message));
    });
}

} // namespace orrery
