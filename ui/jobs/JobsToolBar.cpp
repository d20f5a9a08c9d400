#include "JobsToolBar.h"

#include "EngineClient.h"

#include <QAction>
#include <QMenu>
#include <QToolButton>

namespace orrery {

JobsToolBar::JobsToolBar(QWidget *parent)
    : QToolBar(parent)
{
    setObjectName(QStringLiteral("jobsToolbar"));
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_add = makeAction(QStringLiteral("addJob"), tr("Add…"), tr("Add a scheduled job"), QKeySequence(Qt::Key_Insert));
    m_edit = makeAction(QStringLiteral("editJob"), tr("Edit…"), tr("Change the selected job's schedule, workflow or policies"),
                        QKeySequence(Qt::Key_F2));
    m_pause = makeAction(QStringLiteral("pauseJob"), tr("Pause"), tr("Stop firing the selected job until it is resumed"),
                         QKeySequence(Qt::CTRL | Qt::Key_P));
    m_resume = makeAction(QStringLiteral("resumeJob"), tr("Resume…"),
                          tr("Resume the selected job: catch up missed runs or continue from now"),
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_run = makeAction(QStringLiteral("runJobNow"), tr("Run now"), tr("Start the job's workflow once, now, without changing its schedule"),
                       QKeySequence(Qt::CTRL | Qt::Key_R));
    m_delete = makeAction(QStringLiteral("deleteJob"), tr("Delete…"), tr("Delete the selected job and its run history"),
                          QKeySequence(QKeySequence::Delete));
    m_reload = makeAction(QStringLiteral("reloadJobs"), tr("Reload"), tr("Load the jobs again"), QKeySequence());
    addSeparator();

    m_curl = new QToolButton(this);
    m_curl->setObjectName(QStringLiteral("copyCurl"));
    m_curl->setText(tr("Copy as curl"));
    m_curl->setToolTip(tr("Copy the selected job's request (or the list request) as a curl command"));
    m_curl->setPopupMode(QToolButton::MenuButtonPopup);
    auto *menu = new QMenu(m_curl);
    const QList<std::pair<QString, QString>> requests = {
        {QStringLiteral("list"), tr("List jobs")},
        {QStringLiteral("detail"), tr("Selected job with runs")},
        {QStringLiteral("pause"), tr("Pause")},
        {QStringLiteral("resume"), tr("Resume (catch up missed runs)")},
        {QStringLiteral("run"), tr("Run now")},
        {QStringLiteral("update"), tr("Update (PUT the definition)")},
        {QStringLiteral("delete"), tr("Delete")}};
    for (const auto &[request, text] : requests) {
        QAction *a = menu->addAction(text);
        a->setObjectName(QStringLiteral("curl-") + request);
        connect(a, &QAction::triggered, this, [this, request = request] { Q_EMIT curlRequested(request); });
    }
    m_curl->setMenu(menu);
    connect(m_curl, &QToolButton::clicked, this,
            [this] { Q_EMIT curlRequested(m_hasSelection ? QStringLiteral("detail") : QStringLiteral("list")); });
    addWidget(m_curl);
}

QAction *JobsToolBar::makeAction(const QString &name, const QString &text, const QString &tip, const QKeySequence &key)
{
    auto *a = new QAction(text, this);
    a->setObjectName(name);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    a->setStatusTip(tip);
    a->setToolTip(tip);
    addAction(a);
    return a;
}

QString JobsToolBar::jobPath(const QString &id)
{
    const QString jobs = QStringLiteral("/api/scheduler/jobs");
    return id.isEmpty() ? jobs : jobs + QLatin1Char('/') + EngineClient::segment(id);
}

QString JobsToolBar::curlFor(const EngineClient *client, const QString &request, const QJsonObject &job)
{
    if (!client)
        return {};
    const QString id = job.value(QStringLiteral("id")).toString();
    if (request == QLatin1String("list") || id.isEmpty())
        return client->curlFor("GET", jobPath(), QUrlQuery(QStringLiteral("size=1000")));
    const QString one = jobPath(id);
    if (request == QLatin1String("pause"))
        return client->curlFor("POST", one + QStringLiteral("/pause"));
    if (request == QLatin1String("resume"))
        return client->curlFor("POST", one + QStringLiteral("/resume"), QUrlQuery(QStringLiteral("from=missed")));
    if (request == QLatin1String("run"))
        return client->curlFor("POST", one + QStringLiteral("/run"));
    if (request == QLatin1String("delete"))
        return client->curlFor("DELETE", one);
    if (request == QLatin1String("update"))
        return client->curlFor("PUT", one, {}, job); // the server ignores the read-only fields of a GET
    return client->curlFor("GET", one, QUrlQuery(QStringLiteral("runs=20")));
}

void JobsToolBar::update(const EngineClient *client, const QString &state)
{
    m_hasSelection = !state.isEmpty();
    const bool connected = client && client->state() == EngineClient::State::Connected;
    auto set = [client](QAction *a, bool possible, EngineClient::Access access) {
        const QString denied = client ? client->deniedReason(access) : QString();
        a->setEnabled(possible && denied.isEmpty());
        a->setToolTip(denied.isEmpty() ? a->statusTip() : a->statusTip() + QLatin1Char('\n') + denied);
    };
    set(m_add, connected, EngineClient::Access::Admin);
    set(m_edit, connected && m_hasSelection, EngineClient::Access::Admin);
    set(m_pause, connected && state == QLatin1String("scheduled"), EngineClient::Access::Operator);
    set(m_resume, connected && state == QLatin1String("paused"), EngineClient::Access::Operator);
    set(m_run, connected && m_hasSelection && state != QLatin1String("flagged"), EngineClient::Access::Operator);
    set(m_delete, connected && m_hasSelection, EngineClient::Access::Admin);
    m_reload->setEnabled(connected);
    m_curl->setEnabled(client != nullptr);
}

} // namespace orrery
