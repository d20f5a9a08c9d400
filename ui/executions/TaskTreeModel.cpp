#include "TaskTreeModel.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace orrery {

struct TaskTreeModel::Node
{
    QString label;  // the reference name, or a group's title
    QString type;
    bool group = false;
    QJsonObject latest;
    int attempts = 0;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    Node *add(std::unique_ptr<Node> child)
    {
        child->parent = this;
        children.push_back(std::move(child));
        return children.back().get();
    }
    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i)
            if (parent->children[i].get() == this)
                return int(i);
        return 0;
    }
};

namespace {

// Builds the tree of one workflow: the attempts of each ref, the refs the definition placed.
class TreeBuilder
{
public:
    explicit TreeBuilder(const QJsonArray &tasks)
    {
        for (const QJsonValue &v : tasks) {
            const QJsonObject t = v.toObject();
            const QString ref = t.value(QStringLiteral("referenceTaskName")).toString();
            if (!m_attempts.contains(ref))
                m_order.append(ref);
            m_attempts[ref].append(t);
        }
    }

    void addList(TaskTreeModel::Node *parent, const QJsonArray &list, const QString &suffix)
    {
        for (const QJsonValue &v : list)
            addTask(parent, v.toObject(), suffix);
    }

    // Refs that no definition node accounted for, in the order they were first scheduled.
    QStringList leftovers() const
    {
        QStringList out;
        for (const QString &ref : m_order)
            if (!m_used.contains(ref))
                out.append(ref);
        return out;
    }

    std::unique_ptr<TaskTreeModel::Node> taskNode(const QString &ref, const QString &type)
    {
        auto node = std::make_unique<TaskTreeModel::Node>();
        node->label = ref;
        node->type = type;
        const QList<QJsonObject> attempts = m_attempts.value(ref);
        node->attempts = int(attempts.size());
        if (!attempts.isEmpty()) {
            node->latest = attempts.last();
            if (node->type.isEmpty())
                node->type = node->latest.value(QStringLiteral("taskType")).toString();
        }
        m_used.insert(ref);
        return node;
    }

private:
    static std::unique_ptr<TaskTreeModel::Node> groupNode(const QString &title)
    {
        auto node = std::make_unique<TaskTreeModel::Node>();
        node->label = title;
        node->group = true;
        return node;
    }

    // The iterations a DO_WHILE ran so far: the largest N among its loop tasks' "ref__N".
    int iterationsOf(const QJsonArray &loopOver) const
    {
        QSet<QString> refs;
        for (const QJsonValue &v : loopOver)
            refs.insert(v.toObject().value(QStringLiteral("taskReferenceName")).toString());
        static const QRegularExpression suffix(QStringLiteral("^(.*)__(\\d+)$"));
        int most = 0;
        for (const QString &ref : m_order) {
            const auto m = suffix.match(ref);
            if (m.hasMatch() && refs.contains(m.captured(1)))
                most = std::max(most, m.captured(2).toInt());
        }
        return most;
    }

    void addTask(TaskTreeModel::Node *parent, const QJsonObject &wt, const QString &suffix)
    {
        const QString type = wt.value(QStringLiteral("type")).toString(QStringLiteral("SIMPLE"));
        TaskTreeModel::Node *node = parent->add(taskNode(wt.value(QStringLiteral("taskReferenceName")).toString() + suffix, type));
        if (type == QLatin1String("FORK_JOIN")) {
            const QJsonArray branches = wt.value(QStringLiteral("forkTasks")).toArray();
            for (qsizetype i = 0; i < branches.size(); ++i)
                addList(node->add(groupNode(TaskTreeModel::tr("Branch %1").arg(i + 1))), branches.at(i).toArray(), suffix);
        } else if (type == QLatin1String("SWITCH") || type == QLatin1String("DECISION")) {
            const QJsonObject cases = wt.value(QStringLiteral("decisionCases")).toObject();
            for (auto it = cases.begin(); it != cases.end(); ++it)
                addList(node->add(groupNode(TaskTreeModel::tr("Case %1").arg(it.key()))), it.value().toArray(), suffix);
            const QJsonArray fallback = wt.value(QStringLiteral("defaultCase")).toArray();
            if (!fallback.isEmpty())
                addList(node->add(groupNode(TaskTreeModel::tr("Default case"))), fallback, suffix);
        } else if (type == QLatin1String("DO_WHILE")) {
            const QJsonArray loopOver = wt.value(QStringLiteral("loopOver")).toArray();
            const int iterations = iterationsOf(loopOver);
            if (iterations == 0) // not started: the loop's tasks as defined
                addList(node, loopOver, suffix);
            for (int n = 1; n <= iterations; ++n)
                addList(node->add(groupNode(TaskTreeModel::tr("Iteration %1").arg(n))), loopOver,
                        suffix + QStringLiteral("__") + QString::number(n));
        }
    }

    QHash<QString, QList<QJsonObject>> m_attempts;
    QStringList m_order;
    QSet<QString> m_used;
};

} // namespace

TaskTreeModel::TaskTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

TaskTreeModel::~TaskTreeModel() = default;

void TaskTreeModel::setWorkflow(const QJsonObject &workflow)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    TreeBuilder builder(workflow.value(QStringLiteral("tasks")).toArray());
    const QJsonArray defined = workflow.value(QStringLiteral("workflowDefinition")).toObject().value(QStringLiteral("tasks")).toArray();
    builder.addList(m_root.get(), defined, QString());
    const QStringList others = builder.leftovers();
    if (!others.isEmpty()) {
        auto group = std::make_unique<Node>();
        group->label = tr("Other tasks");
        group->group = true;
        Node *g = m_root->add(std::move(group));
        for (const QString &ref : others)
            g->add(builder.taskNode(ref, QString()));
    }
    endResetModel();
}

TaskTreeModel::Node *TaskTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex TaskTreeModel::indexOf(Node *node, int column) const
{
    return node == m_root.get() ? QModelIndex() : createIndex(node->row(), column, node);
}

QModelIndex TaskTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    Node *p = nodeOf(parent);
    if (row < 0 || row >= int(p->children.size()) || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex TaskTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *p = nodeOf(child)->parent;
    return p ? indexOf(p, 0) : QModelIndex();
}

int TaskTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int TaskTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

QVariant TaskTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    const QString status = n->latest.value(QStringLiteral("status")).toString();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RefColumn: return n->label;
        case TypeColumn: return n->group ? QString() : n->type;
        case StatusColumn: return n->group ? QString() : (status.isEmpty() ? tr("not scheduled") : status);
        case AttemptsColumn: return n->group || n->attempts == 0 ? QVariant() : QVariant(n->attempts);
        }
        return {};
    case Qt::ToolTipRole:
        if (n->group)
            return n->label;
        return n->latest.isEmpty() ? tr("%1 has not been scheduled.").arg(n->label)
                                   : tr("%1 (%2): %3, task %4").arg(n->label, n->type, status,
                                                                    n->latest.value(QStringLiteral("taskId")).toString());
    case TaskRole: return n->latest;
    case RefRole: return n->group ? QString() : n->label;
    case IsGroupRole: return n->group;
    }
    return {};
}

QVariant TaskTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RefColumn: return tr("Task");
    case TypeColumn: return tr("Type");
    case StatusColumn: return tr("Status");
    case AttemptsColumn: return tr("Attempts");
    }
    return {};
}

QJsonObject TaskTreeModel::taskAt(const QModelIndex &index) const
{
    return index.isValid() ? nodeOf(index)->latest : QJsonObject();
}

QModelIndex TaskTreeModel::findRef(const QString &ref) const
{
    std::vector<Node *> stack{m_root.get()};
    while (!stack.empty()) {
        Node *n = stack.back();
        stack.pop_back();
        if (n != m_root.get() && !n->group && n->label == ref)
            return indexOf(n, 0);
        for (auto it = n->children.rbegin(); it != n->children.rend(); ++it)
            stack.push_back(it->get());
    }
    return {};
}

} // namespace orrery
