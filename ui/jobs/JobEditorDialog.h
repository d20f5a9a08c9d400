#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QStringList>
#include <QTimer>

class QLabel;
class QPushButton;

namespace orrery {

class Clock;
class EngineClient;
class JobDefinitionForm;

// Adds or edits a scheduled job (the fields: JobDefinitionForm). Validation runs as you type:
// the form's local checks (required fields, the input JSON with the position of a syntax error,
// the date bounds) and, for a cron trigger, a debounced (250 ms) GET /api/scheduler/preview that
// shows the rule in plain words and its next five fire times, or the server's error naming the
// field and token, in red. OK stays disabled while anything is invalid or a preview is pending.
// accept() POSTs (new job) or PUTs (edit) and stays open, showing the server's error, on failure.
class JobEditorDialog : public QDialog
{
    Q_OBJECT

public:
    // `job` empty: a new job. Otherwise the job as GET /api/scheduler/jobs/{id} returns it.
    JobEditorDialog(EngineClient *client, const Clock *clock, const QJsonObject &job = {}, QWidget *parent = nullptr);

    bool isEditing() const { return !m_original.isEmpty(); }
    JobDefinitionForm *form() const { return m_form; }
    // The request body accept() sends (field names of the scheduler's job codec).
    QJsonObject definition() const;
    bool isValid() const;
    // The problem shown in red, empty when none.
    QString errorText() const;
    QString previewDescription() const;
    // The next fire times (ISO 8601) of the last valid preview.
    QStringList previewTimes() const { return m_previewTimes; }
    void accept() override;

Q_SIGNALS:
    void saved(const QJsonObject &job);
    // After each validation round (the preview answered or the local checks ran).
    void validated();

private:
    void loadWorkflowNames();
    void changed();
    void validate();
    void requestPreview();
    void showLocalPreview();
    void showPreview(const QString &description, const QStringList &isoTimes);
    void updateOk();

    EngineClient *m_client;
    const Clock *m_clock;
    QJsonObject m_original;
    JobDefinitionForm *m_form;
    QLabel *m_error;
    QPushButton *m_ok;
    QTimer m_debounce;
    quint64 m_previewSeq = 0;
    bool m_previewPending = false;
    bool m_saving = false;
    QString m_previewError;
    QStringList m_previewTimes;
};

} // namespace orrery
