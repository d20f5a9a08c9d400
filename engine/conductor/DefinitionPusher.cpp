#include "DefinitionPusher.h"

#include "ConductorClient.h"

#include <QJsonDocument>

namespace orrery {

DefinitionPusher::DefinitionPusher(ConductorClient *client, QObject *parent) : QObject(parent), m_client(client) {}

void DefinitionPusher::push(const QJsonArray &taskDefs, const QList<QJsonObject> &workflowDefs,
                            std::function<void(QList<Outcome>)> done)
{
    m_workflows = workflowDefs;
    m_outcomes.clear();
    m_done = std::move(done);
    if (taskDefs.isEmpty()) {
        pushWorkflow(0);
        return;
    }
    ConductorRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/api/metadata/taskdefs");
    request.body = QJsonDocument(taskDefs).toJson(QJsonDocument::Compact);
    const QString what = QStringLiteral("task definitions (%1)").arg(taskDefs.size());
    m_client->call(std::move(request), [this, what](ConductorReply reply) {
        m_outcomes.append(Outcome{what, reply.ok(), reply.ok() ? QStringLiteral("registered") : reply.describe()});
        pushWorkflow(0);
    });
}

void DefinitionPusher::pushWorkflow(int index)
{
    if (index >= m_workflows.size()) {
        finish();
        return;
    }
    const QJsonObject def = m_workflows.at(index);
    const QString what = QStringLiteral("workflow %1 v%2")
                             .arg(def.value(QStringLiteral("name")).toString())
                             .arg(def.value(QStringLiteral("version")).toInt(1));
    ConductorRequest post;
    post.method = "POST";
    post.path = QStringLiteral("/api/metadata/workflow?overwrite=true");
    post.body = QJsonDocument(def).toJson(QJsonDocument::Compact);
    m_client->call(std::move(post), [this, index, def, what](ConductorReply reply) {
        if (reply.status != 409) {
            m_outcomes.append(Outcome{what, reply.ok(), reply.ok() ? QStringLiteral("registered") : reply.describe()});
            pushWorkflow(index + 1);
            return;
        }
        ConductorRequest put;
        put.method = "PUT";
        put.path = QStringLiteral("/api/metadata/workflow");
        put.body = QJsonDocument(QJsonArray{def}).toJson(QJsonDocument::Compact);
        m_client->call(std::move(put), [this, index, what](ConductorReply updated) {
            m_outcomes.append(Outcome{what, updated.ok(),
                                      updated.ok() ? QStringLiteral("updated (PUT after a 409 on POST)") : updated.describe()});
            pushWorkflow(index + 1);
        });
    });
}

void DefinitionPusher::finish()
{
    if (auto done = std::exchange(m_done, nullptr))
        done(m_outcomes);
}

} // namespace orrery
