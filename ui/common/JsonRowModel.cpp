#include "JsonRowModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <algorithm>

namespace orrery {

JsonRowModel::JsonRowModel(QString keyField, QString typeField, QList<Column> columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_keyField(std::move(keyField))
    , m_typeField(std::move(typeField))
    , m_columns(std::move(columns))
{
}

void JsonRowModel::setColumns(QList<Column> columns)
{
    beginResetModel();
    m_columns = std::move(columns);
    endResetModel();
}

int JsonRowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JsonRowModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant JsonRowModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject &row = m_rows.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole: {
        const QJsonValue v = row.value(m_columns.at(index.column()).field);
        if (v.isDouble())
            return v.toVariant();
        if (v.isString()) {
            const QString s = v.toString();
            // ISO times are shown in local time, to the second.
            if (s.size() >= 20 && s.at(4) == QLatin1Char('-') && s.at(10) == QLatin1Char('T')) {
                const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
                if (t.isValid())
                    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            }
            return s;
        }
        return v.isNull() || v.isUndefined() ? QVariant() : v.toVariant();
    }
    case Qt::ForegroundRole: {
        if (m_columns.at(index.column()).field != QLatin1String("status"))
            return {};
        const QString s = row.value(QStringLiteral("status")).toString();
        if (s == QLatin1String("COMPLETED"))
            return QBrush(QColor(0x2e, 0x8b, 0x57));
        if (s.startsWith(QLatin1String("FAILED")) || s == QLatin1String("TIMED_OUT") || s == QLatin1String("TERMINATED"))
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        return {};
    }
    case RowRole:
        return row;
    case StatusRole:
        return row.value(QStringLiteral("status")).toString();
    case TypeRole:
        return row.value(m_typeField).toString();
    case IdRole:
        return row.value(m_keyField).toString();
    default:
        return {};
    }
}

QVariant JsonRowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return {};
    return m_columns.at(section).title;
}

void JsonRowModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    m_statusCounts.clear();
    endResetModel();
}

void JsonRowModel::applyRows(const QList<QJsonObject> &rows, bool replace)
{
    if (replace) {
        beginResetModel();
        m_rows.clear();
        m_index.clear();
        for (const QJsonObject &r : rows) {
            const QString key = r.value(m_keyField).toString();
            if (key.isEmpty())
                continue;
            auto it = m_index.constFind(key);
            if (it != m_index.constEnd()) {
                m_rows[size_t(*it)] = r;
                continue;
            }
            m_index.insert(key, int(m_rows.size()));
            m_rows.push_back(r);
        }
        m_statusCounts.clear();
        for (const QJsonObject &r : m_rows)
            ++m_statusCounts[r.value(QStringLiteral("status")).toString()];
        endResetModel();
        return;
    }
    std::vector<QJsonObject> added;
    QHash<QString, int> addedIndex;
    std::vector<int> changed;
    for (const QJsonObject &r : rows) {
        const QString key = r.value(m_keyField).toString();
        if (key.isEmpty())
            continue;
        const int at = m_index.value(key, -1);
        if (at >= 0) {
            QJsonObject &target = m_rows[size_t(at)];
            const QString before = target.value(QStringLiteral("status")).toString();
            for (auto f = r.begin(); f != r.end(); ++f)
                target.insert(f.key(), f.value());
            const QString after = target.value(QStringLiteral("status")).toString();
            if (after != before) {
                if (--m_statusCounts[before] == 0)
                    m_statusCounts.remove(before);
                ++m_statusCounts[after];
            }
            changed.push_back(at);
            continue;
        }
        auto a = addedIndex.constFind(key);
        if (a != addedIndex.constEnd()) {
            QJsonObject &target = added[size_t(*a)];
            for (auto f = r.begin(); f != r.end(); ++f)
                target.insert(f.key(), f.value());
            continue;
        }
        addedIndex.insert(key, int(added.size()));
        added.push_back(r);
    }
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    const int lastColumn = int(m_columns.size()) - 1;
    for (size_t i = 0; i < changed.size() && lastColumn >= 0;) {
        size_t j = i;
        while (j + 1 < changed.size() && changed[j + 1] == changed[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(changed[i], 0), index(changed[j], lastColumn));
        i = j + 1;
    }
    if (added.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (QJsonObject &r : added) {
        ++m_statusCounts[r.value(QStringLiteral("status")).toString()];
        m_index.insert(r.value(m_keyField).toString(), int(m_rows.size()));
        m_rows.push_back(std::move(r));
    }
    endInsertRows();
}

} // namespace orrery
