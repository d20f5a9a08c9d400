#pragma once

#include <QHash>
#include <QString>
#include <utility>
#include <vector>

namespace orrery {

// taskId -> index into WorkflowRun::tasks, with QHash's insert/value. Most runs hold a handful of
// tasks, and an empty QHash that gets one entry allocates ~1.7 KB (a span of 128 slots and 48
// entries in Qt 6.4): 170 MB for 100,000 queued one-task workflows after a restart (issue 15,
// bench_memory). So up to kLinear entries sit in a vector searched linearly (the keys share the
// tasks' id strings), and only larger runs build the hash.
class TaskIndex
{
public:
    static constexpr size_t kLinear = 16;

    void insert(const QString &taskId, int index)
    {
        if (!m_hash.isEmpty()) {
            m_hash.insert(taskId, index);
            return;
        }
        for (auto &[id, i] : m_small) {
            if (id == taskId) {
                i = index;
                return;
            }
        }
        if (m_small.size() < kLinear) {
            m_small.emplace_back(taskId, index);
            return;
        }
        for (const auto &[id, i] : m_small)
            m_hash.insert(id, i);
        m_hash.insert(taskId, index);
        m_small = {};
    }
    // The index, or `missing` (QHash::value's default-constructed 0 when not given).
    int value(const QString &taskId, int missing = 0) const
    {
        if (!m_hash.isEmpty())
            return m_hash.value(taskId, missing);
        for (const auto &[id, i] : m_small)
            if (id == taskId)
                return i;
        return missing;
    }
    bool contains(const QString &taskId) const { return value(taskId, -1) != -1; }
    qsizetype size() const { return m_hash.isEmpty() ? qsizetype(m_small.size()) : m_hash.size(); }

private:
    std::vector<std::pair<QString, int>> m_small;
    QHash<QString, int> m_hash;
};

} // namespace orrery
