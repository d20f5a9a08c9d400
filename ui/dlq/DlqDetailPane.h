#pragma once

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace orrery {

class Clock;
class DlqAttemptModel;
class DlqReplayModel;
class EngineClient;

// The detail of one DLQ entry (GET /api/dlq/{id}): what failed and why, every attempt (status,
// worker, times, duration, code, error), every replay, the task's input and its last snapshot.
class DlqDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit DlqDetailPane(QWidget *parent = nullptr);

    void setClient(EngineClient *client) { m_client = client; }
    // For relative times ("3 min ago"); nullptr = absolute times only.
    void setClock(const Clock *clock) { m_clock = clock; }
    void load(const QString &id);
    void showEntry(const QJsonObject &entry);
    void clear();
    QString currentId() const { return m_id; }
    QJsonObject entry() const { return m_entry; }
    QString title() const;
    DlqAttemptModel *attempts() const { return m_attempts; }
    DlqReplayModel *replays() const { return m_replays; }
    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    void loaded(const QString &id);

private:
    QString age(qint64 ms) const;

    QPointer<EngineClient> m_client;
    const Clock *m_clock = nullptr;
    QString m_id;
    QJsonObject m_entry;
    quint64 m_generation = 0;
    QLabel *m_title;
    QTabWidget *m_tabs;
    DlqAttemptModel *m_attempts;
    DlqReplayModel *m_replays;
    QPlainTextEdit *m_input;
    QPlainTextEdit *m_task;
};

} // namespace orrery
