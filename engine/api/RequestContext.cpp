#include "RequestContext.h"

#include "HttpSettings.h"
#include "JsonBody.h"

namespace orrery {

RequestContext::RequestContext(std::shared_ptr<const HttpRequest> request, QHash<QString, QString> params,
                               std::optional<Principal> principal, HttpResponder responder,
                               std::shared_ptr<const HttpSettings> settings)
    : m_request(std::move(request)), m_params(std::move(params)), m_principal(std::move(principal)),
      m_responder(std::move(responder)), m_settings(std::move(settings)),
      m_instance(m_settings->instanceName())
{
}

QString RequestContext::queryString(const QString &name, const QString &defaultValue) const
{
    return m_request->queryValue(name).value_or(defaultValue);
}

Result<int> RequestContext::queryInt(const QString &name, int defaultValue) const
{
    auto v = queryOptionalInt(name);
    if (!v.ok())
        return v.error();
    return v->value_or(defaultValue);
}

Result<std::optional<int>> RequestContext::queryOptionalInt(const QString &name) const
{
    const auto raw = m_request->queryValue(name);
    if (!raw || raw->trimmed().isEmpty())
        return std::optional<int>();
    bool ok = false;
    const int n = raw->trimmed().toInt(&ok);
    if (!ok)
        return Error::invalid(QStringLiteral("Query parameter '%1' must be an integer, got '%2'.").arg(name, *raw),
                              {{name, QStringLiteral("must be an integer"), *raw}});
    return std::optional<int>(n);
}

Result<bool> RequestContext::queryBool(const QString &name, bool defaultValue) const
{
    const auto raw = m_request->queryValue(name);
    if (!raw || raw->trimmed().isEmpty())
        return defaultValue;
    const QString v = raw->trimmed().toLower();
    if (v == QLatin1String("true"))
        return true;
    if (v == QLatin1String("false"))
        return false;
    return Error::invalid(QStringLiteral("Query parameter '%1' must be true or false, got '%2'.").arg(name, *raw),
                          {{name, QStringLiteral("must be true or false"), *raw}});
}

Result<QJsonValue> RequestContext::jsonBody() const
{
    return JsonBody::parse(m_request->body, m_settings->maxJsonDepth);
}

Result<QJsonObject> RequestContext::jsonObjectBody(const QString &what) const
{
    auto v = jsonBody();
    if (!v.ok())
        return v.error();
    if (!v->isObject())
        return Error::invalid(QStringLiteral("The request body must be a JSON object (%1).").arg(what));
    return v->toObject();
}

Result<QJsonArray> RequestContext::jsonArrayBody(const QString &what) const
{
    auto v = jsonBody();
    if (!v.ok())
        return v.error();
    if (!v->isArray())
        return Error::invalid(QStringLiteral("The request body must be a JSON array (%1).").arg(what));
    return v->toArray();
}

void RequestContext::replyJson(const QJsonObject &obj, int status) const
{
    reply(HttpResponse::json(obj, status));
}

void RequestContext::replyJson(const QJsonArray &arr, int status) const
{
    reply(HttpResponse::json(arr, status));
}

void RequestContext::replyText(const QString &text, int status) const
{
    reply(HttpResponse::text(text, status));
}

void RequestContext::replyEmpty(int status) const
{
    reply(HttpResponse::empty(status));
}

void RequestContext::replyNoContent() const
{
    reply(HttpResponse::noContent());
}

void RequestContext::replyError(const Error &error) const
{
    reply(HttpResponse::error(error, m_instance));
}

void RequestContext::replyError(int status, const QString &message, const QList<FieldError> &fields) const
{
    reply(HttpResponse::error(status, message, m_instance, fields));
}

} // namespace orrery
