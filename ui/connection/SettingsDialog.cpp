#include "SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

namespace orrery {

SettingsDialog::SettingsDialog(QSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_language(new QComboBox(this))
    , m_theme(new QComboBox(this))
    , m_tray(new QCheckBox(tr("Show tray notifications for DLQ alerts and breaker trips"), this))
    , m_restartNote(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings->value(QLatin1String(kLanguageKey)).toString())));
    m_theme->setObjectName(QStringLiteral("theme"));
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(settings->value(QLatin1String(kThemeKey), QStringLiteral("system")).toString())));
    m_tray->setObjectName(QStringLiteral("trayNotifications"));
    m_tray->setChecked(settings->value(QLatin1String(kTrayKey), true).toBool());
    m_restartNote->setObjectName(QStringLiteral("restartNote"));
    m_restartNote->setWordWrap(true);
    m_restartNote->setText(tr("The language changes the next time Orrery starts."));
    m_restartNote->setVisible(false);
    const QString initialLanguage = m_language->currentData().toString();
    connect(m_language, &QComboBox::currentIndexChanged, this, [this, initialLanguage] {
        m_restartNote->setVisible(m_language->currentData().toString() != initialLanguage);
    });

    auto *form = new QFormLayout;
    form->addRow(tr("Language:"), m_language);
    form->addRow(QString(), m_restartNote);
    form->addRow(tr("Colours:"), m_theme);
    form->addRow(QString(), m_tray);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

void SettingsDialog::accept()
{
    const QString language = m_language->currentData().toString();
    const QString theme = m_theme->currentData().toString();
    const bool tray = m_tray->isChecked();
    const bool languageChangedNow = language != m_settings->value(QLatin1String(kLanguageKey)).toString();
    const bool themeChangedNow = theme != m_settings->value(QLatin1String(kThemeKey), QStringLiteral("system")).toString();
    const bool trayChangedNow = tray != m_settings->value(QLatin1String(kTrayKey), true).toBool();
    m_settings->setValue(QLatin1String(kLanguageKey), language);
    m_settings->setValue(QLatin1String(kThemeKey), theme);
    m_settings->setValue(QLatin1String(kTrayKey), tray);
    m_settings->sync();
    if (themeChangedNow)
        Q_EMIT themeChanged(theme);
    if (trayChangedNow)
        Q_EMIT trayNotificationsChanged(tray);
    if (languageChangedNow)
        Q_EMIT languageChanged(language);
    QDialog::accept();
}

} // namespace orrery
