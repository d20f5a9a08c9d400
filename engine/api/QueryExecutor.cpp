#include "QueryExecutor.h"

#include "store/SqlBackend.h"
#include "store/Store.h"

#include <QObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace orrery {

struct QueryExecutor::Lane
{
    std::unique_ptr<QThread> thread;
    QObject *context = nullptr; // lives on `thread`
    QString connectionName;
    bool open = false; // touched only on `thread`
};

QueryExecutor::QueryExecutor(Store *store, QString name, int threads)
    : m_store(store), m_name(std::move(name)), m_threadCount(qMax(1, threads))
{
}

QueryExecutor::~QueryExecutor()
{
    stop();
}

void QueryExecutor::start()
{
    QMutexLocker lock(&m_mutex);
    if (m_running)
        return;
    m_running = true;
    for (int i = 0; i < m_threadCount; ++i) {
        auto lane = std::make_unique<Lane>();
        lane->thread = std::make_unique<QThread>();
        lane->thread->setObjectName(QStringLiteral("%1-%2").arg(m_name).arg(i));
        lane->connectionName = QStringLiteral("%1-%2-%3").arg(m_name).arg(i).arg(quintptr(this), 0, 16);
        lane->context = new QObject; // deleted on stop(), after its thread finished
        lane->context->moveToThread(lane->thread.get());
        lane->thread->start();
        m_lanes.push_back(std::move(lane));
    }
}

bool QueryExecutor::post(Job job)
{
    QMutexLocker lock(&m_mutex);
    if (!m_running || m_lanes.empty())
        return false;
    Lane *lane = m_lanes[m_next++ % m_lanes.size()].get();
    Store *store = m_store;
    return QMetaObject::invokeMethod(lane->context, [lane, store, job = std::move(job)] {
        Connection c;
        c.backend = &store->backend();
        if (!lane->open) {
            auto db = store->openModuleConnection(lane->connectionName);
            if (!db.ok()) {
                c.error = db.error();
                job(c);
                return;
            }
            lane->open = true;
            // List pages read a few index and row pages each; the store's 16 MB page cache per
            // connection mostly kept deep pages' leftovers (bench_memory, issue 15).
            if (store->backend().name() == QLatin1String("sqlite")) {
                QSqlQuery pragma(db.value());
                pragma.exec(QStringLiteral("PRAGMA cache_size=-4096"));
            }
        }
        c.db = QSqlDatabase::database(lane->connectionName, false);
        if (!c.db.isOpen() && !c.db.open()) {
            c.error = store->backend().sqlError(QStringLiteral("cannot reopen the API's database connection"),
                                                c.db.lastError());
            c.db = QSqlDatabase();
            SqlBackend::closeConnection(lane->connectionName);
            lane->open = false;
        }
        job(c);
        if (c.failed && c.db.isValid() && !store->backend().ping(c.db)) {
            c.db = QSqlDatabase();
            SqlBackend::closeConnection(lane->connectionName); // reopened by the next job
            lane->open = false;
        }
    });
}

void QueryExecutor::stop()
{
    std::vector<std::unique_ptr<Lane>> lanes;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_running)
            return;
        m_running = false;
        lanes.swap(m_lanes); // jobs running now may still post(); they are refused, not blocked
    }
    for (auto &lane : lanes) {
        Lane *l = lane.get();
        QMetaObject::invokeMethod(
            l->context,
            [l] {
                if (l->open)
                    SqlBackend::closeConnection(l->connectionName);
                l->open = false;
            },
            Qt::BlockingQueuedConnection);
        l->thread->quit();
        l->thread->wait();
        delete l->context;
        l->context = nullptr;
    }
}

} // namespace orrery
