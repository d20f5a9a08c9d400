#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QCheckBox;

namespace orrery {

class ServerList;
class TokenVault;

// Chooses what the console talks to: the local engine, or a remote orreryd (URL + token) picked
// from the saved servers. Saved tokens live in the keychain (TokenVault); when there is none,
// the dialog says so and the token is used for this session only.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectionDialog(ServerList *servers, TokenVault *vault, QWidget *parent = nullptr);

    bool localChosen() const;
    QString url() const;
    QString token() const;

    void accept() override;

private:
    void pickSaved(int index);
    void updateEnabled();

    ServerList *m_servers;
    TokenVault *m_vault;
    QRadioButton *m_local;
    QRadioButton *m_remote;
    QComboBox *m_saved;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QCheckBox *m_remember;
    QLabel *m_status;
};

} // namespace orrery
