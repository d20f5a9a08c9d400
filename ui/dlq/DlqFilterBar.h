#pragma once

#include <QJsonObject>
#include <QUrlQuery>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTimer;

namespace orrery {

// The DLQ view's filters: reason class, task type, status (DEAD by default, or ALL) and a text
// searched by the server in ids, message and errors. The same filter serves the list request
// and "everything matching the filter" of a bulk replay or purge.
class DlqFilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit DlqFilterBar(QWidget *parent = nullptr);

    // {"reason": [..], "taskType": [..], "status": [..], "text": ".."} (only what is set; status always).
    QJsonObject filterJson() const;
    QUrlQuery listQuery(int size) const;
    // Human-readable "reason = TERMINAL, status = DEAD".
    QString describe() const;
    // Adds task types to the type filter (sorted, no duplicates).
    void addTaskTypes(const QStringList &types);

Q_SIGNALS:
    // A filter was picked, or the text changed and settled (300 ms).
    void changed();

private:
    QComboBox *m_reason;
    QComboBox *m_type;
    QComboBox *m_status;
    QLineEdit *m_text;
    QTimer *m_textTimer;
};

} // namespace orrery
