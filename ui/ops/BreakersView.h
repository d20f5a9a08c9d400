#pragma once

#include "DeltaBatch.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace orrery {

class BreakerTableModel;
class Clock;
class EngineClient;

// Circuit breakers at a glance: colored state, counters, failure rate, the last failure, a live
// countdown to half-open (ticking each second while visible) and the recent failures of the
// selected breaker. Force open / Force close (admin) and Reset (operator) act on the name in the
// name field (filled from the selection; a new name may be forced open ahead of time); a role
// that may not perform an action sees it disabled with the reason. Reloads on
// breaker_state_changed events, at most every 500 ms.
class BreakersView : public QWidget
{
    Q_OBJECT

public:
    enum class Action { ForceOpen, ForceClose, Reset };

    // `clock` (not owned; nullptr = the system clock) drives the countdown.
    explicit BreakersView(Clock *clock = nullptr, QWidget *parent = nullptr);

    void setClient(EngineClient *client);
    void applyBatch(const DeltaBatch &batch);
    void reload();

    BreakerTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    // Selects the breaker's row (if listed) and puts its name in the name field.
    bool selectBreaker(const QString &name);
    void perform(Action action);
    QString listCurl() const;
    QString actionCurl(Action action) const;
    QString errorText() const;

Q_SIGNALS:
    void reloaded();
    void actionFinished(orrery::BreakersView::Action action, const QString &name, bool ok);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    static QString routeOf(Action action);
    static QString actionPath(const QString &name, Action action);
    QString currentName() const;
    void updateActions();
    void updateDetail();
    void showError(const QString &message);
    void tick();

    BreakerTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QPointer<EngineClient> m_client;
    QTableView *m_table;
    QLineEdit *m_name;
    QPushButton *m_open;
    QPushButton *m_close;
    QPushButton *m_reset;
    QPushButton *m_refresh;
    QToolButton *m_curl;
    QLabel *m_summary;
    QLabel *m_roleNote;
    QLabel *m_error;
    QLabel *m_detailTitle;
    QListWidget *m_failures;
    QTimer m_tick;
    QTimer m_debounce;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_reloadAgain = false;
    bool m_stale = true;
};

} // namespace orrery
