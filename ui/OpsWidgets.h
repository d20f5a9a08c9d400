#pragma once

#include <QString>

class QLabel;
class QTableView;
class QWidget;

namespace orrery {

// Widgets the operations views (Breakers, Workers, Audit) build the same way.
class OpsWidgets
{
public:
    // A row-selecting, fixed-row-height (virtualized) table.
    static QTableView *table(QWidget *parent, const QString &objectName);
    // The inline error line: red, word-wrapped, selectable, hidden while empty.
    static QLabel *errorLabel(QWidget *parent);
    static void setError(QLabel *label, const QString &message);
    // A muted note (why a list is empty or an action is disabled), hidden while empty.
    static QLabel *noteLabel(QWidget *parent, const QString &objectName);
    static void setNote(QLabel *label, const QString &text);
    static void copy(const QString &text);
};

} // namespace orrery
