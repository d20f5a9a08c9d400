#pragma once

#include <QJsonObject>
#include <QList>
#include <QToolBar>

class QAction;
class QToolButton;

namespace orrery {

class EngineClient;

// The Jobs view's actions: Add, Edit, Pause, Resume, Run now, Delete, Reload (with shortcuts,
// object names for tests) and a "Copy as curl" button whose menu names each request. update()
// enables what the selected job's state allows and the caller's role permits; a refused action
// says why in its tooltip.
class JobsToolBar : public QToolBar
{
    Q_OBJECT

public:
    explicit JobsToolBar(QWidget *parent = nullptr);

    QAction *addJob() const { return m_add; }
    QAction *editJob() const { return m_edit; }
    QAction *pauseJob() const { return m_pause; }
    QAction *resumeJob() const { return m_resume; }
    QAction *runJob() const { return m_run; }
    QAction *deleteJob() const { return m_delete; }
    QAction *reloadJobs() const { return m_reload; }
    // The actions on the selected job (for the table's context menu).
    QList<QAction *> jobActions() const { return {m_edit, m_pause, m_resume, m_run, m_delete}; }
    QList<QAction *> allActions() const { return {m_add, m_edit, m_pause, m_resume, m_run, m_delete, m_reload}; }

    // "/api/scheduler/jobs", or "/api/scheduler/jobs/{id}" with the id percent-encoded.
    static QString jobPath(const QString &id = {});
    // The request behind an action as a curl line ($ORRERY_TOKEN); `job` is the selected one
    // (empty: the list request).
    static QString curlFor(const EngineClient *client, const QString &request, const QJsonObject &job);

    // `state` is the selected job's ("scheduled", "paused", …), empty when none is selected.
    void update(const EngineClient *client, const QString &state);

Q_SIGNALS:
    // "list", "detail", "pause", "resume", "run", "update" or "delete".
    void curlRequested(const QString &request);

private:
    QAction *makeAction(const QString &name, const QString &text, const QString &tip, const QKeySequence &key);

    QAction *m_add;
    QAction *m_edit;
    QAction *m_pause;
    QAction *m_resume;
    QAction *m_run;
    QAction *m_delete;
    QAction *m_reload;
    QToolButton *m_curl;
    bool m_hasSelection = false;
};

} // namespace orrery
