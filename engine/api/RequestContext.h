#pragma once

#include "HttpRequest.h"
#include "HttpResponder.h"
#include "HttpResponse.h"
#include "Principal.h"

#include "core/Result.h"

#include <QHash>
#include <QJsonValue>
#include <functional>
#include <memory>
#include <optional>

namespace orrery {

struct HttpSettings;

// Everything a route handler gets: the request, its path parameters, the authenticated
// principal (none on anonymous routes), and the one-shot reply channel. A cheap, copyable
// handle: capture it by value in asynchronous callbacks. The reply* methods may be called
// from any thread; exactly one reply is sent per request.
class RequestContext
{
public:
    RequestContext(std::shared_ptr<const HttpRequest> request, QHash<QString, QString> params,
                   std::optional<Principal> principal, HttpResponder responder,
                   std::shared_ptr<const HttpSettings> settings);

    const HttpRequest &request() const { return *m_request; }
    const std::optional<Principal> &principal() const { return m_principal; }
    // A {name} path variable, percent-decoded.
    QString param(const QString &name) const { return m_params.value(name); }
    // A {name} path variable that must be an identifier (a workflow, task or token id): 1-128
    // letters, digits, '-', '_', '.' or ':', not starting with '.', so that "../x" or "a/b"
    // never reach a lookup. Otherwise a 400 naming the parameter.
    Result<QString> idParam(const QString &name) const;
    static bool isValidId(const QString &id);

    // ---- project scopes ----
    // Projects the caller's token is limited to (empty = every project).
    QStringList scopeProjects() const;
    // Whether the caller may see and touch data of `projectId` ("" = no project: unscoped
    // tokens only).
    bool allowsProject(const QString &projectId) const;
    // The 403 for data of a project outside the caller's scopes.
    Error outOfScope(const QString &what, const QString &projectId) const;
    const HttpSettings &settings() const { return *m_settings; }
    QString instance() const { return m_instance; }

    // ---- query parameters (errors name the parameter) ----
    std::optional<QString> query(const QString &name) const { return m_request->queryValue(name); }
    QString queryString(const QString &name, const QString &defaultValue = {}) const;
    QStringList queryList(const QString &name) const { return m_request->queryList(name); }
    Result<int> queryInt(const QString &name, int defaultValue) const;
    Result<std::optional<int>> queryOptionalInt(const QString &name) const;
    Result<bool> queryBool(const QString &name, bool defaultValue) const;
    // Epoch milliseconds or an ISO-8601 date-time ("2024-05-01T12:00:00Z"); none when absent.
    Result<std::optional<qint64>> queryTime(const QString &name) const;
    // A list parameter whose values must be among `allowed` (compared case-insensitively,
    // returned as spelled in `allowed`); a 400 lists the allowed values otherwise.
    Result<QStringList> queryEnumList(const QString &name, const QStringList &allowed) const;
    // One value among `allowed` (case-insensitive) or `defaultValue` when absent.
    Result<QString> queryEnum(const QString &name, const QStringList &allowed, const QString &defaultValue) const;

    // ---- body ----
    Result<QJsonValue> jsonBody() const; // depth-limited; see JsonBody
    // The body must be a JSON object; `what` names it in the error ("workflow input").
    Result<QJsonObject> jsonObjectBody(const QString &what) const;
    Result<QJsonArray> jsonArrayBody(const QString &what) const;

    // ---- replies ----
    void reply(HttpResponse response) const { m_responder.send(std::move(response)); }
    void replyJson(const QJsonObject &obj, int status = 200) const;
    void replyJson(const QJsonArray &arr, int status = 200) const;
    void replyText(const QString &text, int status = 200) const;
    void replyEmpty(int status = 200) const;
    void replyNoContent() const;
    void replyError(const Error &error) const;
    void replyError(int status, const QString &message, const QList<FieldError> &fields = {}) const;

    // Runs `work` on the server thread. Use it to move an engine callback's result off the
    // engine thread before serialising it.
    bool post(std::function<void()> work) const { return m_responder.post(std::move(work)); }

private:
    std::shared_ptr<const HttpRequest> m_request;
    QHash<QString, QString> m_params;
    std::optional<Principal> m_principal;
    HttpResponder m_responder;
    std::shared_ptr<const HttpSettings> m_settings;
    QString m_instance;
};

} // namespace orrery
