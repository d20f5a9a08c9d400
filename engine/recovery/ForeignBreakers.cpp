#include "ForeignBreakers.h"

#include <memory>

namespace orrery {

void ForeignBreakers::add(Entry entry)
{
    QMutexLocker lock(&m_mutex);
    for (Entry &e : m_entries) {
        if (e.name == entry.name) {
            e = std::move(entry);
            return;
        }
    }
    m_entries.append(std::move(entry));
}

void ForeignBreakers::remove(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    m_entries.removeIf([&](const Entry &e) { return e.name == name; });
}

std::optional<ForeignBreakers::Entry> ForeignBreakers::find(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    for (const Entry &e : m_entries)
        if (e.name == name)
            return e;
    return std::nullopt;
}

QList<ForeignBreakers::Entry> ForeignBreakers::entries() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries;
}

void ForeignBreakers::collect(std::function<void(QList<QJsonObject>)> done) const
{
    const QList<Entry> all = entries();
    if (all.isEmpty()) {
        done({});
        return;
    }
    struct Gather
    {
        QMutex mutex;
        QList<std::optional<QJsonObject>> answers;
        qsizetype left = 0;
        std::function<void(QList<QJsonObject>)> done;
    };
    auto g = std::make_shared<Gather>();
    g->answers.resize(all.size());
    g->left = all.size();
    g->done = std::move(done);
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QString source = all[i].source;
        all[i].status([g, i, source](QJsonObject status) {
            status.insert(QStringLiteral("source"), source);
            std::function<void(QList<QJsonObject>)> finish;
            QList<QJsonObject> out;
            {
                QMutexLocker lock(&g->mutex);
                g->answers[i] = std::move(status);
                if (--g->left > 0)
                    return;
                for (const auto &a : std::as_const(g->answers))
                    if (a)
                        out.append(*a);
                finish = std::move(g->done);
            }
            if (finish)
                finish(out);
        });
    }
}

} // namespace orrery
