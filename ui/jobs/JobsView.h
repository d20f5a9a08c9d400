#pragma once

#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QUrlQuery>
#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace orrery {

class Clock;
struct DeltaBatch;
class EngineClient;
class JobDetailPane;
class JobTableModel;
class JobsToolBar;
class JsonRowModel;

// The scheduler's jobs: a table (name, trigger in words, next and last run with its outcome,
// state, zone, workflow, policies) and the detail of the selected job with its recent runs.
// Toolbar: Add, Edit (JobEditorDialog), Pause, Resume (asks: catch up missed runs or continue
// from now), Run now, Delete (confirmed), Reload and Copy as curl. Actions the caller's role may
// not perform are disabled with the reason in the tooltip; errors appear in a red line above the
// table. job_* events reload the list, at most every 500 ms.
class JobsView : public QWidget
{
    Q_OBJECT

public:
    enum class ResumeFrom { Missed, Now };

    explicit JobsView(const Clock *clock, QWidget *parent = nullptr);

    void setClient(EngineClient *client);
    void applyBatch(const DeltaBatch &batch);
    void reload();

    JobTableModel *model() const { return m_model; }
    JsonRowModel *runsModel() const;
    QTableView *table() const { return m_table; }
    bool selectJob(const QString &id);
    QString selectedId() const;
    QString errorText() const;
    QString detailText() const;

    // The actions without questions (the toolbar asks before Resume and Delete).
    void pauseSelected();
    void resumeSelected(ResumeFrom from);
    void runSelected();
    void deleteSelected();
    // "list", "detail", "pause", "resume", "run", "delete", "update": the request as curl.
    QString curlFor(const QString &request) const;

Q_SIGNALS:
    void reloaded();
    void detailLoaded(const QString &id);
    void actionFinished(const QString &action, bool ok);

private:
    void updateActions();
    void scheduleReload();
    void loadOutcomes(const QStringList &ids);
    void loadDetail(const QString &id);
    void showError(const QString &message);
    void openEditor(const QJsonObject &job);
    void askResume();
    void askDelete();
    void jobAction(const QString &action, const QByteArray &method, const QString &suffix, const QUrlQuery &query);

    const Clock *m_clock;
    QPointer<EngineClient> m_client;
    quint64 m_generation = 0;
    bool m_loadedOnce = false;
    bool m_listFailed = false;
    QSet<QString> m_dirty;
    QTimer m_reloadTimer;
    QTimer m_clockTimer;
    JobTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_error;
    JobDetailPane *m_detailPane;
    QLabel *m_summary;
    JobsToolBar *m_toolbar;
    QString m_detailId;
};

} // namespace orrery
