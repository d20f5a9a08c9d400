#include "RouteDoc.h"

namespace orrery {

RouteDoc &RouteDoc::summary(const QString &text)
{
    m_summary = text;
    return *this;
}

RouteDoc &RouteDoc::description(const QString &text)
{
    m_description = text;
    return *this;
}

RouteDoc &RouteDoc::tag(const QString &name)
{
    if (!m_tags.contains(name))
        m_tags.append(name);
    return *this;
}

RouteDoc &RouteDoc::query(const QString &name, const QString &type, const QString &description,
                          const QStringList &enumValues, bool required)
{
    m_query.append({name, type, description, enumValues, required});
    return *this;
}

RouteDoc &RouteDoc::paged()
{
    m_paged = true;
    query(QStringLiteral("start"), QStringLiteral("integer"), QStringLiteral("Index of the first result (default 0)."));
    query(QStringLiteral("size"), QStringLiteral("integer"),
          QStringLiteral("Results per page (default 100, at most 1000)."));
    return *this;
}

RouteDoc &RouteDoc::body(const QString &description, const QJsonObject &schema, bool required)
{
    m_body = description;
    m_bodySchema = schema;
    m_bodyRequired = required;
    return *this;
}

RouteDoc &RouteDoc::response(int status, const QString &description, const QString &contentType)
{
    m_responses.append({status, description, contentType});
    return *this;
}

RouteDoc &RouteDoc::pathParam(const QString &name, const QString &description)
{
    m_path.append({name, QStringLiteral("string"), description, {}, true});
    return *this;
}

RouteDoc &RouteDoc::allowScoped()
{
    m_allowScoped = true;
    return *this;
}

RouteDoc &RouteDoc::noAudit()
{
    m_noAudit = true;
    return *this;
}

RouteDoc &RouteDoc::checksCredentials()
{
    m_checksCredentials = true;
    return *this;
}

} // namespace orrery
