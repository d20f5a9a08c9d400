#pragma once

#include <QString>

class QLabel;
class QTableView;
class QWidget;

namespace orrery {

// Widgets the console's views build the same way.
class ConsoleWidgets
{
public:
    // A row-selecting, fixed-row-height (virtualized: nothing measures the rows) table.
    static QTableView *table(QWidget *parent, const QString &objectName, int defaultColumnWidth = 110);
    // The inline error line: red, word-wrapped, selectable, hidden while empty.
    static QLabel *errorLabel(QWidget *parent);
    static void setError(QLabel *label, const QString &message);
    // A muted note (why a list is empty or an action is disabled), hidden while empty.
    static QLabel *noteLabel(QWidget *parent, const QString &objectName);
    static void setNote(QLabel *label, const QString &text);
    static void copy(const QString &text);
};

} // namespace orrery
