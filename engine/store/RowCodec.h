#pragma once

#include "core/Result.h"
#include "core/Task.h"
#include "core/TaskDef.h"
#include "core/Workflow.h"
#include "core/WorkflowDef.h"
#include "store/Store.h"

#include <QJsonObject>
#include <QStringList>
#include <QVariantList>

namespace orrery {

// Maps domain objects to table rows and back. The `json` column holds the full object (Conductor
// JSON); the other columns duplicate the fields that queries filter or sort on.
class RowCodec
{
public:
    static QStringList workflowColumns();
    static QStringList taskColumns();
    static QStringList logColumns();
    static QStringList snapshotColumns();
    static QVariantList snapshotRow(const WorkflowDef &def);
    static QStringList taskDefColumns();
    static QStringList workflowDefColumns();
    static QStringList tokenColumns();
    // Columns that hold JSON text (in any table).
    static QStringList jsonColumns() { return {QStringLiteral("json"), QStringLiteral("projects")}; }

    static QVariantList workflowRow(const Workflow &wf);
    static QVariantList taskRow(const Task &task);
    static QVariantList logRow(const TaskLog &log);
    static QVariantList taskDefRow(const TaskDef &def);
    static QVariantList workflowDefRow(const WorkflowDef &def);
    static QVariantList tokenRow(const TokenRecord &token);

    // `what` names the row in the error ("task 'abc'").
    static Result<QJsonObject> parseJson(const QVariant &text, const QString &what);
    // Columns in tokenColumns() order.
    static Result<TokenRecord> tokenFromRow(const QVariantList &row);

    static QString toJsonText(const QJsonObject &o);
};

} // namespace orrery
