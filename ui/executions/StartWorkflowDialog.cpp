#include "StartWorkflowDialog.h"

#include "EngineClient.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace orrery {

StartWorkflowDialog::StartWorkflowDialog(EngineClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_name(new QComboBox(this))
    , m_input(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("startWorkflowDialog"));
    setWindowTitle(tr("Start workflow"));
    m_name->setObjectName(QStringLiteral("workflowName"));
    m_input->setObjectName(QStringLiteral("workflowInput"));
    m_name->setEditable(true);
    m_input->setPlainText(QStringLiteral("{}"));
    m_status->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Workflow"), m_name);
    form->addRow(tr("Input (JSON object)"), m_input);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(buttons, &QDialogButtonBox::accepted, this, &StartWorkflowDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &StartWorkflowDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    QPointer<StartWorkflowDialog> self(this);
    m_client->workflowNames([self](Result<QStringList> r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->m_status->setText(r.error().message);
            return;
        }
        const QString current = self->m_name->currentText();
        self->m_name->clear();
        self->m_name->addItems(*r);
        if (!current.isEmpty())
            self->m_name->setCurrentText(current);
    });
}

void StartWorkflowDialog::setWorkflowName(const QString &name)
{
    m_name->setCurrentText(name);
}

void StartWorkflowDialog::accept()
{
    const QString name = m_name->currentText().trimmed();
    if (name.isEmpty()) {
        m_status->setText(tr("Choose a workflow."));
        return;
    }
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(m_input->toPlainText().toUtf8(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        m_status->setText(err.error != QJsonParseError::NoError
                              ? tr("The input is not valid JSON: %1 at offset %2.").arg(err.errorString()).arg(err.offset)
                              : tr("The input must be a JSON object."));
        return;
    }
    m_status->setText(tr("Starting %1…").arg(name));
    setEnabled(false);
    QPointer<StartWorkflowDialog> self(this);
    m_client->startWorkflow(name, doc.object(), [self](Result<QString> r) {
        if (!self)
            return;
        self->setEnabled(true);
        if (!r.ok()) {
            self->m_status->setText(r.error().message);
            return;
        }
        Q_EMIT self->started(*r);
        self->QDialog::accept();
    });
}

} // namespace orrery
