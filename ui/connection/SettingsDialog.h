#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QSettings;

namespace orrery {

// Console settings: the UI language (system / English / Deutsch; applied at the next start), the
// colour scheme (follow the platform, light, dark; applied at once) and tray notifications.
// Written to the console's QSettings on accept; settingsChanged() then says what changed.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr const char *kLanguageKey = "language";
    static constexpr const char *kThemeKey = "theme";
    static constexpr const char *kTrayKey = "notifications/tray";

    SettingsDialog(QSettings *settings, QWidget *parent = nullptr);

    void accept() override;

Q_SIGNALS:
    void themeChanged(const QString &theme);
    void trayNotificationsChanged(bool enabled);
    void languageChanged(const QString &language);

private:
    QSettings *m_settings;
    QComboBox *m_language;
    QComboBox *m_theme;
    QCheckBox *m_tray;
    QLabel *m_restartNote;
};

} // namespace orrery
