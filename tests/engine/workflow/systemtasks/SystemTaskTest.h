#pragma once

#include "../EngineHarness.h"

#include <QJsonArray>

namespace orrery::test {

// EngineHarness plus what system task tests need: queued engine work (child workflow starts,
// parent notifications) run to the end, and look-ups of tasks by ref.
class SystemTaskHarness : public EngineHarness
{
public:
    // Processes queued invocations on this thread until nothing is left.
    void settle()
    {
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    QJsonObject wf(const QString &id)
    {
        settle();
        return workflow(id);
    }
    static QJsonObject task(const QJsonObject &wf, const QString &ref)
    {
        QJsonObject last;
        for (const QJsonValue &v : wf.value(QStringLiteral("tasks")).toArray())
            if (v.toObject().value(QStringLiteral("referenceTaskName")).toString() == ref)
                last = v.toObject();
        return last;
    }
    static QStringList refs(const QJsonObject &wf)
    {
        QStringList out;
        for (const QJsonValue &v : wf.value(QStringLiteral("tasks")).toArray())
            out.append(v.toObject().value(QStringLiteral("referenceTaskName")).toString());
        return out;
    }
    static QString status(const QJsonObject &o) { return o.value(QStringLiteral("status")).toString(); }
    // Polls one task of `type` and completes it with `output`; returns its ref ("" if none).
    QString completeNext(const QString &type, const QJsonObject &output = {}, TaskStatus status = TaskStatus::Completed)
    {
        const QJsonArray got = poll(type);
        if (got.isEmpty())
            return {};
        const QJsonObject t = got.first().toObject();
        auto r = update(t.value(QStringLiteral("taskId")).toString(), status, output);
        settle();
        return r.ok() ? t.value(QStringLiteral("referenceTaskName")).toString() : QString();
    }
    Result<void> define(const char *json) { return registerWorkflow(QByteArray(json)); }
};

} // namespace orrery::test
