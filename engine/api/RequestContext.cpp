#include "RequestContext.h"

#include "HttpSettings.h"
#include "JsonBody.h"

#include <QDateTime>

namespace orrery {

RequestContext::RequestContext(std::shared_ptr<const HttpRequest> request, QHash<QString, QString> params,
                               std::optional<Principal> principal, HttpResponder responder,
                               std::shared_ptr<const HttpSettings> settings)
    : m_request(std::move(request)), m_params(std::move(params)), m_principal(std::move(principal)),
      m_responder(std::move(responder)), m_settings(std::move(settings)),
      m_instance(m_settings->instanceName())
{
}

bool RequestContext::isValidId(const QString &id)
{
    if (id.isEmpty() || id.size() > 128 || id.startsWith(u'.'))
        return false;
    for (const QChar c : id) {
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
            u == '_' || u == '.' || u == ':';
        if (!ok)
            return false;
    }
    return !id.contains(QLatin1String(".."));
}

Result<QString> RequestContext::idParam(const QString &name) const
{
    const QString id = m_params.value(name);
    if (isValidId(id))
        return id;
    return Error::invalid(QStringLiteral("Path parameter '%1' is not a valid id: use 1-128 letters, digits, '-', '_', "
                                         "'.' or ':' (no '/', no '..').").arg(name),
                          {{name, QStringLiteral("is not a valid id"), id.left(200)}});
}

QStringList RequestContext::scopeProjects() const
{
    return m_principal ? m_principal->projects : QStringList();
}

bool RequestContext::allowsProject(const QString &projectId) const
{
    if (!m_principal || m_principal->projects.isEmpty())
        return true;
    return !projectId.isEmpty() && m_principal->projects.contains(projectId);
}

Error RequestContext::outOfScope(const QString &what, const QString &projectId) const
{
    const QString name = m_principal ? m_principal->name : QString();
    const QString projects = m_principal ? m_principal->projects.join(QStringLiteral(", ")) : QString();
    return Error::forbidden(projectId.isEmpty()
                                ? QStringLiteral("Token '%1' is limited to projects [%2]; %3 belongs to no project.")
                                      .arg(name, projects, what)
                                : QStringLiteral("Token '%1' is limited to projects [%2]; %3 belongs to project '%4'.")
                                      .arg(name, projects, what, projectId));
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

Result<std::optional<qint64>> RequestContext::queryTime(const QString &name) const
{
    const auto raw = m_request->queryValue(name);
    if (!raw || raw->trimmed().isEmpty())
        return std::optional<qint64>();
    const QString v = raw->trimmed();
    bool ok = false;
    const qint64 ms = v.toLongLong(&ok);
    if (ok && ms >= 0)
        return std::optional<qint64>(ms);
    QDateTime t = QDateTime::fromString(v, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(v, Qt::ISODate);
    if (t.isValid()) {
        if (t.timeSpec() == Qt::LocalTime && !v.endsWith(u'Z') && !v.contains(u'+'))
            t.setTimeSpec(Qt::UTC); // a time without a zone is read as UTC, never as the server's zone
        return std::optional<qint64>(t.toMSecsSinceEpoch());
    }
    return Error::invalid(QStringLiteral("Query parameter '%1' must be a time: epoch milliseconds or ISO-8601 such as "
                                         "2024-05-01T12:00:00Z, got '%2'.").arg(name, v.left(100)),
                          {{name, QStringLiteral("must be epoch milliseconds or an ISO-8601 time"), v.left(100)}});
}

Result<QStringList> RequestContext::queryEnumList(const QString &name, const QStringList &allowed) const
{
    QStringList out;
    for (const QString &v : m_request->queryList(name)) {
        qsizetype i = -1;
        for (qsizetype k = 0; k < allowed.size() && i < 0; ++k) {
            if (allowed.at(k).compare(v, Qt::CaseInsensitive) == 0)
                i = k;
        }
        if (i < 0)
            return Error::invalid(QStringLiteral("Query parameter '%1' has an unknown value '%2'; use one of: %3.")
                                      .arg(name, v.left(100), allowed.join(QStringLiteral(", "))),
                                  {{name, QStringLiteral("must be one of %1").arg(allowed.join(QStringLiteral(", "))), v.left(100)}});
        if (!out.contains(allowed.at(i)))
            out.append(allowed.at(i));
    }
    return out;
}

Result<QString> RequestContext::queryEnum(const QString &name, const QStringList &allowed, const QString &defaultValue) const
{
    const auto raw = m_request->queryValue(name);
    if (!raw || raw->trimmed().isEmpty())
        return defaultValue;
    for (const QString &a : allowed) {
        if (a.compare(raw->trimmed(), Qt::CaseInsensitive) == 0)
            return a;
    }
    return Error::invalid(QStringLiteral("Query parameter '%1' has an unknown value '%2'; use one of: %3.")
                              .arg(name, raw->left(100), allowed.join(QStringLiteral(", "))),
                          {{name, QStringLiteral("must be one of %1").arg(allowed.join(QStringLiteral(", "))), raw->left(100)}});
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
