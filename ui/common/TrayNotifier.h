#pragma once

#include "core/Clock.h"

#include <QObject>
#include <QStringList>

class QMenu;
class QSystemTrayIcon;

namespace orrery {

struct DeltaBatch;

// The console's system tray icon and its notifications: a dead-letter queue alert (dlq_alert) and
// a circuit breaker tripping (breaker_state_changed to OPEN). Notifications are merged so that a
// storm gives at most one balloon per `minGapMs` (the next one says how many were merged). Where
// the desktop has no tray, notified() still fires (the main window shows it in the status bar).
class TrayNotifier : public QObject
{
    Q_OBJECT

public:
    TrayNotifier(Clock *clock, QObject *parent = nullptr);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }
    bool hasTray() const { return m_tray != nullptr; }
    void setMenu(QMenu *menu);
    void setMinGapMs(qint64 ms) { m_minGapMs = ms; }
    void applyBatch(const DeltaBatch &batch);
    // Shows what was held back by the gap, if anything (the main window calls it every second).
    void flush();
    QStringList history() const { return m_history; }

Q_SIGNALS:
    void notified(const QString &title, const QString &text);
    void activated();

private:
    void notify(const QString &title, const QString &text);

    Clock *m_clock;
    QSystemTrayIcon *m_tray = nullptr;
    bool m_enabled = true;
    qint64 m_minGapMs = 10000;
    qint64 m_lastShownMs = 0;
    QStringList m_held;
    QStringList m_history; // "title: text", newest last, at most 100
};

} // namespace orrery
