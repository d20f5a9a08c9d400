#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace orrery {

// A flat table of JSON rows keyed by one field, for the operations views (breakers, workers,
// audit) whose lists are re-read from REST as a whole. setRows() diffs by key so that a refresh
// keeps the selection and scroll position: vanished rows are removed, rows still present are
// replaced in place (one dataChanged per contiguous run), new rows are appended. Subclasses give
// the column titles and cellData().
class OpsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Roles { RowRole = Qt::UserRole + 1, KeyRole, SortRole };

    OpsTableModel(QString keyField, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the content with `rows` (diffed by key; rows without a key are skipped).
    void setRows(const QList<QJsonObject> &rows);
    // Appends the rows whose key is not present yet; rows already present are replaced.
    void appendRows(const QList<QJsonObject> &rows);
    void clear();

    int rowOf(const QString &key) const { return m_index.value(key, -1); }
    QJsonObject rowObject(int row) const { return m_rows.value(row); }
    QJsonObject rowObject(const QString &key) const { return m_rows.value(rowOf(key)); }
    QString keyAt(int row) const;

protected:
    void setTitles(QStringList titles) { m_titles = std::move(titles); }
    // Display, Foreground, ToolTip, Sort... for one cell; RowRole/KeyRole are answered here.
    virtual QVariant cellData(const QJsonObject &row, int column, int role) const = 0;
    // Signals that `column` changed in every row (e.g. a countdown).
    void columnChanged(int column);

private:
    void reindex();
    void emitChanged(QList<int> rows);

    QString m_keyField;
    QStringList m_titles;
    QList<QJsonObject> m_rows;
    QHash<QString, int> m_index;
};

} // namespace orrery
