#pragma once

#include "core/Result.h"
#include "store/StoreSchema.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

namespace orrery {

class SqlBackend;

// Reads a whole table page by page in primary-key order, text keys in byte order, so memory stays
// bounded and two backends deliver the same rows in the same order. Each page continues after
// the last key of the previous one (keyset paging with two statements prepared once), which
// needs no open cursor and sees the snapshot of the connection's current transaction.
class TableScan
{
public:
    // `db` belongs to the calling thread; `backend` and `table` must outlive the scan.
    TableScan(QSqlDatabase db, const SqlBackend &backend, const StoreTable &table, int pageRows);

    // The next page (values in table.columns order); an empty list at the end.
    Result<QList<QVariantList>> next();

private:
    Result<void> prepare();

    QSqlDatabase m_db;
    const SqlBackend &m_backend;
    const StoreTable &m_table;
    int m_pageRows;
    bool m_prepared = false;
    bool m_done = false;
    QSqlQuery m_first;
    QSqlQuery m_after;
    QVariantList m_lastKey;
    QList<int> m_keyIndexes; // positions of the primary-key columns in a row
};

} // namespace orrery
