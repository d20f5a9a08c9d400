#pragma once

#include "LiveOpsCounters.h"

#include <QHash>
#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QLabel;
class QTableWidget;

namespace orrery {

class EngineClient;
struct DeltaBatch;

// The dashboard's operating picture: the six operating figures with their targets (task success
// >= 99 %, retries < 1.5 per task, DLQ < 5 per day, job uptime >= 99.9 %, WebSocket p95 < 200 ms,
// breaker trips < 2 % of calls) over the last hour and day, and live tiles (retries, DLQ depth,
// open breakers and trips, scheduler lateness, event delay). Server figures come from GET
// /api/stats, /api/dlq and /api/circuitbreaker/status every 10 s; the live tiles from the events.
class OperatingFiguresPanel : public QWidget
{
    Q_OBJECT

public:
    OperatingFiguresPanel(Clock *clock, QWidget *parent = nullptr);

    void setClient(EngineClient *client);
    void applyBatch(const DeltaBatch &batch);
    void reload();

    // For tests: the row of a figure ("taskSuccessRate", "dlqPerDay", "breakerTripPercent"...),
    // column 1 = last hour, 2 = last day, 4 = verdict.
    QString cellText(const QString &figure, int column) const;
    QString tileText(const QString &tile) const;
    const LiveOpsCounters &counters() const { return m_counters; }

Q_SIGNALS:
    void reloaded();

private:
    struct Figure
    {
        QString key;
        QString title;
        QString target;
    };
    void setFigure(const QString &key, const QJsonValue &hour, const QJsonValue &day, const QString &hourReason,
                   const QString &dayReason);
    void applyStats(const QJsonObject &stats);
    void applyBreakers(const QJsonObject &status);
    void refreshTiles();
    void finishOne();
    QLabel *addTile(const QString &key, const QString &title);

    Clock *m_clock;
    EngineClient *m_client = nullptr;
    LiveOpsCounters m_counters;
    QList<Figure> m_figures;
    QTableWidget *m_table;
    QLabel *m_error;
    QHash<QString, QLabel *> m_tiles;
    qint64 m_dlqDepth = -1;
    int m_openBreakers = -1;
    int m_pending = 0;
    quint64 m_generation = 0;
    QTimer m_reloadTimer;
    QTimer m_tileTimer;
};

} // namespace orrery
