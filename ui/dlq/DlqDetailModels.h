#pragma once

#include "JsonRowModel.h"

namespace orrery {

// The attempts of one DLQ entry (its "attempts" array, oldest first), keyed by taskId. Rows are
// made by fromAttempt(): times as ISO strings (shown in local time), the error detail's codes
// flattened into columns.
class DlqAttemptModel : public JsonRowModel
{
    Q_OBJECT

public:
    explicit DlqAttemptModel(QObject *parent = nullptr);
    static QJsonObject fromAttempt(const QJsonObject &attempt);
};

// The replays of one DLQ entry (its "replays" array, oldest first), keyed by their position.
class DlqReplayModel : public JsonRowModel
{
    Q_OBJECT

public:
    explicit DlqReplayModel(QObject *parent = nullptr);
    static QJsonObject fromReplay(const QJsonObject &replay, int position);
};

// The per-item report of a replay or purge: one row per entry id with its result
// ("status": REPLAYED, PURGED, FAILED, NOT_SENT) and a detail (new task id or the server's error).
class DlqResultModel : public JsonRowModel
{
    Q_OBJECT

public:
    explicit DlqResultModel(QObject *parent = nullptr);
};

} // namespace orrery
