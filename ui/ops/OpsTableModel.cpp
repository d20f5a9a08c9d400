#include "OpsTableModel.h"

#include <QSet>
#include <algorithm>

namespace orrery {

OpsTableModel::OpsTableModel(QString keyField, QObject *parent)
    : QAbstractTableModel(parent)
    , m_keyField(std::move(keyField))
{
}

int OpsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OpsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_titles.size());
}

QString OpsTableModel::keyAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).value(m_keyField).toVariant().toString() : QString();
}

QVariant OpsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &row = m_rows.at(index.row());
    if (role == RowRole)
        return row;
    if (role == KeyRole)
        return keyAt(index.row());
    if (role == SortRole) {
        const QVariant v = cellData(row, index.column(), SortRole);
        return v.isValid() ? v : cellData(row, index.column(), Qt::DisplayRole);
    }
    return cellData(row, index.column(), role);
}

QVariant OpsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal || section < 0 || section >= m_titles.size())
        return {};
    return m_titles.at(section);
}

void OpsTableModel::reindex()
{
    m_index.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_index.insert(keyAt(i), i);
}

void OpsTableModel::emitChanged(QList<int> rows)
{
    if (m_titles.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    for (int i = 0; i < rows.size();) {
        int j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        Q_EMIT dataChanged(index(rows.at(i), 0), index(rows.at(j), int(m_titles.size()) - 1));
        i = j + 1;
    }
}

void OpsTableModel::columnChanged(int column)
{
    if (m_rows.isEmpty() || column < 0 || column >= m_titles.size())
        return;
    Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column));
}

void OpsTableModel::setRows(const QList<QJsonObject> &rows)
{
    QSet<QString> incoming;
    for (const QJsonObject &r : rows)
        incoming.insert(r.value(m_keyField).toVariant().toString());
    incoming.remove(QString());
    // Remove the rows that are gone, one contiguous run at a time (from the end).
    for (int i = int(m_rows.size()) - 1; i >= 0;) {
        if (incoming.contains(keyAt(i))) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !incoming.contains(keyAt(first - 1)))
            --first;
        beginRemoveRows({}, first, i);
        m_rows.remove(first, i - first + 1);
        endRemoveRows();
        i = first - 1;
    }
    reindex();
    appendRows(rows);
}

void OpsTableModel::appendRows(const QList<QJsonObject> &rows)
{
    QList<int> changed;
    QList<QJsonObject> added;
    QHash<QString, int> addedIndex;
    for (const QJsonObject &r : rows) {
        const QString key = r.value(m_keyField).toVariant().toString();
        if (key.isEmpty())
            continue;
        if (const int at = m_index.value(key, -1); at >= 0) {
            if (m_rows.at(at) != r) {
                m_rows[at] = r;
                changed.append(at);
            }
        } else if (const int a = addedIndex.value(key, -1); a >= 0) {
            added[a] = r;
        } else {
            addedIndex.insert(key, int(added.size()));
            added.append(r);
        }
    }
    emitChanged(changed);
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (const QJsonObject &r : std::as_const(added)) {
        m_index.insert(r.value(m_keyField).toVariant().toString(), int(m_rows.size()));
        m_rows.append(r);
    }
    endInsertRows();
}

void OpsTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    endResetModel();
}

} // namespace orrery
