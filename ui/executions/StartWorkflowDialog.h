#pragma once

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace orrery {

class EngineClient;

// Starts a workflow: its name (from the server's definitions) and a JSON input. The request runs
// when the dialog is accepted; errors are shown in the dialog, which stays open.
class StartWorkflowDialog : public QDialog
{
    Q_OBJECT

public:
    StartWorkflowDialog(EngineClient *client, QWidget *parent = nullptr);

    void setWorkflowName(const QString &name);
    void accept() override;

Q_SIGNALS:
    void started(const QString &workflowId);

private:
    EngineClient *m_client;
    QComboBox *m_name;
    QPlainTextEdit *m_input;
    QLabel *m_status;
};

} // namespace orrery
