#pragma once

#include "Paging.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace orrery {

// GET /api/workflow/search?source=all: the local and the remote executions (Conductor client
// mode) in one page. Each side is asked for its first `start + size` rows in the same order; the
// two lists are merged by `sort` (default startTime DESC, ties by workflowId) and the page is cut
// from the merge, so paging stays exact as long as start + size <= Paging::kMaxSize.
class MergedWorkflowSearch
{
public:
    // The rows each side is asked for (start 0, this size).
    static int window(const Paging &paging) { return paging.start + paging.size; }
    // Conductor's search parameters for the remote side: start 0, size window(paging), the same
    // sort/freeText, and a query that also carries the status / workflowType filters.
    static QString remoteQuery(const Paging &paging, const QString &sort, const QString &freeText, const QString &query,
                               const QStringList &statuses, const QStringList &workflowTypes);
    // `local` and `remote`: SearchResult pages (rows of `remote` already marked remote); local
    // rows get `"source": "local"`. `sources` goes into the answer as is (per side: totalHits,
    // or the reason the side is missing).
    static QJsonObject merge(const QJsonObject &local, const QJsonObject &remote, const QString &sort, const Paging &paging,
                             const QJsonObject &sources);
};

} // namespace orrery
