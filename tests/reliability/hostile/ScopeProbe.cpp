#include "ScopeProbe.h"

#include "OrrerydProcess.h"
#include "RawHttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

namespace orrery::test {

namespace {

QString pathValue(const QString &param, const QString &pattern, const ScopeProbe::Target &t, bool *aims)
{
    const QString p = param.toLower();
    if (p == QLatin1String("workflowid") || (p == QLatin1String("id") && pattern.contains(QLatin1String("workflow")))) {
        *aims = true;
        return t.otherWorkflowId;
    }
    if (p == QLatin1String("taskid")) {
        *aims = true;
        return t.otherTaskId;
    }
    if (p == QLatin1String("name") || p == QLatin1String("workflowname") || p == QLatin1String("tasktype")
        || p == QLatin1String("tasktypename"))
        return t.workflowName;
    if (p == QLatin1String("version"))
        return QStringLiteral("1");
    if (p == QLatin1String("status"))
        return QStringLiteral("COMPLETED");
    if (p.contains(QLatin1String("ref")))
        return QStringLiteral("wait");
    if (p == QLatin1String("project") || p == QLatin1String("projectid")) {
        *aims = true;
        return t.otherProject;
    }
    return QStringLiteral("x");
}

} // namespace

QList<ScopeProbe::Attempt> ScopeProbe::Figures::leaks() const
{
    QList<Attempt> out;
    for (const Attempt &a : attempts)
        if (a.leaked)
            out.append(a);
    return out;
}

QList<ScopeProbe::Attempt> ScopeProbe::Figures::escapes() const
{
    QList<Attempt> out;
    for (const Attempt &a : attempts)
        if (a.aimsAtOther && (a.status < 400 || a.status >= 500))
            out.append(a);
    return out;
}

bool ScopeProbe::prepare(OrrerydProcess &server, Target *t, QString *alphaWorkflowId, QString *error)
{
    const auto fail = [error](const char *what, const OrrerydProcess::Response &r) {
        *error = QStringLiteral("%1: %2 %3").arg(QLatin1String(what)).arg(r.status).arg(QString::fromUtf8(r.body.left(300)));
        return false;
    };
    auto r = server.post(QStringLiteral("/api/metadata/workflow"),
                         QJsonDocument::fromJson(R"({"name": "scope_wf", "version": 1, "schemaVersion": 2,
                             "tasks": [{"name": "wait", "taskReferenceName": "wait", "type": "WAIT"}]})").object());
    if (r.status != 200)
        return fail("workflow definition", r);
    r = server.postRaw(QStringLiteral("/api/workflow/scope_wf?projectId=alpha"), "{}");
    if (r.status != 200)
        return fail("start in alpha", r);
    *alphaWorkflowId = QString::fromUtf8(r.body).trimmed();
    r = server.postRaw(QStringLiteral("/api/workflow/scope_wf?projectId=beta"), "{}");
    if (r.status != 200)
        return fail("start in beta", r);
    t->otherWorkflowId = QString::fromUtf8(r.body).trimmed();
    r = server.get(QStringLiteral("/api/workflow/%1?includeTasks=true").arg(t->otherWorkflowId));
    const QJsonObject beta = r.json().object();
    t->otherTaskId = beta.value(QStringLiteral("tasks")).toArray().first().toObject().value(QStringLiteral("taskId")).toString();
    if (beta.value(QStringLiteral("projectId")).toString() != QLatin1String("beta") || t->otherTaskId.isEmpty())
        return fail("beta's workflow", r);
    r = server.post(QStringLiteral("/api/tokens"), QJsonObject{{QStringLiteral("name"), QStringLiteral("alpha-operator")},
                                                               {QStringLiteral("role"), QStringLiteral("operator")},
                                                               {QStringLiteral("projects"), QJsonArray{QStringLiteral("alpha")}}});
    if (r.status != 200)
        return fail("scoped token", r);
    t->scopedToken = r.json().object().value(QStringLiteral("token")).toString().toUtf8();
    t->adminToken = server.token();
    t->workflowName = QStringLiteral("scope_wf");
    t->otherProject = QStringLiteral("beta");
    return true;
}

ScopeProbe::Figures ScopeProbe::run(quint16 port, const Target &t)
{
    Figures f;
    const RawHttp::Reply doc = RawHttp::request(port, "GET", "/api/openapi.json", t.adminToken);
    const QJsonObject paths = QJsonDocument::fromJson(doc.body).object().value(QStringLiteral("paths")).toObject();
    if (doc.status != 200 || paths.isEmpty()) {
        f.error = QStringLiteral("GET /api/openapi.json: %1 %2").arg(doc.status).arg(doc.error);
        return f;
    }
    static const QRegularExpression param(QStringLiteral("\\{([^}]+)\\}"));
    const QByteArray otherWf = t.otherWorkflowId.toUtf8();
    const QByteArray otherTask = t.otherTaskId.toUtf8();
    for (auto p = paths.begin(); p != paths.end(); ++p) {
        const QJsonObject ops = p.value().toObject();
        for (auto m = ops.begin(); m != ops.end(); ++m) {
            const QJsonObject op = m.value().toObject();
            if (op.value(QStringLiteral("x-orrery-access")).toString() == QLatin1String("anonymous"))
                continue;
            ++f.routes;
            Attempt a;
            a.method = m.key().toUpper().toLatin1();
            a.pattern = p.key();
            // Path: B's ids wherever an id goes.
            QString path = p.key();
            for (auto it = param.globalMatch(p.key()); it.hasNext();) {
                const auto match = it.next();
                path.replace(match.captured(0), QString::fromUtf8(QUrl::toPercentEncoding(pathValue(match.captured(1), p.key(), t, &a.aimsAtOther))));
            }
            // Query: every documented project parameter, plus project= and projectId= anyway.
            QStringList query{QStringLiteral("project=") + t.otherProject, QStringLiteral("projectId=") + t.otherProject};
            for (const QJsonValue &qp : op.value(QStringLiteral("parameters")).toArray()) {
                const QJsonObject o = qp.toObject();
                const QString name = o.value(QStringLiteral("name")).toString();
                if (o.value(QStringLiteral("in")).toString() == QLatin1String("query")
                    && name.contains(QLatin1String("project"), Qt::CaseInsensitive)) {
                    a.aimsAtOther = true;
                    if (name != QLatin1String("project") && name != QLatin1String("projectId"))
                        query << name + u'=' + t.otherProject;
                }
            }
            a.target = (path + u'?' + query.join(u'&')).toUtf8();
            // Body: B's project and ids; bulk routes take an array of workflow ids.
            QByteArray body;
            if (a.method == "POST" || a.method == "PUT" || a.method == "PATCH") {
                if (p.key().contains(QLatin1String("/bulk/")))
                    body = QJsonDocument(QJsonArray{t.otherWorkflowId}).toJson(QJsonDocument::Compact);
                else
                    body = QJsonDocument(QJsonObject{{QStringLiteral("name"), t.workflowName},
                                                     {QStringLiteral("version"), 1},
                                                     {QStringLiteral("projectId"), t.otherProject},
                                                     {QStringLiteral("workflowId"), t.otherWorkflowId},
                                                     {QStringLiteral("workflowInstanceId"), t.otherWorkflowId},
                                                     {QStringLiteral("taskId"), t.otherTaskId},
                                                     {QStringLiteral("input"), QJsonObject{}}})
                               .toJson(QJsonDocument::Compact);
                // Execution routes read the project or the ids from the body (definitions do not).
                if (p.key().startsWith(QLatin1String("/api/workflow")) || p.key().startsWith(QLatin1String("/api/tasks"))
                    || p.key().startsWith(QLatin1String("/api/dlq")))
                    a.aimsAtOther = true;
            }
            const RawHttp::Reply r = RawHttp::request(port, a.method, a.target, t.scopedToken, body, 10000);
            a.status = r.status;
            a.leaked = r.status >= 200 && r.status < 300 && (r.body.contains(otherWf) || r.body.contains(otherTask));
            if (r.status == 403)
                ++f.refused403;
            else if (r.status >= 400 && r.status < 500)
                ++f.other4xx;
            else if (r.status >= 200 && r.status < 300)
                ++f.ok2xx;
            else
                ++f.serverErrors;
            f.attempts.append(a);
        }
    }
    return f;
}

} // namespace orrery::test
