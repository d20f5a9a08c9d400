#include "ConnectionDialog.h"

#include "ServerList.h"
#include "TokenVault.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>

namespace orrery {

ConnectionDialog::ConnectionDialog(ServerList *servers, TokenVault *vault, QWidget *parent)
    : QDialog(parent)
    , m_servers(servers)
    , m_vault(vault)
    , m_local(new QRadioButton(tr("Run the engine in this window (local)"), this))
    , m_remote(new QRadioButton(tr("Attach to a server (remote)"), this))
    , m_saved(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_remember(new QCheckBox(tr("Remember this server (the token goes to the system keychain)"), this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Connect"));
    setObjectName(QStringLiteral("connectionDialog"));
    m_url->setObjectName(QStringLiteral("url"));
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setEchoMode(QLineEdit::Password);
    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080"));
    m_status->setWordWrap(true);
    m_remember->setChecked(true);

    m_saved->addItem(tr("New server…"));
    for (const ServerList::Server &s : m_servers->servers())
        m_saved->addItem(s.name.isEmpty() ? s.url : QStringLiteral("%1 — %2").arg(s.name, s.url), s.url);

    auto *form = new QFormLayout;
    form->addRow(tr("Saved servers"), m_saved);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Token"), m_token);
    form->addRow(QString(), m_remember);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_local);
    layout->addWidget(m_remote);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    m_local->setChecked(true);
    connect(m_local, &QRadioButton::toggled, this, &ConnectionDialog::updateEnabled);
    connect(m_saved, &QComboBox::currentIndexChanged, this, &ConnectionDialog::pickSaved);
    if (m_vault->sessionOnly())
        m_status->setText(m_vault->lastProblem());
    updateEnabled();
}

bool ConnectionDialog::localChosen() const
{
    return m_local->isChecked();
}

QString ConnectionDialog::url() const
{
    return m_url->text().trimmed();
}

QString ConnectionDialog::token() const
{
    return m_token->text().trimmed();
}

void ConnectionDialog::updateEnabled()
{
    const bool remote = m_remote->isChecked();
    for (QWidget *w : {static_cast<QWidget *>(m_saved), static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_url),
                       static_cast<QWidget *>(m_token), static_cast<QWidget *>(m_remember)})
        w->setEnabled(remote);
}

void ConnectionDialog::pickSaved(int index)
{
    if (index <= 0)
        return;
    m_remote->setChecked(true);
    const QString url = m_saved->itemData(index).toString();
    m_url->setText(url);
    m_token->clear();
    m_status->setText(tr("Reading the token from the keychain…"));
    m_vault->load(url, [this, url](const QString &token, const QString &message) {
        if (m_url->text().trimmed() != url)
            return;
        m_token->setText(token);
        m_status->setText(message);
    });
}

void ConnectionDialog::accept()
{
    if (m_local->isChecked())
        return QDialog::accept();
    const QUrl u(url());
    if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty()) {
        m_status->setText(tr("The URL must look like http://host:port or https://host:port."));
        m_url->setFocus();
        return;
    }
    if (token().isEmpty()) {
        m_status->setText(tr("A token is needed: every route but /healthz asks for one."));
        m_token->setFocus();
        return;
    }
    if (!m_remember->isChecked())
        return QDialog::accept();
    m_servers->save({m_name->text().trimmed(), url()});
    m_status->setText(tr("Saving the token in the keychain…"));
    m_vault->store(url(), token(), [this](bool stored, const QString &message) {
        if (stored)
            return QDialog::accept();
        // Say it, once, where it happened; the token stays in memory for this session.
        m_status->setText(message);
        m_remember->setChecked(false);
    });
}

} // namespace orrery
