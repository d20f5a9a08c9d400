#include "RowFilterProxy.h"

#include "JsonRowModel.h"

namespace orrery {

RowFilterProxy::RowFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void RowFilterProxy::setStatuses(const QSet<QString> &statuses)
{
    m_statuses = statuses;
    invalidateRowsFilter();
}

void RowFilterProxy::setType(const QString &type)
{
    m_type = type.trimmed();
    invalidateRowsFilter();
}

void RowFilterProxy::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

void RowFilterProxy::setIdPrefix(const QString &id)
{
    m_id = id.trimmed();
    invalidateRowsFilter();
}

bool RowFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *m = sourceModel();
    const QModelIndex first = m->index(sourceRow, 0, sourceParent);
    if (!m_statuses.isEmpty() && !m_statuses.contains(first.data(JsonRowModel::StatusRole).toString()))
        return false;
    if (!m_type.isEmpty() && first.data(JsonRowModel::TypeRole).toString() != m_type)
        return false;
    if (!m_id.isEmpty() && !first.data(JsonRowModel::IdRole).toString().startsWith(m_id, Qt::CaseInsensitive))
        return false;
    if (m_text.isEmpty())
        return true;
    for (int c = 0; c < m->columnCount(sourceParent); ++c) {
        if (m->index(sourceRow, c, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace orrery
