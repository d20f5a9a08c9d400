#pragma once

#include "core/Result.h"
#include "core/Task.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace orrery {

// What the engine reports when a task fails for good (EngineCore::taskDeadLettered).
struct DeadLetterInput
{
    Task task;            // the last attempt
    QList<Task> attempts; // every attempt of its reference, oldest first, `task` last
    QString reasonClass;  // RETRIES_EXHAUSTED, TERMINAL, TIMED_OUT, DEADLINE_EXCEEDED, CANCELED
    QString message;
};

// One attempt of a dead task, as kept in its DLQ entry.
struct DeadLetterAttempt
{
    QString taskId;
    int retryCount = 0;
    QString status;        // FAILED, FAILED_WITH_TERMINAL_ERROR, TIMED_OUT, ...
    QString workerId;
    qint64 scheduledTime = 0;
    qint64 startTime = 0;  // 0 = never started (timed out in its queue)
    qint64 endTime = 0;
    QString error;         // reasonForIncompletion
    QJsonObject errorDetail; // outputData.error of a local worker: kind, errorCode, httpStatus, errorClass, ...
    QString outputExcerpt; // compact JSON of the output, cut to DlqConfig::outputExcerptBytes

    qint64 durationMs() const { return startTime > 0 && endTime >= startTime ? endTime - startTime : 0; }
    static DeadLetterAttempt fromTask(const Task &t, int excerptBytes);
    QJsonObject toJson() const;
    static DeadLetterAttempt fromJson(const QJsonObject &o);
};

// One replay of an entry (kept for ever with the entry).
struct DeadLetterReplay
{
    qint64 timeMs = 0;
    QString by;        // who asked (token name), or "bulk:<jobId>"
    QString jobId;     // bulk replay job, empty for a single replay
    QString fromTaskId; // the dead attempt that was replayed
    QString newTaskId; // the new attempt (empty when the replay was refused)
    QString error;     // why the engine refused it

    bool ok() const { return error.isEmpty(); }
    QJsonObject toJson() const;
    static DeadLetterReplay fromJson(const QJsonObject &o);
};

// One dead task reference of one workflow (docs/recovery.md, "Dead-letter queue"). There is at
// most one entry per (workflowId, referenceTaskName): a task that dies again after a replay
// reopens its entry, which then holds every attempt before and after the replay.
struct DeadLetterEntry
{
    enum class Status { Dead, Replaying, Replayed };

    QString id;
    Status status = Status::Dead;
    QString workflowId;
    QString workflowType;
    QString referenceTaskName;
    QString taskType;
    QString taskDefName;
    QString projectId;
    QString correlationId;
    QString taskId;        // the last dead attempt
    QString reasonClass;
    QString message;
    QJsonObject task;      // snapshot of the last dead attempt (Task JSON without input and output)
    QJsonObject input;     // its input
    QList<DeadLetterAttempt> attempts; // oldest first, across replays
    QList<DeadLetterReplay> replays;   // oldest first
    int deadCount = 1;     // how often the reference dead-lettered (1 + reopenings)
    qint64 firstFailureMs = 0;
    qint64 lastFailureMs = 0;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;

    static QString statusName(Status s); // "DEAD", "REPLAYING", "REPLAYED"
    static std::optional<Status> statusFromName(const QString &name);

    // A new entry for a dead task.
    static DeadLetterEntry create(const QString &id, const DeadLetterInput &in, qint64 nowMs, int excerptBytes);
    // The same reference died again: back to DEAD with the new reason, the attempts merged
    // (by taskId, oldest first) and deadCount + 1. Replay history is kept.
    void reopen(const DeadLetterInput &in, qint64 nowMs, int excerptBytes);

    QJsonObject toJson() const;    // everything
    QJsonObject summaryJson() const; // for lists: no attempts, input or snapshot; the last error
    static Result<DeadLetterEntry> fromJson(const QJsonObject &o);
    // Lower-case text searched by the `text` filter: ids, message and every attempt's error.
    QString searchText() const;

private:
    void absorb(const DeadLetterInput &in, int excerptBytes);
};

} // namespace orrery
