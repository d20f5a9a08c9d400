#include "DlqRetention.h"

#include "DlqTable.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcDlq)

namespace orrery {

Result<int> DlqRetention::expire(DlqTable &table, qint64 nowMs) const
{
    if (m_ttlMs <= 0)
        return 0;
    constexpr int kSlice = 1000;
    int expired = 0;
    for (;;) {
        auto n = table.removeOlderThan(nowMs - m_ttlMs, kSlice);
        if (!n.ok())
            return n.error();
        expired += n.value();
        if (n.value() < kSlice)
            break;
    }
    if (expired > 0)
        qCWarning(lcDlq).noquote() << "DLQ evicted" << expired << "entr(ies) older than the TTL of" << m_ttlMs / 1000 << "s";
    return expired;
}

Result<int> DlqRetention::trim(DlqTable &table) const
{
    if (m_maxEntries <= 0)
        return 0;
    auto n = table.trimTo(m_maxEntries);
    if (n.ok() && n.value() > 0)
        qCWarning(lcDlq).noquote() << "DLQ evicted" << n.value() << "oldest entr(ies): more than maxEntries =" << m_maxEntries;
    return n;
}

} // namespace orrery
