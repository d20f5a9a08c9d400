// TokenVault: the token goes to the system keychain, or, where there is none, is kept for the
// session only and says so. It is never written to the settings file.

#include "ConnectionDialog.h"
#include "ServerList.h"
#include "TokenVault.h"

#include <QCheckBox>
#include <QFile>
#include <QLineEdit>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

class TestUiTokenVault : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesInKeychainOrKeepsForSessionOnly()
    {
        const QString service = QStringLiteral("orrery-test-%1").arg(QCoreApplication::applicationPid());
        const QString url = QStringLiteral("http://127.0.0.1:1/");
        const QString secret = QStringLiteral("orr_test_secret_value_1234567890");
        TokenVault vault(service);
        QSignalSpy unavailable(&vault, &TokenVault::keychainUnavailable);
        bool finished = false, stored = false;
        QString message;
        vault.store(url, secret, [&](bool ok, QString m) { finished = true; stored = ok; message = m; });
        QTRY_VERIFY_WITH_TIMEOUT(finished, 20000);
        QString loaded;
        bool loadedDone = false;
        vault.load(url, [&](QString t, QString) { loaded = t; loadedDone = true; });
        QTRY_VERIFY(loadedDone);
        QCOMPARE(loaded, secret); // available for this session either way

        TokenVault fresh(service); // a new session
        QString again;
        bool againDone = false;
        fresh.load(url, [&](QString t, QString) { again = t; againDone = true; });
        QTRY_VERIFY_WITH_TIMEOUT(againDone, 20000);
        if (stored) {
            qInfo("a keychain service is available: the token survives the session");
            QCOMPARE(again, secret);
            QVERIFY(!vault.sessionOnly());
            fresh.remove(url);
        } else {
            qInfo("no keychain service: %s", qPrintable(message));
            QVERIFY(vault.sessionOnly());
            QCOMPARE(unavailable.count(), 1);
            QVERIFY(message.contains(QStringLiteral("session only")));
            QVERIFY(again.isEmpty());
        }
    }

    void connectionDialogNeverWritesTheTokenToSettings()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("console.ini"));
        QSettings settings(file, QSettings::IniFormat);
        ServerList servers(&settings);
        TokenVault vault(QStringLiteral("orrery-test-dialog-%1").arg(QCoreApplication::applicationPid()));
        ConnectionDialog dialog(&servers, &vault);
        dialog.findChildren<QRadioButton *>().at(1)->setChecked(true);
        dialog.findChild<QLineEdit *>(QStringLiteral("url"))->setText(QStringLiteral("http://10.0.0.1:8080"));
        dialog.accept(); // no token: refused with a message
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        dialog.findChild<QLineEdit *>(QStringLiteral("token"))->setText(QStringLiteral("orr_must_not_be_on_disk"));
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.accept();
        // Accepted when the keychain stored it; otherwise the dialog stays open saying why and
        // "remember" is unticked so the next Connect uses the token for this session only.
        QTRY_VERIFY_WITH_TIMEOUT(accepted.count() == 1 || vault.sessionOnly(), 20000);
        if (vault.sessionOnly()) {
            QVERIFY(!dialog.findChild<QCheckBox *>()->isChecked());
            dialog.accept();
            QCOMPARE(accepted.count(), 1);
        }
        QCOMPARE(dialog.token(), QStringLiteral("orr_must_not_be_on_disk"));
        settings.sync();
        QCOMPARE(servers.servers().size(), 1);
        QCOMPARE(servers.servers().at(0).url, QStringLiteral("http://10.0.0.1:8080"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        QVERIFY(content.contains("10.0.0.1"));
        QVERIFY(!content.contains("orr_must_not_be_on_disk"));
        vault.remove(QStringLiteral("http://10.0.0.1:8080"));
    }
};

QTEST_MAIN(TestUiTokenVault)
#include "test_ui_token_vault.moc"
