#pragma once

#include "ApiFixture.h"

namespace orrery::test {

// Small workflows for the operations tests: register definitions, start, poll, report.
struct OpsHelpers
{
    const ApiFixture &api;

    // A one-task workflow `name` whose task has type `taskType` (registered with retryCount
    // `retries` and no retry delay).
    void oneTaskWorkflow(const QByteArray &name, const QByteArray &taskType, int retries = 0) const;
    QString start(const QByteArray &name, const QByteArray &project = {}) const;
    // Polls one task of `taskType` as `worker`; an empty object when none came.
    QJsonObject pollOne(const QByteArray &taskType, const QByteArray &worker = "ops-worker") const;
    // Reports `status` for the task; returns the HTTP status.
    int report(const QJsonObject &task, const QByteArray &status) const;
    // Polls one task and reports `status` for it; returns the task.
    QJsonObject run(const QByteArray &taskType, const QByteArray &status) const;
    // Breaker `name` of GET /api/circuitbreaker/status; an empty object when it is not listed.
    QJsonObject breaker(const QString &name) const;
};

} // namespace orrery::test
