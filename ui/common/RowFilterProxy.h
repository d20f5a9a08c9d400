#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace orrery {

// Combinable filters over a JsonRowModel: a set of statuses (empty = all), a type (exact), a
// project (exact "projectId"), rows updated at or after a time, a free text (case-insensitive,
// any column) and an id prefix. All must match.
class RowFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RowFilterProxy(QObject *parent = nullptr);

    void setStatuses(const QSet<QString> &statuses);
    void setType(const QString &type);
    void setText(const QString &text);
    void setIdPrefix(const QString &id);
    void setProject(const QString &project);      // empty = every project
    void setUpdatedSince(qint64 msSinceEpoch);    // 0 = any time

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QSet<QString> m_statuses;
    QString m_type;
    QString m_text;
    QString m_id;
    QString m_project;
    qint64 m_since = 0;
};

} // namespace orrery
