#pragma once

#include <QAbstractItemModel>
#include <QJsonObject>
#include <memory>
#include <vector>

namespace orrery {

// The graph of one workflow execution as a tree, built from its JSON (GET /api/workflow/{id}):
// the definition's tasks in order, each with the status of its latest attempt; a FORK_JOIN's
// branches, a SWITCH's cases and a DO_WHILE's iterations (the loop tasks' "ref__N" attempts,
// grouped per N) nested under their task. Tasks the definition does not name (dynamic forks)
// come last under "Other tasks". Columns: task (reference name), type, status, attempts.
class TaskTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { RefColumn, TypeColumn, StatusColumn, AttemptsColumn, ColumnCount };
    enum Role { TaskRole = Qt::UserRole + 1, RefRole, IsGroupRole };

    explicit TaskTreeModel(QObject *parent = nullptr);
    ~TaskTreeModel() override;

    void setWorkflow(const QJsonObject &workflow);
    void clear() { setWorkflow({}); }
    // The latest attempt of a task node ({} for a group node such as "Branch 1").
    QJsonObject taskAt(const QModelIndex &index) const;
    // The index of the node of a reference name ("loop_task__2"), or invalid.
    QModelIndex findRef(const QString &ref) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    struct Node; // one task or group (defined in the .cpp)

private:
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(Node *node, int column) const;

    std::unique_ptr<Node> m_root;
};

} // namespace orrery
