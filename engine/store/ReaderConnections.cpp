#include "store/ReaderConnections.h"

#include "store/ConnectGate.h"
#include "store/SqlBackend.h"

namespace orrery {

ReaderConnections::ReaderConnections(const SqlBackend &backend, ConnectGate &gate, QString namePrefix)
    : m_backend(backend), m_gate(gate), m_prefix(std::move(namePrefix)), m_registry(std::make_shared<Registry>())
{
}

ReaderConnections::~ReaderConnections()
{
    closeAll();
}

Result<QSqlDatabase> ReaderConnections::connection()
{
    QThread *thread = QThread::currentThread();
    {
        QMutexLocker lock(&m_registry->mutex);
        if (m_closed)
            return Error::unavailable(QStringLiteral("the store is closed"));
        auto it = m_registry->entries.find(thread);
        if (it != m_registry->entries.end()) {
            if (it->thread) // the same live thread
                return QSqlDatabase::database(it->name, false);
            // A finished thread whose address was reused: its connection is stale.
            QObject::disconnect(it->finished);
            SqlBackend::closeConnection(it->name);
            m_registry->entries.erase(it);
        }
    }
    const QString name = QStringLiteral("%1-reader-%2").arg(m_prefix).arg(quintptr(thread), 0, 16);
    Result<QSqlDatabase> db = m_gate.open(m_backend, name, QStringLiteral("reader"));
    if (!db)
        return db;
    Entry entry{thread, name, {}};
    // Runs in the finishing thread itself, which owns the connection.
    std::weak_ptr<Registry> weak = m_registry;
    entry.finished = QObject::connect(
        thread, &QThread::finished, thread,
        [weak, thread]() {
            std::shared_ptr<Registry> registry = weak.lock();
            if (!registry)
                return;
            QMutexLocker lock(&registry->mutex);
            auto it = registry->entries.find(thread);
            if (it == registry->entries.end())
                return;
            SqlBackend::closeConnection(it->name);
            registry->entries.erase(it);
        },
        Qt::DirectConnection);
    QMutexLocker lock(&m_registry->mutex);
    m_registry->entries.insert(thread, entry);
    return db;
}

void ReaderConnections::reconnect()
{
    QMutexLocker lock(&m_registry->mutex);
    auto it = m_registry->entries.find(QThread::currentThread());
    if (it == m_registry->entries.end())
        return;
    QObject::disconnect(it->finished);
    SqlBackend::closeConnection(it->name);
    m_registry->entries.erase(it);
}

void ReaderConnections::closeAll()
{
    QMutexLocker lock(&m_registry->mutex);
    m_closed = true;
    for (Entry &entry : m_registry->entries) {
        QObject::disconnect(entry.finished);
        SqlBackend::closeConnection(entry.name);
    }
    m_registry->entries.clear();
}

int ReaderConnections::count() const
{
    QMutexLocker lock(&m_registry->mutex);
    return int(m_registry->entries.size());
}

} // namespace orrery
