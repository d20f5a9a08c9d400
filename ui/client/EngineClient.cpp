#include "EngineClient.h"

#include "RestApi.h"

#include <QJsonDocument>
#include <memory>

namespace orrery {

namespace {

template<typename T>
using Cb = EngineClient::Callback<T>;

RestApi::Callback objectReply(Cb<QJsonObject> cb)
{
    return [cb = std::move(cb)](Result<RestApi::Response> r) {
        if (!r.ok())
            return cb(r.error());
        const QJsonDocument doc = r->json();
        if (!doc.isObject())
            return cb(Error::internal(QObject::tr("The server answered with something that is not a JSON object.")));
        cb(doc.object());
    };
}

} // namespace

EngineClient::EngineClient(QObject *parent)
    : QObject(parent)
    , m_rest(new RestApi(this))
{
    qRegisterMetaType<orrery::DeltaBatch>();
}

EngineClient::~EngineClient() = default;

void EngineClient::setState(State s, const QString &detail)
{
    if (s == m_state && detail.isEmpty())
        return;
    const bool connectedNow = s == State::Connected && m_state != State::Connected;
    m_state = s;
    if (connectedNow)
        loadRole();
    Q_EMIT stateChanged(s, detail);
}

void EngineClient::loadRole()
{
    get(QStringLiteral("/api/token/me"), {}, [this](Result<QJsonValue> r) {
        // A server without the route (older orreryd) leaves the role unknown: nothing is disabled,
        // the server still refuses what the token may not do.
        const QString role = r.ok() ? r->toObject().value(QStringLiteral("role")).toString().toLower() : QString();
        if (role == m_role)
            return;
        m_role = role;
        Q_EMIT roleChanged(role);
    });
}

QString EngineClient::deniedReason(Access access) const
{
    int have = 0;
    if (m_role == QLatin1String("viewer"))
        have = 1;
    else if (m_role == QLatin1String("operator"))
        have = 2;
    else if (m_role == QLatin1String("admin"))
        have = 3;
    if (have == 0 || have >= int(access))
        return {};
    const QString needed = access == Access::Admin ? tr("admin") : tr("operator");
    return tr("Needs the %1 role; your token is a %2 token.").arg(needed, m_role);
}

QString EngineClient::segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

namespace {

QByteArray jsonBody(const QJsonValue &body)
{
    if (body.isObject())
        return QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    if (body.isArray())
        return QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    if (body.isString()) { // a JSON string (e.g. a task log line): serialized inside an array, brackets dropped
        const QByteArray quoted = QJsonDocument(QJsonArray{body}).toJson(QJsonDocument::Compact);
        return quoted.mid(1, quoted.size() - 2);
    }
    return {};
}

} // namespace

void EngineClient::call(const QByteArray &method, const QString &path, const QUrlQuery &query, const QJsonValue &body,
                        Callback<QJsonValue> cb)
{
    m_rest->send(method, path, query, jsonBody(body), [cb = std::move(cb)](Result<RestApi::Response> r) {
        if (!r.ok())
            return cb(r.error());
        if (r->body.trimmed().isEmpty())
            return cb(QJsonValue());
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(r->body, &err);
        if (err.error != QJsonParseError::NoError)
            return cb(QJsonValue(QString::fromUtf8(r->body).trimmed()));
        cb(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
    });
}

QString EngineClient::curlFor(const QByteArray &method, const QString &path, const QUrlQuery &query, const QJsonValue &body) const
{
    return m_rest->curlFor(method, path, query, jsonBody(body));
}

void EngineClient::searchWorkflows(const QUrlQuery &query, Callback<QJsonObject> cb)
{
    m_rest->get(QStringLiteral("/api/workflow/search"), query, objectReply(std::move(cb)));
}

void EngineClient::searchTasks(const QUrlQuery &query, Callback<QJsonObject> cb)
{
    m_rest->get(QStringLiteral("/api/tasks"), query, objectReply(std::move(cb)));
}

void EngineClient::workflow(const QString &workflowId, Callback<QJsonObject> cb)
{
    m_rest->get(QStringLiteral("/api/workflow/") + QString::fromLatin1(QUrl::toPercentEncoding(workflowId)),
                QUrlQuery(QStringLiteral("includeTasks=true")), objectReply(std::move(cb)));
}

void EngineClient::task(const QString &taskId, Callback<QJsonObject> cb)
{
    m_rest->get(QStringLiteral("/api/tasks/") + QString::fromLatin1(QUrl::toPercentEncoding(taskId)),
                QUrlQuery(QStringLiteral("include=attempts,logs")), objectReply(std::move(cb)));
}

void EngineClient::searchRemoteWorkflows(const QUrlQuery &query, Callback<QJsonObject> cb)
{
    m_rest->get(QStringLiteral("/api/conductor/remote/workflow/search"), query, objectReply(std::move(cb)));
}

void EngineClient::remoteWorkflow(const QString &workflowId, Callback<QJsonObject> cb)
{
    m_rest->get(QStringLiteral("/api/conductor/remote/workflow/") + segment(workflowId), {},
                objectReply([cb = std::move(cb)](Result<QJsonObject> r) {
                    if (r.ok())
                        r->insert(QStringLiteral("source"), QStringLiteral("remote"));
                    cb(std::move(r));
                }));
}

bool EngineClient::isRemote(const QJsonObject &row)
{
    return row.value(QLatin1String("source")).toString() == QLatin1String("remote");
}

QString EngineClient::remoteActionReason()
{
    return tr("Remote execution: act on it on the Conductor server");
}

void EngineClient::workflowNames(Callback<QStringList> cb)
{
    m_rest->get(QStringLiteral("/api/metadata/workflow"), {}, [cb = std::move(cb)](Result<RestApi::Response> r) {
        if (!r.ok())
            return cb(r.error());
        QStringList names;
        for (const QJsonValue &v : r->json().array())
            names.append(v.toObject().value(QStringLiteral("name")).toString());
        names.removeDuplicates();
        names.sort();
        cb(names);
    });
}

void EngineClient::startWorkflow(const QString &name, const QJsonObject &input, Callback<QString> cb)
{
    m_rest->post(QStringLiteral("/api/workflow/") + QString::fromLatin1(QUrl::toPercentEncoding(name)), {},
                 QJsonDocument(input).toJson(QJsonDocument::Compact), [cb = std::move(cb)](Result<RestApi::Response> r) {
                     if (!r.ok())
                         return cb(r.error());
                     cb(QString::fromUtf8(r->body).trimmed());
                 });
}

QString EngineClient::curlForWorkflow(const QString &workflowId) const
{
    return m_rest->curlFor("GET", QStringLiteral("/api/workflow/") + QString::fromLatin1(QUrl::toPercentEncoding(workflowId)),
                           QUrlQuery(QStringLiteral("includeTasks=true")));
}

QString EngineClient::curlForTask(const QString &taskId) const
{
    return m_rest->curlFor("GET", QStringLiteral("/api/tasks/") + QString::fromLatin1(QUrl::toPercentEncoding(taskId)),
                           QUrlQuery(QStringLiteral("include=attempts")));
}

void EngineClient::resync(int limit)
{
    const quint64 generation = ++m_resyncGeneration;
    auto batch = std::make_shared<DeltaBatch>();
    batch->resync = true;
    auto pending = std::make_shared<int>(3);
    auto finish = [this, batch, pending, generation] {
        if (--*pending > 0 || generation != m_resyncGeneration)
            return;
        Q_EMIT deltas(*batch);
    };
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("size"), QString::number(limit));
    q.addQueryItem(QStringLiteral("sort"), QStringLiteral("updateTime:DESC"));
    searchWorkflows(q, [this, batch, finish](Result<QJsonObject> r) {
        if (!r.ok())
            Q_EMIT errorOccurred(r.error().message);
        else
            for (const QJsonValue &v : r->value(QStringLiteral("results")).toArray())
                batch->workflows.append(v.toObject());
        finish();
    });
    searchTasks(q, [this, batch, finish](Result<QJsonObject> r) {
        if (!r.ok())
            Q_EMIT errorOccurred(r.error().message);
        else
            for (const QJsonValue &v : r->value(QStringLiteral("results")).toArray())
                batch->tasks.append(v.toObject());
        finish();
    });
    // Client mode: the Conductor server's executions join the workflow rows, marked remote.
    get(QStringLiteral("/api/conductor/client"), {}, [this, batch, finish, q, generation](Result<QJsonValue> r) {
        if (generation != m_resyncGeneration)
            return;
        const QJsonObject status = r.ok() ? r->toObject() : QJsonObject();
        const bool on = status.value(QStringLiteral("mode")).toString() == QLatin1String("client");
        m_conductorServer = on ? status.value(QStringLiteral("url")).toString() : QString();
        if (on != m_clientMode) {
            m_clientMode = on;
            Q_EMIT clientModeChanged(on);
        }
        if (!on)
            return finish();
        searchRemoteWorkflows(q, [this, batch, finish](Result<QJsonObject> rr) {
            if (!rr.ok())
                Q_EMIT errorOccurred(tr("Remote executions: %1").arg(rr.error().message));
            else
                for (const QJsonValue &v : rr->value(QStringLiteral("results")).toArray()) {
                    QJsonObject row = v.toObject();
                    row.insert(QStringLiteral("source"), QStringLiteral("remote"));
                    batch->workflows.append(row);
                }
            finish();
        });
    });
}

} // namespace orrery
