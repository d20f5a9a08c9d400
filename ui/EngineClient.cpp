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
    m_state = s;
    Q_EMIT stateChanged(s, detail);
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

void EngineClient::workflowDefs(Callback<QJsonArray> cb)
{
    m_rest->get(QStringLiteral("/api/metadata/workflow"), {}, [cb = std::move(cb)](Result<RestApi::Response> r) {
        if (!r.ok())
            return cb(r.error());
        cb(r->json().array());
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
    auto pending = std::make_shared<int>(2);
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
}

} // namespace orrery
