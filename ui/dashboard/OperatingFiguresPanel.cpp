#include "OperatingFiguresPanel.h"

#include "ConsoleWidgets.h"
#include "DeltaBatch.h"
#include "EngineClient.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace orrery {

namespace {

enum Column { TitleCol, HourCol, DayCol, TargetCol, VerdictCol, ColumnCount };

QString percent(double ratio, int decimals)
{
    return QStringLiteral("%1 %").arg(ratio * 100.0, 0, 'f', decimals);
}

QString ms(qint64 v)
{
    return v < 0 ? QStringLiteral("–") : QStringLiteral("%1 ms").arg(v);
}

} // namespace

OperatingFiguresPanel::OperatingFiguresPanel(Clock *clock, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_counters(clock)
    , m_table(new QTableWidget(this))
    , m_error(ConsoleWidgets::errorLabel(this))
{
    setObjectName(QStringLiteral("operatingFigures"));
    m_figures = {
        {QStringLiteral("taskSuccessRate"), tr("Task success"), tr("≥ 99 %")},
        {QStringLiteral("averageRetriesPerTask"), tr("Retries per task"), tr("< 1.5")},
        {QStringLiteral("dlqPerDay"), tr("Dead-lettered tasks"), tr("< 5 per day")},
        {QStringLiteral("scheduledJobUptime"), tr("Scheduled job uptime"), tr("≥ 99.9 %")},
        {QStringLiteral("websocketP95LatencyMs"), tr("WebSocket latency p95"), tr("< 200 ms")},
        {QStringLiteral("breakerTripPercent"), tr("Breaker trips"), tr("< 2 % of calls")},
    };
    m_table->setObjectName(QStringLiteral("figuresTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setRowCount(int(m_figures.size()));
    m_table->setHorizontalHeaderLabels({tr("Figure"), tr("Last hour"), tr("Last 24 h"), tr("Target"), tr("Verdict")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int row = 0; row < m_figures.size(); ++row) {
        m_table->setItem(row, TitleCol, new QTableWidgetItem(m_figures.at(row).title));
        m_table->setItem(row, TargetCol, new QTableWidgetItem(m_figures.at(row).target));
        for (int c : {int(HourCol), int(DayCol), int(VerdictCol)})
            m_table->setItem(row, c, new QTableWidgetItem(tr("no data yet")));
    }
    // All six rows visible, no inner scrolling: the dashboard page scrolls instead.
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setFixedHeight(m_table->verticalHeader()->length() + m_table->horizontalHeader()->sizeHint().height()
                            + 2 * m_table->frameWidth() + 2);
    m_error->setObjectName(QStringLiteral("figuresError"));

    auto *tilesBox = new QGroupBox(tr("Live (from the event stream and the server)"), this);
    auto *tiles = new QGridLayout(tilesBox);
    const QList<QPair<QString, QString>> tileDefs = {
        {QStringLiteral("retries"), tr("Retries, 15 min")},
        {QStringLiteral("dlqDepth"), tr("DLQ depth")},
        {QStringLiteral("breakers"), tr("Breakers open / trips, 15 min")},
        {QStringLiteral("lateness"), tr("Scheduler lateness p99 / max, 15 min")},
        {QStringLiteral("jobs"), tr("Jobs fired / missed, 15 min")},
        {QStringLiteral("delay"), tr("Event delay to the console p95, 1 min")},
    };
    for (int i = 0; i < tileDefs.size(); ++i) {
        auto *title = new QLabel(tileDefs.at(i).second, tilesBox);
        QLabel *value = addTile(tileDefs.at(i).first, tileDefs.at(i).second);
        value->setParent(tilesBox);
        tiles->addWidget(title, (i / 3) * 2, i % 3);
        tiles->addWidget(value, (i / 3) * 2 + 1, i % 3);
    }

    auto *box = new QGroupBox(tr("Operating figures and targets"), this);
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(m_table);
    boxLayout->addWidget(m_error);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    layout->addWidget(tilesBox);

    m_reloadTimer.setInterval(10000);
    connect(&m_reloadTimer, &QTimer::timeout, this, &OperatingFiguresPanel::reload);
    m_tileTimer.setInterval(1000);
    connect(&m_tileTimer, &QTimer::timeout, this, &OperatingFiguresPanel::refreshTiles);
    m_tileTimer.start();
    refreshTiles();
}

QLabel *OperatingFiguresPanel::addTile(const QString &key, const QString &title)
{
    auto *l = new QLabel(this);
    l->setObjectName(QStringLiteral("tile_") + key);
    l->setAccessibleName(title);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    l->setFont(f);
    m_tiles.insert(key, l);
    return l;
}

void OperatingFiguresPanel::setClient(EngineClient *client)
{
    m_client = client;
    ++m_generation;
    m_pending = 0; // answers of the previous client are dropped by the generation check
    m_dlqDepth = -1;
    m_openBreakers = -1;
    if (!client) {
        m_reloadTimer.stop();
        return;
    }
    connect(client, &EngineClient::stateChanged, this, [this, client](EngineClient::State s) {
        if (client == m_client && s == EngineClient::State::Connected)
            reload();
    });
    m_reloadTimer.start();
    if (client->state() == EngineClient::State::Connected)
        reload();
}

void OperatingFiguresPanel::applyBatch(const DeltaBatch &batch)
{
    m_counters.record(batch);
    if (batch.hasEvent(QLatin1String("dlq_")) || batch.hasEvent(QLatin1String("task_dead_lettered"))
        || batch.hasEvent(QLatin1String("breaker_"))) {
        // A cheap refresh of the depth and open breakers happens with the next 10 s reload; an
        // alert or a trip asks for it now.
        if (!m_pending)
            reload();
    }
}

void OperatingFiguresPanel::reload()
{
    if (!m_client || m_client->state() != EngineClient::State::Connected || m_pending)
        return;
    const quint64 generation = m_generation;
    const qint64 now = m_clock->nowMs();
    m_pending = 4;
    m_client->get(QStringLiteral("/api/stats"), {}, [this, generation](Result<QJsonValue> r) {
        if (generation != m_generation)
            return;
        ConsoleWidgets::setError(m_error, r.ok() ? QString() : tr("Operating figures unavailable: %1").arg(r.error().message));
        if (r.ok())
            applyStats(r->toObject());
        finishOne();
    });
    // DLQ per day: entries whose last failure is in the window (the server's figure is the depth).
    auto dlqCount = std::make_shared<QPair<qint64, qint64>>(-1, -1);
    auto countSince = [this, generation, dlqCount, now](qint64 windowMs, bool day) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("from"), QString::number(now - windowMs));
        q.addQueryItem(QStringLiteral("size"), QStringLiteral("1"));
        m_client->get(QStringLiteral("/api/dlq"), q, [this, generation, dlqCount, day](Result<QJsonValue> r) {
            if (generation != m_generation)
                return;
            const qint64 n = r.ok() ? qint64(r->toObject().value(QStringLiteral("totalHits")).toDouble(-1)) : -1;
            (day ? dlqCount->second : dlqCount->first) = n;
            if (dlqCount->first != -1 && dlqCount->second != -1) {
                const QString missing = tr("the dead-letter queue is not served by this server");
                setFigure(QStringLiteral("dlqPerDay"), dlqCount->first >= 0 ? QJsonValue(double(dlqCount->first)) : QJsonValue(),
                          dlqCount->second >= 0 ? QJsonValue(double(dlqCount->second)) : QJsonValue(), missing, missing);
            }
            finishOne();
        });
    };
    countSince(3600 * 1000, false);
    countSince(24 * 3600 * 1000, true);
    m_client->get(QStringLiteral("/api/circuitbreaker/status"), {}, [this, generation](Result<QJsonValue> r) {
        if (generation != m_generation)
            return;
        if (r.ok())
            applyBreakers(r->toObject());
        finishOne();
    });
}

void OperatingFiguresPanel::finishOne()
{
    if (--m_pending == 0) {
        refreshTiles();
        Q_EMIT reloaded();
    }
}

void OperatingFiguresPanel::applyStats(const QJsonObject &stats)
{
    const QJsonObject figures = stats.value(QStringLiteral("figures")).toObject();
    const QJsonValue depth = figures.value(QStringLiteral("dlqDepth")).toObject().value(QStringLiteral("1h")).toObject().value(QStringLiteral("value"));
    m_dlqDepth = depth.isDouble() ? qint64(depth.toDouble()) : -1;
    for (const QString &key : {QStringLiteral("taskSuccessRate"), QStringLiteral("averageRetriesPerTask"),
                               QStringLiteral("scheduledJobUptime"), QStringLiteral("websocketP95LatencyMs")}) {
        const QJsonObject f = figures.value(key).toObject();
        const QJsonObject h = f.value(QStringLiteral("1h")).toObject();
        const QJsonObject d = f.value(QStringLiteral("24h")).toObject();
        setFigure(key, h.value(QStringLiteral("value")), d.value(QStringLiteral("value")), h.value(QStringLiteral("reason")).toString(),
                  d.value(QStringLiteral("reason")).toString());
    }
    // Trips per hour as the server counts them, shown beside the share of calls.
    const QJsonObject trips = figures.value(QStringLiteral("breakerTripRate")).toObject();
    const int row = 5;
    for (int c : {int(HourCol), int(DayCol)}) {
        const QJsonObject w = trips.value(c == HourCol ? QStringLiteral("1h") : QStringLiteral("24h")).toObject();
        const QJsonValue v = w.value(QStringLiteral("value"));
        QTableWidgetItem *item = m_table->item(row, c);
        item->setText(v.isDouble() ? tr("%1 trips/h").arg(v.toDouble(), 0, 'f', 1) : tr("no data"));
        item->setToolTip(v.isDouble() ? QString() : w.value(QStringLiteral("reason")).toString());
    }
}

void OperatingFiguresPanel::applyBreakers(const QJsonObject &status)
{
    double calls = 0, trips = 0;
    const QJsonArray breakers = status.value(QStringLiteral("breakers")).toArray();
    for (const QJsonValue &b : breakers) {
        calls += b.toObject().value(QStringLiteral("calls")).toDouble();
        trips += b.toObject().value(QStringLiteral("trips")).toDouble();
    }
    m_openBreakers = status.value(QStringLiteral("open")).toInt();
    QTableWidgetItem *verdict = m_table->item(5, VerdictCol);
    if (calls <= 0) {
        verdict->setText(tr("no data: no breaker call since the server started"));
        verdict->setForeground(palette().color(QPalette::PlaceholderText));
        return;
    }
    const double share = trips / calls;
    const bool met = share < 0.02;
    verdict->setText((met ? tr("met: %1 of %2 calls since the server started") : tr("missed: %1 of %2 calls since the server started"))
                         .arg(percent(share, 2))
                         .arg(qint64(calls)));
    verdict->setForeground(met ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
}

void OperatingFiguresPanel::setFigure(const QString &key, const QJsonValue &hour, const QJsonValue &day, const QString &hourReason,
                                      const QString &dayReason)
{
    int row = -1;
    for (int i = 0; i < m_figures.size(); ++i)
        if (m_figures.at(i).key == key)
            row = i;
    if (row < 0)
        return;
    const auto format = [&key](double v) -> QString {
        if (key == QLatin1String("taskSuccessRate"))
            return percent(v, 1);
        if (key == QLatin1String("scheduledJobUptime"))
            return percent(v, 2);
        if (key == QLatin1String("averageRetriesPerTask"))
            return QString::number(v, 'f', 2);
        if (key == QLatin1String("websocketP95LatencyMs"))
            return QStringLiteral("%1 ms").arg(v, 0, 'f', 1);
        return QString::number(qint64(v));
    };
    const auto put = [&](int column, const QJsonValue &v, const QString &reason) {
        QTableWidgetItem *item = m_table->item(row, column);
        item->setText(v.isDouble() ? format(v.toDouble()) : tr("no data"));
        item->setToolTip(v.isDouble() ? QString() : reason);
    };
    put(HourCol, hour, hourReason);
    put(DayCol, day, dayReason);
    const QJsonValue judged = day.isDouble() ? day : hour;
    QTableWidgetItem *verdict = m_table->item(row, VerdictCol);
    if (!judged.isDouble()) {
        verdict->setText(tr("no data: %1").arg(dayReason.isEmpty() ? hourReason : dayReason));
        verdict->setForeground(palette().color(QPalette::PlaceholderText));
        return;
    }
    const double v = judged.toDouble();
    bool met = true;
    if (key == QLatin1String("taskSuccessRate"))
        met = v >= 0.99;
    else if (key == QLatin1String("averageRetriesPerTask"))
        met = v < 1.5;
    else if (key == QLatin1String("dlqPerDay"))
        met = day.isDouble() ? v < 5 : v * 24 < 5;
    else if (key == QLatin1String("scheduledJobUptime"))
        met = v >= 0.999;
    else if (key == QLatin1String("websocketP95LatencyMs"))
        met = v < 200;
    verdict->setText(met ? tr("met") : tr("missed"));
    verdict->setForeground(met ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
}

void OperatingFiguresPanel::refreshTiles()
{
    m_tiles.value(QStringLiteral("retries"))->setText(QString::number(m_counters.retries()));
    m_tiles.value(QStringLiteral("dlqDepth"))->setText(m_dlqDepth < 0 ? QStringLiteral("–") : QString::number(m_dlqDepth));
    m_tiles.value(QStringLiteral("breakers"))
        ->setText(QStringLiteral("%1 / %2").arg(m_openBreakers < 0 ? QStringLiteral("–") : QString::number(m_openBreakers))
                      .arg(m_counters.breakerTrips()));
    m_tiles.value(QStringLiteral("lateness"))
        ->setText(QStringLiteral("%1 / %2").arg(ms(m_counters.latenessPercentile(0.99)), ms(m_counters.latenessMax())));
    m_tiles.value(QStringLiteral("jobs"))->setText(QStringLiteral("%1 / %2").arg(m_counters.jobsFired()).arg(m_counters.jobsMissed()));
    m_tiles.value(QStringLiteral("delay"))->setText(ms(m_counters.eventDelayPercentile(0.95)));
}

QString OperatingFiguresPanel::cellText(const QString &figure, int column) const
{
    for (int i = 0; i < m_figures.size(); ++i)
        if (m_figures.at(i).key == figure)
            return m_table->item(i, column)->text();
    return {};
}

QString OperatingFiguresPanel::tileText(const QString &tile) const
{
    QLabel *l = m_tiles.value(tile);
    return l ? l->text() : QString();
}

} // namespace orrery
