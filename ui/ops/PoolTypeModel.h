#pragma once

#include "OpsTableModel.h"

namespace orrery {

// The local pool per task type (the "types" of WorkerPool::stats()), keyed by type.
class PoolTypeModel : public OpsTableModel
{
    Q_OBJECT

public:
    enum Column { Type, Limit, InFlight, Running, Queued, Completed, Failed, FailedTerminal, ColumnCount };

    explicit PoolTypeModel(QObject *parent = nullptr);
    void setPool(const QJsonObject &pool);

protected:
    QVariant cellData(const QJsonObject &row, int column, int role) const override;
};

} // namespace orrery
