#pragma once

#include "workers/FailureInfo.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace orrery {

// The result of one TaskAssignment. The pool fills taskId, taskType, startedMs and finishedMs;
// handlers fill status, output, reason, logs and failure.
struct TaskOutcome
{
    enum Status { Completed, Failed, FailedTerminal };

    QString taskId;
    QString taskType;
    Status status = Completed;
    QJsonObject output;
    QString reason;      // reasonForIncompletion: empty when Completed
    QStringList logs;
    FailureInfo failure; // empty when Completed
    qint64 startedMs = 0;
    qint64 finishedMs = 0;

    bool isSuccess() const { return status == Completed; }

    static TaskOutcome completed(QJsonObject output);
    static TaskOutcome failed(QString reason, FailureInfo failure, QJsonObject output = {});
    static TaskOutcome failedTerminal(QString reason, FailureInfo failure, QJsonObject output = {});
    // FailedTerminal, kind "input", errorCode "invalid_input". `message` should name the field,
    // e.g. "input.argv must be a non-empty array of strings".
    static TaskOutcome badInput(QString message);

    // Conductor's status names: COMPLETED, FAILED, FAILED_WITH_TERMINAL_ERROR.
    static QString statusName(Status status);
    QJsonObject toJson() const;
};

} // namespace orrery

Q_DECLARE_METATYPE(orrery::TaskOutcome)
