#pragma once

#include "DeltaBatch.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QTableView;

namespace orrery {

class Clock;
class EngineClient;
class PoolTypeModel;
class WorkerTableModel;

// The local worker pool (state, busy of capacity, queued, per task type) and the remote pollers
// (worker id, task types, last poll, in flight), from GET /api/conductor/workers, refreshed every
// 2 s while the view is visible.
class WorkersView : public QWidget
{
    Q_OBJECT

public:
    // `clock` (not owned; nullptr = the system clock) gives "now" for the relative poll times.
    explicit WorkersView(Clock *clock = nullptr, QWidget *parent = nullptr);

    void setClient(EngineClient *client);
    void applyBatch(const DeltaBatch &batch);
    void reload();

    WorkerTableModel *model() const { return m_model; }
    PoolTypeModel *poolTypes() const { return m_types; }
    QString poolSummary() const;
    QString listCurl() const;
    QString errorText() const;
    void setRefreshIntervalMs(int ms) { m_refresh.setInterval(ms); }

Q_SIGNALS:
    void reloaded();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showPool(const QJsonObject &pool);

    WorkerTableModel *m_model;
    PoolTypeModel *m_types;
    QPointer<EngineClient> m_client;
    QTableView *m_table;
    QTableView *m_typeTable;
    QLabel *m_pool;
    QLabel *m_note;
    QLabel *m_error;
    QTimer m_refresh;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace orrery
