#include "store/TableScan.h"

#include "store/SqlBackend.h"

#include <algorithm>

namespace orrery {

TableScan::TableScan(QSqlDatabase db, const SqlBackend &backend, const StoreTable &table, int pageRows)
    : m_db(std::move(db)), m_backend(backend), m_table(table), m_pageRows(std::max(1, pageRows)), m_first(m_db),
      m_after(m_db)
{
}

Result<void> TableScan::prepare()
{
    const QStringList columns = m_table.columnNames();
    QStringList order;
    QStringList placeholders;
    for (const QString &key : m_table.primaryKey) {
        const int index = int(columns.indexOf(key));
        m_keyIndexes << index;
        order << (m_table.columns.at(index).kind == ColumnKind::Integer ? key : m_backend.inByteOrder(key));
        placeholders << QStringLiteral("?");
    }
    const QString select = QStringLiteral("SELECT %1 FROM %2").arg(columns.join(QLatin1String(", ")), m_table.name);
    const QString tail = QStringLiteral(" ORDER BY %1 LIMIT %2").arg(order.join(QLatin1String(", "))).arg(m_pageRows);
    m_first.setForwardOnly(true);
    m_after.setForwardOnly(true);
    if (!m_first.prepare(select + tail))
        return m_backend.queryError(QStringLiteral("cannot prepare the read of table %1").arg(m_table.name), m_first);
    const QString after = QStringLiteral(" WHERE (%1) > (%2)").arg(order.join(QLatin1String(", ")),
                                                                    placeholders.join(QLatin1String(", ")));
    if (!m_after.prepare(select + after + tail))
        return m_backend.queryError(QStringLiteral("cannot prepare the read of table %1").arg(m_table.name), m_after);
    m_prepared = true;
    return {};
}

Result<QList<QVariantList>> TableScan::next()
{
    if (m_done)
        return QList<QVariantList>{};
    if (!m_prepared) {
        if (Result<void> r = prepare(); !r)
            return r.error();
    }
    QSqlQuery &q = m_lastKey.isEmpty() ? m_first : m_after;
    for (int i = 0; i < m_lastKey.size(); ++i)
        q.bindValue(i, m_lastKey.at(i));
    if (!q.exec())
        return m_backend.queryError(QStringLiteral("cannot read table %1").arg(m_table.name), q);
    QList<QVariantList> rows;
    rows.reserve(m_pageRows);
    const int width = int(m_table.columns.size());
    while (q.next()) {
        QVariantList row;
        row.reserve(width);
        for (int i = 0; i < width; ++i)
            row << q.value(i);
        rows << std::move(row);
    }
    q.finish();
    m_done = rows.size() < m_pageRows;
    if (!rows.isEmpty()) {
        m_lastKey.clear();
        for (int index : std::as_const(m_keyIndexes))
            m_lastKey << rows.last().at(index);
    }
    return rows;
}

} // namespace orrery
