#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <vector>

namespace orrery {

// A table of JSON rows keyed by one field, fed by batched deltas: applyRows() merges partial rows
// into existing ones (one dataChanged per contiguous run) and appends new rows in one insert.
// Columns name a JSON field each. Role StatusRole gives the "status" field, RowRole the object.
class JsonRowModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Roles { RowRole = Qt::UserRole + 1, StatusRole, TypeRole, IdRole };
    struct Column
    {
        QString field;
        QString title;
    };

    JsonRowModel(QString keyField, QString typeField, QList<Column> columns, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Merges `rows` (by key); with `replace`, drops every row first (a resync).
    void applyRows(const QList<QJsonObject> &rows, bool replace = false);
    void clear();
    int rowOf(const QString &key) const { return m_index.value(key, -1); }
    QJsonObject rowObject(int row) const { return m_rows.at(size_t(row)); }
    const QString &keyField() const { return m_keyField; }
    // Rows per "status" value, kept up to date by applyRows (no scan).
    const QHash<QString, int> &statusCounts() const { return m_statusCounts; }

protected:
    void setColumns(QList<Column> columns);

private:
    QString m_keyField;
    QString m_typeField;
    QList<Column> m_columns;
    std::vector<QJsonObject> m_rows;
    QHash<QString, int> m_index;
    QHash<QString, int> m_statusCounts;
};

} // namespace orrery
