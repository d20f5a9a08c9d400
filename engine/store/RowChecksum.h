#pragma once

#include "store/StoreSchema.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QVariantList>

namespace orrery {

class SqlBackend;

// SHA-256 over a table's rows (fed in primary-key order), each value rendered canonically so
// that the same data gives the same digest on SQLite and on PostgreSQL: integers as decimals
// whatever their width, JSON parsed and re-serialised compactly with sorted keys (JSONB reorders
// keys and drops whitespace), NULL distinct from '' and from 'null'.
// With `target` set, text is first adapted as that backend stores it (PostgreSQL turns NUL
// characters into U+FFFD, see SqlBackend::adaptText), so the source's digest predicts the
// target's and both sides of a copy are computed the same way.
class RowChecksum
{
public:
    explicit RowChecksum(QList<ColumnKind> kinds, const SqlBackend *target = nullptr);

    void add(const QVariantList &row);
    qint64 rows() const { return m_rows; }
    // Lower-case hex; call once, after the last add().
    QByteArray hex();

    // The bytes one value contributes (tagged, length-prefixed).
    static QByteArray canonical(const QVariant &value, ColumnKind kind, const SqlBackend *target = nullptr);

private:
    QList<ColumnKind> m_kinds;
    const SqlBackend *m_target;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_rows = 0;
};

} // namespace orrery
