#include "BulkWorkflowActions.h"

#include "EngineClient.h"

#include <QAction>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QMetaEnum>
#include <QPointer>
#include <QWidget>

namespace orrery {

namespace {

constexpr int kMaxPerRequest = 1000; // the server refuses larger bulk requests

struct Route
{
    QByteArray method;
    QString path;
};

Route routeOf(BulkWorkflowActions::Action a)
{
    switch (a) {
    case BulkWorkflowActions::Action::Pause: return {"PUT", QStringLiteral("/api/workflow/bulk/pause")};
    case BulkWorkflowActions::Action::Resume: return {"PUT", QStringLiteral("/api/workflow/bulk/resume")};
    case BulkWorkflowActions::Action::Retry: return {"POST", QStringLiteral("/api/workflow/bulk/retry")};
    case BulkWorkflowActions::Action::Terminate: return {"POST", QStringLiteral("/api/workflow/bulk/terminate")};
    }
    return {};
}

} // namespace

BulkWorkflowActions::BulkWorkflowActions(QWidget *parent)
    : QObject(parent)
    , m_parentWidget(parent)
{
    const QList<QPair<Action, QString>> defs = {
        {Action::Pause, tr("Pause selected")},
        {Action::Resume, tr("Resume selected")},
        {Action::Retry, tr("Retry selected")},
        {Action::Terminate, tr("Terminate selected…")},
    };
    for (const auto &d : defs) {
        auto *a = new QAction(d.second, this);
        a->setData(int(d.first));
        a->setObjectName(QStringLiteral("bulk_") + QString::fromLatin1(QMetaEnum::fromType<Action>().valueToKey(int(d.first))));
        connect(a, &QAction::triggered, this, [this, action = d.first] { trigger(action); });
        m_actions.append(a);
    }
    refresh();
}

QAction *BulkWorkflowActions::action(Action a) const
{
    for (QAction *x : m_actions)
        if (x->data().toInt() == int(a))
            return x;
    return nullptr;
}

void BulkWorkflowActions::setClient(EngineClient *client)
{
    m_client = client;
    m_ids.clear();
    if (client)
        connect(client, &EngineClient::roleChanged, this, [this, client] {
            if (client == m_client)
                refresh();
        });
    refresh();
}

void BulkWorkflowActions::setSelection(const QStringList &workflowIds, int remoteSelected)
{
    m_ids = workflowIds;
    m_remoteSelected = remoteSelected;
    refresh();
}

void BulkWorkflowActions::refresh()
{
    QString tip;
    if (!m_client || m_ids.isEmpty())
        tip = tr("Select one or more workflows first.");
    else if (m_remoteSelected > 0)
        tip = EngineClient::remoteActionReason();
    else if (const QString denied = m_client->deniedReason(EngineClient::Access::Operator); !denied.isEmpty())
        tip = denied;
    else if (m_ids.size() > kMaxPerRequest)
        tip = tr("At most %1 workflows at a time; %2 are selected.").arg(kMaxPerRequest).arg(m_ids.size());
    for (QAction *a : std::as_const(m_actions)) {
        a->setEnabled(tip.isEmpty());
        const QString text = a->text() + QStringLiteral(" (%1)").arg(m_ids.size());
        a->setToolTip(tip.isEmpty() ? text : text + QStringLiteral(" — ") + tip);
        a->setStatusTip(tip);
    }
}

QString BulkWorkflowActions::summary(const QString &verb, int asked, const QJsonObject &bulkResponse)
{
    const int ok = int(bulkResponse.value(QStringLiteral("bulkSuccessfulResults")).toArray().size());
    const QJsonObject errors = bulkResponse.value(QStringLiteral("bulkErrorResults")).toObject();
    QString text = tr("%1 of %2 workflows %3.").arg(ok).arg(asked).arg(verb);
    QStringList why;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        why << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
    if (!why.isEmpty())
        text += QLatin1Char(' ') + tr("Not done: %1").arg(why.join(QStringLiteral("; ")));
    return text;
}

void BulkWorkflowActions::trigger(Action a)
{
    QAction *qa = action(a);
    if (!m_client || m_ids.isEmpty() || !qa || !qa->isEnabled())
        return;
    QString reason;
    bool go = true;
    if (m_confirm) {
        go = m_confirm(a, int(m_ids.size()), &reason);
    } else if (a == Action::Terminate) {
        reason = QInputDialog::getText(m_parentWidget, tr("Terminate workflows"),
                                       tr("Terminate %n workflow(s)? Their open tasks are canceled.\nReason:", nullptr, int(m_ids.size())),
                                       QLineEdit::Normal, tr("Terminated from the console"), &go);
    } else {
        go = m_ids.size() == 1
            || QMessageBox::question(m_parentWidget, qa->text(), tr("Apply \"%1\" to %2 workflows?").arg(qa->text()).arg(m_ids.size()))
                == QMessageBox::Yes;
    }
    if (!go)
        return;
    const Route route = routeOf(a);
    QUrlQuery query;
    if (a == Action::Terminate && !reason.isEmpty())
        query.addQueryItem(QStringLiteral("reason"), reason);
    const QStringList verbs = {tr("paused"), tr("resumed"), tr("retried"), tr("terminated")};
    const QString verb = verbs.value(int(a));
    const int asked = int(m_ids.size());
    QPointer<BulkWorkflowActions> self(this);
    m_client->call(route.method, route.path, query, QJsonArray::fromStringList(m_ids), [self, verb, asked](Result<QJsonValue> r) {
        if (!self)
            return;
        if (!r.ok())
            return Q_EMIT self->finished(false, tr("Bulk action failed: %1").arg(r.error().message));
        const QJsonObject response = r->toObject();
        const bool all = response.value(QStringLiteral("bulkErrorResults")).toObject().isEmpty();
        Q_EMIT self->finished(all, summary(verb, asked, response));
    });
}

} // namespace orrery
