#pragma once

#include "DlqActionBar.h"
#include "DlqOperation.h"
#include "DlqReportDialog.h"

#include <QMessageBox>

#include <QPointer>
#include <QUrlQuery>
#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;
class QTreeView;

namespace orrery {

class Clock;
class DlqDetailPane;
class DlqFilterBar;
class DlqModel;
class EngineClient;
struct DeltaBatch;

// "Dead letters": the DLQ grouped by reason class and task type (filters: reason, task type,
// status, text — applied by the server, so "everything matching the filter" is exactly what the
// list shows), the detail of the selected entry (attempts, replays, input), and Replay / Purge
// of the selection or of everything matching the filter: a dry-run count first, a confirmation,
// the real call with progress and Cancel, then a per-item report. Replay needs the operator
// role, purge the admin role; what the token may not do is disabled with the reason.
// Reloads (debounced, at most every 500 ms; while hidden, once it is shown again) on
// task_dead_lettered and dlq_* events and on task failures.
class DlqView : public QWidget
{
    Q_OBJECT

public:
    using CurlTarget = DlqActionBar::CurlTarget;

    explicit DlqView(QWidget *parent = nullptr);
    ~DlqView() override;

    void setClient(EngineClient *client);
    void setClock(const Clock *clock);
    void applyBatch(const DeltaBatch &batch);
    void reload();

    DlqModel *model() const { return m_model; }
    DlqDetailPane *detail() const { return m_detail; }
    QTreeView *tree() const { return m_tree; }
    // The entry ids of the selected rows (a selected group stands for its entries).
    QStringList selectedIds() const;
    // The list filter as a DLQ filter object ({reason, taskType, status, text}).
    QJsonObject filterJson() const;
    QUrlQuery listQuery() const;
    QString errorText() const;
    QString curlFor(CurlTarget target) const;
    DlqOperation *operation() const { return m_operation; }

    void replaySelection();
    void replayMatching();
    void purgeSelection();
    void purgeMatching();
    void cancelOperation();

Q_SIGNALS:
    void reloaded();
    void confirmationShown(QMessageBox *box);
    void reportShown(orrery::DlqReportDialog *report);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void start(DlqOperation::Action action, bool matching);
    void confirm(DlqOperation *op, int matched);
    // The inline message under the actions: red for errors; `clearedByLoad` = hidden again by
    // the next successful reload (an action's error stays until the next action).
    void showMessage(const QString &message, bool error, bool clearedByLoad);
    void scheduleReload();
    void updateActions();
    void setBusy(bool busy, const QString &label = {});
    QString scopeText(bool matching) const;

    QPointer<EngineClient> m_client;
    const Clock *m_clock = nullptr;
    DlqModel *m_model;
    DlqFilterBar *m_filters;
    QLabel *m_shown;
    QPushButton *m_reload;
    DlqActionBar *m_actions;
    QLabel *m_message;
    QTreeView *m_tree;
    DlqDetailPane *m_detail;
    QTimer *m_reloadTimer;
    QPointer<DlqOperation> m_operation;
    quint64 m_generation = 0;
    bool m_errorFromLoad = false;
    bool m_stale = false; // events came while hidden
};

} // namespace orrery
