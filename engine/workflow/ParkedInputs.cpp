#include "workflow/ParkedInputs.h"

#include "store/RecoverySharing.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace orrery {

QByteArray ParkedInputs::park(Workflow &wf, std::vector<Task> &tasks)
{
    QJsonArray all;
    all.append(wf.input);
    for (const Task &t : tasks)
        all.append(t.inputData);
    QByteArray text = QJsonDocument(all).toJson(QJsonDocument::Compact);
    text.squeeze();
    wf.input = QJsonObject();
    for (Task &t : tasks)
        t.inputData = QJsonObject();
    return text;
}

Result<void> ParkedInputs::restore(const QByteArray &text, Workflow &wf, std::vector<Task> &tasks)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return Error::internal(QStringLiteral("parked inputs of workflow '%1' are not a JSON array (%2 at offset %3)")
                                   .arg(wf.workflowId, error.errorString())
                                   .arg(error.offset));
    const QJsonArray all = doc.array();
    if (all.size() != qsizetype(tasks.size()) + 1)
        return Error::internal(QStringLiteral("parked inputs of workflow '%1' hold %2 inputs, the run has %3 tasks")
                                   .arg(wf.workflowId)
                                   .arg(all.size())
                                   .arg(tasks.size()));
    for (const QJsonValue &v : all)
        if (!v.isObject())
            return Error::internal(QStringLiteral("parked inputs of workflow '%1' hold a %2 where an object belongs")
                                       .arg(wf.workflowId, QString::fromLatin1(v.isArray() ? "array" : "scalar")));
    wf.input = all.at(0).toObject();
    RecoverySharing::Pool pool;
    for (size_t i = 0; i < tasks.size(); ++i) {
        tasks[i].inputData = all.at(qsizetype(i) + 1).toObject();
        RecoverySharing::shareWithWorkflow(wf, tasks[i], pool);
    }
    return {};
}

} // namespace orrery
