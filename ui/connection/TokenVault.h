#pragma once

#include <QHash>
#include <QObject>
#include <functional>

namespace orrery {

// Stores server tokens in the system keychain through QtKeychain (service "orrery", key = the
// server URL). When no keychain service answers (no Secret Service / KWallet, e.g. headless), it
// says so (sessionOnly() and the message) and keeps the token in memory for this session only:
// a token is never written to disk in plain text.
class TokenVault : public QObject
{
    Q_OBJECT

public:
    explicit TokenVault(QString service = QStringLiteral("orrery"), QObject *parent = nullptr);

    // `done(ok, message)`: ok = stored in the keychain; otherwise kept for the session with the reason.
    void store(const QString &url, const QString &token, std::function<void(bool, QString)> done);
    // `done(token, message)`: empty token with a message when there is none.
    void load(const QString &url, std::function<void(QString, QString)> done);
    void remove(const QString &url);

    bool sessionOnly() const { return m_sessionOnly; }
    QString lastProblem() const { return m_problem; }

Q_SIGNALS:
    void keychainUnavailable(const QString &message);

private:
    void markUnavailable(const QString &reason);

    QString m_service;
    QHash<QString, QString> m_session;
    bool m_sessionOnly = false;
    QString m_problem;
};

} // namespace orrery
