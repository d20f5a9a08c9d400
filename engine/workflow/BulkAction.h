#pragma once

#include <QString>

namespace orrery {

// The workflow actions of /api/workflow/bulk/... (Conductor's WorkflowBulkResource), each
// applied to every id of the request on its own: one failing id does not stop the others.
enum class BulkAction { Pause, Resume, Retry, Restart, Terminate };

struct BulkOptions
{
    bool useLatestDefinitions = false; // Restart
    QString reason;                    // Terminate
};

// Conductor refuses larger requests ("Cannot process more than 1000 workflows...").
inline constexpr int kMaxBulkWorkflows = 1000;

} // namespace orrery
