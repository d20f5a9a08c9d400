#pragma once

#include "DeltaBatch.h"

#include <QPointer>
#include <QTimer>
#include <QUrlQuery>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace orrery {

class AuditTableModel;
class Clock;
class EngineClient;

// Operator actions from the audit log (GET /api/audit, admin only), newest first, 100 a page with
// "Load more", filtered by actor (token name), route (a route pattern such as
// /api/circuitbreaker/{name}/open, or else a path prefix) and outcome. For a role below admin the
// list is not requested and the view says why.
class AuditView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDefaultPageSize = 100;

    // `clock` (not owned; nullptr = the system clock) gives "now" for relative times.
    explicit AuditView(Clock *clock = nullptr, QWidget *parent = nullptr);

    void setClient(EngineClient *client);
    void applyBatch(const DeltaBatch &batch);
    void reload();
    void loadMore();

    AuditTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    // The query of the list request with the current filters (without paging).
    QUrlQuery filterQuery() const;
    QString listCurl() const;
    // The audit entries of the selected entry's target ("what else happened to it").
    QString selectedCurl() const;
    QString noteText() const;
    void setPageSize(int size) { m_pageSize = qBound(1, size, 1000); }
    QString errorText() const;

Q_SIGNALS:
    void reloaded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void fetch(bool append);
    void updateAccess();
    void updateShown();

    AuditTableModel *m_model;
    QPointer<EngineClient> m_client;
    QLineEdit *m_actor;
    QLineEdit *m_route;
    QComboBox *m_outcome;
    QPushButton *m_refreshButton;
    QPushButton *m_more;
    QLabel *m_shown;
    QLabel *m_note;
    QLabel *m_error;
    QTableView *m_table;
    QTimer m_filterDelay;
    int m_pageSize = kDefaultPageSize;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace orrery
