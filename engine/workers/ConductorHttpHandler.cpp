#include "ConductorHttpHandler.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace orrery {

ConductorHttpHandler::ConductorHttpHandler(const HandlerContext &context) : m_http(context) {}

QJsonObject ConductorHttpHandler::request(const QJsonObject &input)
{
    const QJsonValue nested = input.value(QStringLiteral("http_request"));
    return nested.isObject() ? nested.toObject() : input;
}

QJsonObject ConductorHttpHandler::toHttpInput(const QJsonObject &input, QString *error)
{
    const QJsonObject r = request(input);
    const QString uri = r.value(QStringLiteral("uri")).toString();
    const QString method = r.value(QStringLiteral("method")).toString();
    if (uri.isEmpty() || method.isEmpty()) {
        *error = QStringLiteral("http_request.uri and http_request.method are required (missing: %1)")
                     .arg(uri.isEmpty() ? QStringLiteral("uri") : QStringLiteral("method"));
        return {};
    }
    QJsonObject headers = r.value(QStringLiteral("headers")).toObject();
    auto has = [&headers](const QString &name) {
        for (auto it = headers.begin(); it != headers.end(); ++it)
            if (it.key().compare(name, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    };
    if (!has(QStringLiteral("Content-Type")))
        headers.insert(QStringLiteral("Content-Type"), r.value(QStringLiteral("contentType")).toString(QStringLiteral("application/json")));
    if (!has(QStringLiteral("Accept")))
        headers.insert(QStringLiteral("Accept"), r.value(QStringLiteral("accept")).toString(QStringLiteral("application/json")));
    QJsonObject out{{QStringLiteral("url"), uri},
                    {QStringLiteral("method"), method},
                    {QStringLiteral("headers"), headers},
                    {QStringLiteral("connectTimeoutMs"), r.value(QStringLiteral("connectionTimeOut")).toInt(3000)},
                    {QStringLiteral("readTimeoutMs"), r.value(QStringLiteral("readTimeOut")).toInt(3000)}};
    if (r.contains(QStringLiteral("body")) && !r.value(QStringLiteral("body")).isNull())
        out.insert(QStringLiteral("body"), r.value(QStringLiteral("body")));
    return out;
}

void ConductorHttpHandler::start(const TaskAssignment &task, Done done)
{
    QString error;
    TaskAssignment call = task;
    call.input = toHttpInput(task.input, &error);
    if (!error.isEmpty()) {
        done(TaskOutcome::badInput(error));
        return;
    }
    m_http.start(call, [done = std::move(done)](TaskOutcome outcome) {
        QJsonObject response = outcome.output;
        response.remove(QStringLiteral("bodyTruncated"));
        response.remove(QStringLiteral("durationMs"));
        if (!outcome.isSuccess() && response.contains(QStringLiteral("body"))) {
            const QJsonValue body = response.value(QStringLiteral("body"));
            outcome.reason = body.isString() ? body.toString() : QString::fromUtf8(QJsonDocument(QJsonArray{body}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
        }
        outcome.output = response.isEmpty() ? QJsonObject() : QJsonObject{{QStringLiteral("response"), response}};
        done(std::move(outcome));
    });
}

void ConductorHttpHandler::cancel() { m_http.cancel(); }

} // namespace orrery
