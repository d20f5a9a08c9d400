#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace orrery {

// What one route does, for /api/openapi.json, plus the per-route policy flags the router
// applies. Filled by chaining on the reference ApiRouter::add returns:
//
//   router.add("GET", "/api/dlq", Access::Viewer, handler)
//       .summary("List dead-lettered tasks")
//       .query("status", "string", "Filter by status", {"OPEN", "REPLAYED"})
//       .paged()
//       .allowScoped();
//
// A route registered without a summary still appears in the OpenAPI document, marked
// "x-orrery-undocumented"; the API tests fail on such routes.
class RouteDoc
{
public:
    struct Param
    {
        QString name;
        QString type; // string | integer | boolean | number
        QString description;
        QStringList enumValues;
        bool required = false;
    };
    struct Response
    {
        int status = 200;
        QString description;
        QString contentType; // empty = no body
    };

    RouteDoc &summary(const QString &text);
    RouteDoc &description(const QString &text);
    RouteDoc &tag(const QString &name);
    RouteDoc &query(const QString &name, const QString &type, const QString &description,
                    const QStringList &enumValues = {}, bool required = false);
    // Adds the standard start/size query parameters and the {totalHits, results} answer.
    RouteDoc &paged();
    // The JSON request body: what it is (free text) and optionally a JSON schema.
    RouteDoc &body(const QString &description, const QJsonObject &schema = {}, bool required = true);
    RouteDoc &response(int status, const QString &description,
                       const QString &contentType = QStringLiteral("application/json"));
    // Path parameter descriptions ({name} segments are documented automatically as strings).
    RouteDoc &pathParam(const QString &name, const QString &description);

    // ---- policy ----
    // Tokens with project scopes may call this route: its handler filters or checks projects
    // itself. Without it, a scoped token gets 403 (the route reports on every project).
    RouteDoc &allowScoped();
    // A mutating call that is NOT written to the audit log (the worker data plane: task updates,
    // logs). GET/HEAD are never audited; every other method is unless this is set.
    RouteDoc &noAudit();
    // An anonymous route that verifies a secret itself (POST /api/token): its 401 answers count
    // as failed authentications, and a throttled address gets 429 there too.
    RouteDoc &checksCredentials();

    const QString &summaryText() const { return m_summary; }
    const QString &descriptionText() const { return m_description; }
    const QStringList &tags() const { return m_tags; }
    const QList<Param> &queryParams() const { return m_query; }
    const QList<Param> &pathParams() const { return m_path; }
    const QString &bodyDescription() const { return m_body; }
    const QJsonObject &bodySchema() const { return m_bodySchema; }
    bool bodyRequired() const { return m_bodyRequired; }
    const QList<Response> &responses() const { return m_responses; }
    bool isPaged() const { return m_paged; }
    bool scopedAllowed() const { return m_allowScoped; }
    bool audited() const { return !m_noAudit; }
    bool verifiesCredentials() const { return m_checksCredentials; }
    bool documented() const { return !m_summary.isEmpty(); }

private:
    QString m_summary;
    QString m_description;
    QStringList m_tags;
    QList<Param> m_query;
    QList<Param> m_path;
    QString m_body;
    QJsonObject m_bodySchema;
    bool m_bodyRequired = false;
    QList<Response> m_responses;
    bool m_paged = false;
    bool m_allowScoped = false;
    bool m_noAudit = false;
    bool m_checksCredentials = false;
};

} // namespace orrery
