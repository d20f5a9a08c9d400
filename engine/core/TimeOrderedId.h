#pragma once

#include <QString>
#include <QUuid>

namespace orrery {

// Ids of workflow executions and tasks: UUID version 7 (RFC 9562), the usual 36-character form.
// The first 48 bits are the Unix time in milliseconds, then a counter that orders ids made in the
// same millisecond on the same thread, then 62 random bits. Ids made one after another therefore
// sort one after another, so the store's indexes on them (primary keys, tasks by workflow) grow
// at their right edge instead of touching a random B-tree page per row (which made each commit
// rewrite pages all over the index). They are no more guessable than before in any way that
// matters: ids are names, not secrets; access is governed by tokens.
class TimeOrderedId
{
public:
    static QString next();
    // The same from an explicit time and random bits (tests).
    static QUuid make(qint64 unixMs, quint16 counter, quint64 random);
};

} // namespace orrery
