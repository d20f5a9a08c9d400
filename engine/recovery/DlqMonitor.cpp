#include "DlqMonitor.h"

#include "AlertWebhook.h"
#include "DlqTable.h"

#include "core/Clock.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

Q_DECLARE_LOGGING_CATEGORY(lcDlq)

namespace orrery {

DlqMonitor::DlqMonitor(const DlqAlertConfig &config, const Clock *clock, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_gauge(std::make_shared<DlqGauge>())
    , m_alerts(config)
    , m_webhook(new AlertWebhook(config.webhook, clock, seed ? seed : QRandomGenerator::global()->generate(), this))
{
}

DlqMonitor::~DlqMonitor() = default;

void DlqMonitor::open(DlqTable *table)
{
    m_table = table;
    recount();
    m_alerts.start(m_depth);
}

void DlqMonitor::close()
{
    m_webhook->stop();
    m_gauge->setClosed();
    m_table = nullptr;
}

void DlqMonitor::recount()
{
    if (!m_table)
        return;
    DlqFilter dead;
    dead.statuses = {QStringLiteral("DEAD")};
    if (auto n = m_table->count(dead); n.ok())
        m_depth = n.value();
    if (auto n = m_table->count(DlqFilter()); n.ok())
        m_total = n.value();
    publish();
}

void DlqMonitor::deadLettered(qint64 nowMs, bool newEntry, bool wasDead)
{
    m_total += newEntry ? 1 : 0;
    m_depth += wasDead ? 0 : 1;
    m_inflowHour.add(nowMs);
    publish();
    m_gauge->addInflow(nowMs);
}

void DlqMonitor::checkInflow(qint64 nowMs)
{
    for (const QJsonObject &alert : m_alerts.onInflow(nowMs, 1, m_depth))
        raise(alert);
}

void DlqMonitor::replayStarted()
{
    --m_depth;
    publish();
}

void DlqMonitor::replaySettled(bool ok)
{
    m_depth += ok ? 0 : 1;
    publish();
}

void DlqMonitor::replayAnswered(qint64 nowMs, bool ok)
{
    if (ok) {
        m_outflowHour.add(nowMs);
        m_gauge->addOutflow(nowMs);
    }
    m_alerts.onDepth(m_depth);
}

void DlqMonitor::removed(qint64 nowMs, int n)
{
    m_outflowHour.add(nowMs, n);
    m_gauge->addOutflow(nowMs, n);
    recount();
    m_alerts.onDepth(m_depth);
}

void DlqMonitor::writeStats(QJsonObject &stats, qint64 nowMs)
{
    m_inflowHour.prune(nowMs);
    m_outflowHour.prune(nowMs);
    const auto rates = [nowMs](const EventRate &r) {
        return QJsonObject{{QStringLiteral("lastMinute"), double(r.countSince(nowMs, 60000))},
                           {QStringLiteral("lastHour"), double(r.countSince(nowMs, 3600000))}};
    };
    stats.insert(QStringLiteral("inflow"), rates(m_inflowHour));
    stats.insert(QStringLiteral("outflow"), rates(m_outflowHour));
    stats.insert(QStringLiteral("alerts"), m_alerts.toJson(nowMs));
    stats.insert(QStringLiteral("webhook"), m_webhook->toJson());
}

void DlqMonitor::raise(const QJsonObject &alert)
{
    QJsonObject payload = alert;
    if (auto c = m_table ? m_table->counts() : Result<DlqCounts>(Error::unavailable(QString())); c.ok()) {
        payload.insert(QStringLiteral("byType"), DlqCounts::toJson(c->byType));
        payload.insert(QStringLiteral("byReason"), DlqCounts::toJson(c->byReason));
    }
    if (m_table) {
        if (auto r = m_table->addToCounter(QStringLiteral("alerts"), 1); !r.ok())
            qCWarning(lcDlq).noquote() << r.error().message;
    }
    qCWarning(lcDlq).noquote() << "dlq_alert:" << alert.value(QStringLiteral("message")).toString();
    emit alertRaised(EngineEvent{QStringLiteral("dlq_alert"), QString(), m_clock->nowMs(), payload});
    m_webhook->enqueue(payload);
}

} // namespace orrery
