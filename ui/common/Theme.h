#pragma once

#include <QPalette>
#include <QString>

class QApplication;

namespace orrery {

// The console's colour scheme: follow the platform palette (the default; a dark desktop gives a
// dark console), or force light or dark (Fusion style with a matching palette).
class Theme
{
public:
    enum class Mode { System, Light, Dark };

    static Mode parse(const QString &name); // "system" | "light" | "dark"; anything else = System
    static QString name(Mode mode);
    // Remembers the platform's palette and style on the first call, so System can restore them.
    static void apply(QApplication &app, Mode mode);
    static QPalette darkPalette();
    // Whether a palette is dark (its window colour is darker than its text).
    static bool isDark(const QPalette &palette);
};

} // namespace orrery
