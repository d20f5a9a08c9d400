#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <memory>
#include <vector>

namespace orrery {

// The dead-letter queue as a tree: reason class → task type → entries (rows of GET /api/dlq,
// entry summaries). Group rows show how many entries they hold and by status. setEntries()
// replaces the content: when the tree keeps its shape (same entries in the same groups, e.g.
// only statuses changed) it updates rows in place, so selections and expanded groups survive a
// reload; otherwise it resets. updateEntry() merges one summary (the answer of a replay).
class DlqModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum class Kind { Reason, TaskType, Entry };
    enum Roles { KindRole = Qt::UserRole + 1, IdRole, RowRole, StatusRole, ReasonRole, TypeRole, CountRole };
    enum Column { NameColumn, CountColumn, StatusColumn, WorkflowColumn, ReferenceColumn, AttemptsColumn,
                  DeadCountColumn, LastFailureColumn, ErrorColumn, ColumnCount };

    explicit DlqModel(QObject *parent = nullptr);
    ~DlqModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(const QList<QJsonObject> &entries);
    // Merges a changed summary into its row; false when the entry is not loaded.
    bool updateEntry(const QJsonObject &entry);
    void clear() { setEntries({}); }

    int entryCount() const { return int(m_byId.size()); }
    QModelIndex indexOfEntry(const QString &id, int column = 0) const;
    QModelIndex indexOfGroup(const QString &reason, const QString &taskType = {}) const;
    QJsonObject entry(const QString &id) const;
    // Every loaded entry id under `index` (the entry itself, or all entries of a group).
    QStringList entryIdsUnder(const QModelIndex &index) const;

private:
    struct Node;

    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node, int column) const;
    static QString groupKey(const QJsonObject &entry);
    void build(const QList<QJsonObject> &entries);
    void refreshGroup(Node *group);
    void emitRowChanged(const Node *node);

    std::unique_ptr<Node> m_root;
    QHash<QString, Node *> m_byId;
};

} // namespace orrery
