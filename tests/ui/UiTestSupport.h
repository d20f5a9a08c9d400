#pragma once

// Helpers shared by the console's widget tests against a real engine.

#include "EngineClient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <optional>

namespace orrery::test {

// One REST call through the client, waited for (the event loop runs meanwhile).
inline Result<QJsonValue> callSync(EngineClient *client, const QByteArray &method, const QString &path, const QJsonValue &body = {},
                                   const QUrlQuery &query = {})
{
    std::optional<Result<QJsonValue>> out;
    client->call(method, path, query, body, [&out](Result<QJsonValue> r) { out = std::move(r); });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000))
        return Error::internal(QStringLiteral("no answer to %1 %2").arg(QString::fromLatin1(method), path));
    return *out;
}

// "nightly_report": one noop task, so the jobs that start it depend on nothing else.
inline QJsonObject nightlyReportDefinition()
{
    return {{QStringLiteral("name"), QStringLiteral("nightly_report")},
            {QStringLiteral("description"), QStringLiteral("Builds the nightly report (a noop here).")},
            {QStringLiteral("tasks"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")},
                                    {QStringLiteral("taskReferenceName"), QStringLiteral("report")},
                                    {QStringLiteral("inputParameters"),
                                     QJsonObject{{QStringLiteral("region"), QStringLiteral("${workflow.input.region}")}}}}}}};
}

} // namespace orrery::test
