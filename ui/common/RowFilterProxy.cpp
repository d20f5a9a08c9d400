#include "RowFilterProxy.h"

#include "JsonRowModel.h"

#include <QDateTime>
#include <QJsonObject>

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

void RowFilterProxy::setProject(const QString &project)
{
    m_project = project;
    invalidateRowsFilter();
}

void RowFilterProxy::setUpdatedSince(qint64 msSinceEpoch)
{
    m_since = msSinceEpoch;
    invalidateRowsFilter();
}

namespace {

// "updateTime" arrives as ms since the epoch (REST) or ISO 8601 (events); 0 when absent.
qint64 updatedAt(const QJsonObject &row)
{
    const QJsonValue v = row.value(QLatin1String("updateTime"));
    if (v.isDouble())
        return qint64(v.toDouble());
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

} // namespace

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
    if (!m_project.isEmpty() || m_since > 0) {
        const QJsonObject row = first.data(JsonRowModel::RowRole).toJsonObject();
        if (!m_project.isEmpty() && row.value(QLatin1String("projectId")).toString() != m_project)
            return false;
        if (m_since > 0 && updatedAt(row) < m_since)
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (int c = 0; c < m->columnCount(sourceParent); ++c) {
        if (m->index(sourceRow, c, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace orrery
