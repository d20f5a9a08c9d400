#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QStackedWidget;

namespace orrery {

class Clock;

// The fields of a scheduled job (the scheduler's job codec, docs/scheduling.md §6): name, trigger
// (cron rule + zone, interval, or a date), target workflow + version + input JSON, misfire grace,
// coalescing, max instances, jitter, start/end. definition() builds the request body; when editing,
// what the form does not show (an interval's anchor, a target's priority) is kept from the job.
// localError() is the first problem the form can see without the server.
class JobDefinitionForm : public QWidget
{
    Q_OBJECT

public:
    // `job`: the job being edited (as GET returns it), or empty for a new one.
    JobDefinitionForm(const Clock *clock, const QJsonObject &job, QWidget *parent = nullptr);

    bool isEditing() const { return !m_original.isEmpty(); }
    QJsonObject definition() const;
    QString localError() const;
    // "cron", "interval" or "date".
    QString triggerKind() const;
    QString expression() const;
    QString timeZone() const;
    qint64 intervalMs() const;
    // The first fire time of an interval trigger: its anchor when editing, else now.
    qint64 intervalAnchorMs(qint64 nowMs) const;
    QDateTime runAt() const;
    bool isBuiltinTarget() const;
    void setWorkflowNames(const QStringList &names);
    // The rule in words and the next fire times, shown under the trigger.
    void setPreview(const QString &description, const QString &times);
    QString previewText() const;

Q_SIGNALS:
    void changed();

private:
    void build();
    void fillFrom(const QJsonObject &job);

    const Clock *m_clock;
    QJsonObject m_original;
    QLineEdit *m_id;
    QLineEdit *m_name;
    QLineEdit *m_description;
    QComboBox *m_kind;
    QStackedWidget *m_triggerStack;
    QLineEdit *m_expression;
    QComboBox *m_timeZone;
    QDoubleSpinBox *m_intervalSeconds;
    QDateTimeEdit *m_runAt;
    QComboBox *m_workflow;
    QSpinBox *m_version;
    QPlainTextEdit *m_input;
    QSpinBox *m_grace;
    QCheckBox *m_noGraceLimit;
    QComboBox *m_coalesce;
    QSpinBox *m_maxInstances;
    QDoubleSpinBox *m_jitter;
    QCheckBox *m_useStart;
    QDateTimeEdit *m_start;
    QCheckBox *m_useEnd;
    QDateTimeEdit *m_end;
    QCheckBox *m_startPaused;
    QLabel *m_previewText;
    QLabel *m_times;
};

} // namespace orrery
