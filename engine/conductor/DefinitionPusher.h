#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <functional>

namespace orrery {

class ConductorClient;

// Registers task and workflow definitions on a Conductor server (spec §10): all task
// definitions in one POST /api/metadata/taskdefs (an array), then each workflow with
// POST /api/metadata/workflow?overwrite=true, falling back on a 409 to PUT /api/metadata/workflow
// with [def] (servers before v3.31.2 ignore overwrite). Lives on the client's thread.
class DefinitionPusher : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        QString what;     // "task definitions (3)" or "workflow <name> v<version>"
        bool ok = false;
        QString message;  // how it went ("registered", "updated (PUT after 409)", or the error)
    };

    explicit DefinitionPusher(ConductorClient *client, QObject *parent = nullptr);

    void push(const QJsonArray &taskDefs, const QList<QJsonObject> &workflowDefs,
              std::function<void(QList<Outcome>)> done);

private:
    void pushWorkflow(int index);
    void finish();

    ConductorClient *m_client;
    QList<QJsonObject> m_workflows;
    QList<Outcome> m_outcomes;
    std::function<void(QList<Outcome>)> m_done;
};

} // namespace orrery
