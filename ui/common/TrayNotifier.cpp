#include "TrayNotifier.h"

#include "DeltaBatch.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>

namespace orrery {

TrayNotifier::TrayNotifier(Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon().isNull() ? QApplication::style()->standardIcon(QStyle::SP_ComputerIcon)
                                                                         : QApplication::windowIcon(),
                                     this);
        m_tray->setToolTip(tr("Orrery"));
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT activated();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayNotifier::activated);
        m_tray->show();
    }
}

void TrayNotifier::setMenu(QMenu *menu)
{
    if (m_tray)
        m_tray->setContextMenu(menu);
}

void TrayNotifier::applyBatch(const DeltaBatch &batch)
{
    if (!m_enabled)
        return;
    for (const QJsonObject &e : batch.otherEvents) {
        const QString name = e.value(QLatin1String("event")).toString();
        if (name == QLatin1String("dlq_alert")) {
            QString text = e.value(QLatin1String("message")).toString();
            if (text.isEmpty())
                text = tr("%1 entries in the dead-letter queue (alert threshold %2).")
                           .arg(e.value(QLatin1String("count")).toInt())
                           .arg(e.value(QLatin1String("threshold")).toInt());
            m_held << tr("Dead-letter queue alert: %1").arg(text);
        } else if (name == QLatin1String("breaker_state_changed") && e.value(QLatin1String("to")).toString() == QLatin1String("OPEN")) {
            const QString reason = e.value(QLatin1String("reason")).toString();
            m_held << (reason.isEmpty() ? tr("Circuit breaker %1 opened.").arg(e.value(QLatin1String("name")).toString())
                                        : tr("Circuit breaker %1 opened: %2").arg(e.value(QLatin1String("name")).toString(), reason));
        }
    }
    flush();
}

void TrayNotifier::flush()
{
    if (m_held.isEmpty())
        return;
    const qint64 now = m_clock->nowMs();
    if (m_lastShownMs > 0 && now - m_lastShownMs < m_minGapMs)
        return;
    m_lastShownMs = now;
    const QStringList held = std::exchange(m_held, {});
    if (held.size() == 1)
        notify(tr("Orrery"), held.first());
    else
        notify(tr("Orrery: %n alerts", nullptr, int(held.size())), held.last() + u'\n' + tr("(and %n more)", nullptr, int(held.size() - 1)));
}

void TrayNotifier::notify(const QString &title, const QString &text)
{
    m_history << title + QStringLiteral(": ") + text;
    while (m_history.size() > 100)
        m_history.removeFirst();
    if (m_tray)
        m_tray->showMessage(title, text, QSystemTrayIcon::Warning, 10000);
    Q_EMIT notified(title, text);
}

} // namespace orrery
