#pragma once

#include "OpsTableModel.h"

namespace orrery {

class Clock;

// Entries of the audit log (GET /api/audit, newest first), keyed by id: time, actor, role,
// method, route, target, status, outcome (colored) and message.
class AuditTableModel : public OpsTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Actor, Role, Method, Route, Target, Status, Outcome, Message, ColumnCount };

    explicit AuditTableModel(Clock *clock, QObject *parent = nullptr);

    // Replaces the rows with the first page (`append` = false) or adds a further page.
    void applyPage(const QJsonObject &page, bool append);
    void clearEntries()
    {
        clear();
        m_total = 0;
    }
    int totalHits() const { return m_total; }
    bool hasMore() const { return rowCount() < m_total; }

    static QColor outcomeColor(const QString &outcome);

protected:
    QVariant cellData(const QJsonObject &row, int column, int role) const override;

private:
    Clock *m_clock;
    int m_total = 0;
};

} // namespace orrery
