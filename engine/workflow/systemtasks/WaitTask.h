#pragma once

#include "workflow/systemtasks/SystemTask.h"

#include <optional>

namespace orrery {

// WAIT (spec §8.11): IN_PROGRESS until `duration` passes ("30s", "1h 5m", "2 days"), `until`
// is reached ("yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm z", "yyyy-MM-dd"; local time without a
// zone), or — with neither — something external completes it (task update, update by ref, or
// /signal). Bad input fails it terminally, naming the input.
class WaitTask : public SystemTask
{
public:
    void start(const SystemTaskCall &call) const override;
    void recover(const SystemTaskCall &call) const override;

    static std::optional<qint64> parseDurationSeconds(const QString &text);
    static std::optional<qint64> parseUntilMs(const QString &text);

private:
    void arm(const SystemTaskCall &call) const;
};

} // namespace orrery
