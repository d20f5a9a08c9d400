#include "DlqModel.h"

#include "TimeText.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QMap>
#include <algorithm>
#include <functional>

namespace orrery {

struct DlqModel::Node
{
    Kind kind = Kind::Reason;
    Node *parent = nullptr;
    int row = 0;
    QString key;       // reason, task type or entry id
    QJsonObject entry; // entries only
    std::vector<std::unique_ptr<Node>> children;
    int count = 0;                  // groups: entries below
    QMap<QString, int> statuses;    // groups: entries below by status
    qint64 newestFailureMs = 0;     // groups: the newest last failure below

    Node *add(Kind k, const QString &name)
    {
        auto n = std::make_unique<Node>();
        n->kind = k;
        n->parent = this;
        n->row = int(children.size());
        n->key = name;
        children.push_back(std::move(n));
        return children.back().get();
    }
    Node *child(const QString &name) const
    {
        for (const auto &c : children)
            if (c->key == name)
                return c.get();
        return nullptr;
    }
};

namespace {

const QStringList &reasonOrder()
{
    static const QStringList order{QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("TERMINAL"), QStringLiteral("TIMED_OUT"),
                                   QStringLiteral("DEADLINE_EXCEEDED"), QStringLiteral("CANCELED")};
    return order;
}

bool reasonLess(const QString &a, const QString &b)
{
    const qsizetype ia = reasonOrder().indexOf(a), ib = reasonOrder().indexOf(b);
    if (ia != ib)
        return (ia < 0 ? 1000 : ia) < (ib < 0 ? 1000 : ib);
    return a < b;
}

QString str(const QJsonObject &o, const char *field) { return o.value(QLatin1String(field)).toString(); }

qint64 ms(const QJsonObject &o, const char *field) { return qint64(o.value(QLatin1String(field)).toDouble()); }


QBrush statusBrush(const QString &status)
{
    if (status == QLatin1String("DEAD"))
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    if (status == QLatin1String("REPLAYED"))
        return QBrush(QColor(0x2e, 0x8b, 0x57));
    if (status == QLatin1String("REPLAYING"))
        return QBrush(QColor(0xb9, 0x77, 0x0e));
    return {};
}

} // namespace

DlqModel::DlqModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>()) {}

DlqModel::~DlqModel() = default;

QString DlqModel::groupKey(const QJsonObject &entry)
{
    return str(entry, "reasonClass") + QLatin1Char('\n') + str(entry, "taskType");
}

DlqModel::Node *DlqModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex DlqModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<Node *>(node));
}

QModelIndex DlqModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, nodeOf(parent)->children.at(size_t(row)).get());
}

QModelIndex DlqModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeOf(child)->parent, 0);
}

int DlqModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int DlqModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant DlqModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Reason / task type / entry");
    case CountColumn: return tr("Entries");
    case StatusColumn: return tr("Status");
    case WorkflowColumn: return tr("Workflow");
    case ReferenceColumn: return tr("Reference");
    case AttemptsColumn: return tr("Attempts");
    case DeadCountColumn: return tr("Dead count");
    case LastFailureColumn: return tr("Last failure");
    case ErrorColumn: return tr("Last error");
    default: return {};
    }
}

QVariant DlqModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeOf(index);
    const bool isEntry = n->kind == Kind::Entry;
    const QJsonObject &e = n->entry;
    switch (role) {
    case KindRole: return int(n->kind);
    case IdRole: return isEntry ? n->key : QString();
    case RowRole: return isEntry ? QVariant(e) : QVariant();
    case StatusRole: return isEntry ? str(e, "status") : QString();
    case ReasonRole: return n->kind == Kind::Reason ? n->key : (n->kind == Kind::TaskType ? n->parent->key : str(e, "reasonClass"));
    case TypeRole: return n->kind == Kind::Reason ? QString() : (n->kind == Kind::TaskType ? n->key : str(e, "taskType"));
    case CountRole: return isEntry ? 1 : n->count;
    case Qt::FontRole:
        if (!isEntry) {
            QFont f;
            f.setBold(n->kind == Kind::Reason);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn && isEntry)
            return statusBrush(str(e, "status"));
        return {};
    case Qt::ToolTipRole:
        if (isEntry && index.column() == ErrorColumn)
            return str(e, "message");
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    if (!isEntry) {
        switch (index.column()) {
        case NameColumn: return n->key.isEmpty() ? tr("(none)") : n->key;
        case CountColumn: return n->count;
        case StatusColumn: {
            QStringList parts;
            for (auto it = n->statuses.cbegin(); it != n->statuses.cend(); ++it)
                parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
            return parts.join(QStringLiteral(", "));
        }
        case LastFailureColumn: return TimeText::local(n->newestFailureMs);
        default: return {};
        }
    }
    switch (index.column()) {
    case NameColumn: return n->key;
    case StatusColumn: return str(e, "status");
    case WorkflowColumn: return str(e, "workflowType");
    case ReferenceColumn: return str(e, "referenceTaskName");
    case AttemptsColumn: return e.value(QStringLiteral("attemptCount")).toInt();
    case DeadCountColumn: return e.value(QStringLiteral("deadCount")).toInt();
    case LastFailureColumn: return TimeText::local(ms(e, "lastFailureTime"));
    case ErrorColumn: {
        const QString last = str(e, "lastError");
        return last.isEmpty() ? str(e, "message") : last;
    }
    default: return {};
    }
}

void DlqModel::refreshGroup(Node *group)
{
    group->count = 0;
    group->statuses.clear();
    group->newestFailureMs = 0;
    for (const auto &c : group->children) {
        if (c->kind == Kind::Entry) {
            ++group->count;
            ++group->statuses[str(c->entry, "status")];
            group->newestFailureMs = std::max(group->newestFailureMs, ms(c->entry, "lastFailureTime"));
        } else {
            refreshGroup(c.get());
            group->count += c->count;
            for (auto it = c->statuses.cbegin(); it != c->statuses.cend(); ++it)
                group->statuses[it.key()] += it.value();
            group->newestFailureMs = std::max(group->newestFailureMs, c->newestFailureMs);
        }
    }
}

void DlqModel::setEntries(const QList<QJsonObject> &entries)
{
    // The fresh tree: reasons in the engine's order, types alphabetically, entries as listed
    // (the server lists the newest failure first).
    auto fresh = std::make_unique<Node>();
    QMap<QString, QList<QJsonObject>> byGroup;
    QStringList reasons;
    for (const QJsonObject &e : entries) {
        if (str(e, "id").isEmpty())
            continue;
        byGroup[groupKey(e)].append(e);
        if (!reasons.contains(str(e, "reasonClass")))
            reasons << str(e, "reasonClass");
    }
    std::sort(reasons.begin(), reasons.end(), reasonLess);
    for (const QString &reason : reasons) {
        Node *r = fresh->add(Kind::Reason, reason);
        for (auto it = byGroup.cbegin(); it != byGroup.cend(); ++it) {
            if (it.key().section(QLatin1Char('\n'), 0, 0) != reason)
                continue;
            Node *t = r->add(Kind::TaskType, it.key().section(QLatin1Char('\n'), 1));
            for (const QJsonObject &e : it.value()) {
                if (t->child(str(e, "id")))
                    continue; // a page boundary moved during paging: once is enough
                t->add(Kind::Entry, str(e, "id"))->entry = e;
            }
        }
    }
    refreshGroup(fresh.get());

    // Same groups in the same order holding the same entries in the same order?
    std::function<bool(const Node *, const Node *)> same = [&same](const Node *a, const Node *b) {
        if (a->key != b->key || a->children.size() != b->children.size())
            return false;
        for (size_t i = 0; i < a->children.size(); ++i)
            if (!same(a->children[i].get(), b->children[i].get()))
                return false;
        return true;
    };
    if (!same(m_root.get(), fresh.get())) {
        beginResetModel();
        m_root = std::move(fresh);
        m_byId.clear();
        std::function<void(Node *)> index = [&](Node *n) {
            if (n->kind == Kind::Entry)
                m_byId.insert(n->key, n);
            for (auto &c : n->children)
                index(c.get());
        };
        index(m_root.get());
        endResetModel();
        return;
    }
    // Same shape: copy the new content into the existing nodes and signal per level.
    std::function<void(Node *, const Node *)> copy = [&](Node *dst, const Node *src) {
        dst->entry = src->entry;
        dst->count = src->count;
        dst->statuses = src->statuses;
        dst->newestFailureMs = src->newestFailureMs;
        for (size_t i = 0; i < dst->children.size(); ++i)
            copy(dst->children[i].get(), src->children[i].get());
        if (!dst->children.empty()) {
            const QModelIndex parent = indexOfNode(dst, 0);
            Q_EMIT dataChanged(index(0, 0, parent), index(int(dst->children.size()) - 1, ColumnCount - 1, parent));
        }
    };
    copy(m_root.get(), fresh.get());
}

void DlqModel::emitRowChanged(const Node *node)
{
    const QModelIndex parent = indexOfNode(node->parent, 0);
    Q_EMIT dataChanged(index(node->row, 0, parent), index(node->row, ColumnCount - 1, parent));
}

bool DlqModel::updateEntry(const QJsonObject &entry)
{
    Node *n = m_byId.value(str(entry, "id"));
    if (!n)
        return false;
    QJsonObject merged = n->entry;
    for (auto it = entry.begin(); it != entry.end(); ++it)
        merged.insert(it.key(), it.value());
    if (groupKey(merged) != groupKey(n->entry)) {
        // It moved to another group: rebuild with the merged row.
        QList<QJsonObject> all;
        std::function<void(const Node *)> collect = [&](const Node *x) {
            if (x->kind == Kind::Entry)
                all << (x == n ? merged : x->entry);
            for (const auto &c : x->children)
                collect(c.get());
        };
        collect(m_root.get());
        setEntries(all);
        return true;
    }
    n->entry = merged;
    refreshGroup(m_root.get());
    emitRowChanged(n);
    emitRowChanged(n->parent);
    emitRowChanged(n->parent->parent);
    return true;
}

QModelIndex DlqModel::indexOfEntry(const QString &id, int column) const
{
    return indexOfNode(m_byId.value(id), column);
}

QModelIndex DlqModel::indexOfGroup(const QString &reason, const QString &taskType) const
{
    const Node *r = m_root->child(reason);
    if (!r || taskType.isEmpty())
        return indexOfNode(r, 0);
    return indexOfNode(r->child(taskType), 0);
}

QJsonObject DlqModel::entry(const QString &id) const
{
    const Node *n = m_byId.value(id);
    return n ? n->entry : QJsonObject();
}

QStringList DlqModel::entryIdsUnder(const QModelIndex &index) const
{
    QStringList ids;
    std::function<void(const Node *)> collect = [&](const Node *n) {
        if (n->kind == Kind::Entry)
            ids << n->key;
        for (const auto &c : n->children)
            collect(c.get());
    };
    if (index.isValid())
        collect(nodeOf(index));
    return ids;
}

} // namespace orrery
