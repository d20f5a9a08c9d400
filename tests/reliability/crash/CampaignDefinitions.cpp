#include "CampaignDefinitions.h"

#include <algorithm>
#include <utility>

namespace orrery::test {

CampaignDefinitions::CampaignDefinitions(quint16 httpPort, QString shellLog) : m_port(httpPort), m_log(std::move(shellLog))
{
    const auto ok = [](const QString &n, const QString &t) { return Ref{n, t, false, 0}; };
    m_kinds = {
        {QStringLiteral("crash_mix"), QStringLiteral("COMPLETED"),
         {ok(QStringLiteral("sh1"), QStringLiteral("shell")), ok(QStringLiteral("h1"), QStringLiteral("http")),
          ok(QStringLiteral("n1"), QStringLiteral("noop")), ok(QStringLiteral("sh2"), QStringLiteral("shell"))}},
        {QStringLiteral("crash_retry"), QStringLiteral("COMPLETED"),
         {Ref{QStringLiteral("hf"), QStringLiteral("http"), false, 4}, ok(QStringLiteral("n1"), QStringLiteral("noop")),
          ok(QStringLiteral("sh1"), QStringLiteral("shell"))}},
        {QStringLiteral("crash_dlq_sh"), QStringLiteral("FAILED"),
         {ok(QStringLiteral("n1"), QStringLiteral("noop")), Ref{QStringLiteral("shf"), QStringLiteral("shell"), true, 2}}},
        {QStringLiteral("crash_dlq_http"), QStringLiteral("FAILED"),
         {ok(QStringLiteral("n1"), QStringLiteral("noop")), Ref{QStringLiteral("hd"), QStringLiteral("http"), true, 1}}},
        {jobWorkflow(), QStringLiteral("COMPLETED"),
         {ok(QStringLiteral("n1"), QStringLiteral("noop")), ok(QStringLiteral("sh1"), QStringLiteral("shell"))}},
    };
}

QJsonArray CampaignDefinitions::taskDefs() const
{
    // No retries unless the workflow task asks for them; the retry delay of http is one second so
    // that retries wait on a timer across kills. Lease expiry is long: local tasks are re-delivered
    // at start-up, not by lease expiry.
    QJsonArray defs;
    for (const auto &[name, delay] : {std::pair{"shell", 0}, std::pair{"http", 1}, std::pair{"noop", 0}})
        defs.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)},
                                {QStringLiteral("retryCount"), 0},
                                {QStringLiteral("retryLogic"), QStringLiteral("FIXED")},
                                {QStringLiteral("retryDelaySeconds"), delay},
                                {QStringLiteral("jitterPercent"), 0},
                                {QStringLiteral("responseTimeoutSeconds"), 600},
                                {QStringLiteral("timeoutSeconds"), 0}});
    return defs;
}

QJsonObject CampaignDefinitions::task(const Ref &ref) const
{
    QJsonObject input;
    const QString who = QStringLiteral("${workflow.workflowId} %1 ${CPEWF_TASK_ID} ${workflow.correlationId}").arg(ref.name);
    if (ref.type == QLatin1String("shell")) {
        // One line per execution (O_APPEND: lines of concurrent tasks never interleave).
        const QString script = ref.deadLetters ? QStringLiteral("printf '%s\\n' \"$1\" >> \"$2\"; exit 3")
                                               : QStringLiteral("printf '%s\\n' \"$1\" >> \"$2\"");
        input.insert(QStringLiteral("argv"), QJsonArray{QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("_"), who, m_log});
    } else if (ref.type == QLatin1String("http")) {
        const QString path = ref.deadLetters ? QStringLiteral("/dead") : ref.retryCount > 0 ? QStringLiteral("/flaky") : QStringLiteral("/ok");
        input.insert(QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1%2?w=${workflow.workflowId}&r=%3&t=${CPEWF_TASK_ID}&c=${workflow.correlationId}")
                                                .arg(m_port).arg(path, ref.name));
    } else {
        input.insert(QStringLiteral("who"), who);
    }
    QJsonObject t{{QStringLiteral("name"), ref.type},
                  {QStringLiteral("taskReferenceName"), ref.name},
                  {QStringLiteral("inputParameters"), input}};
    if (ref.retryCount > 0)
        t.insert(QStringLiteral("retryCount"), ref.retryCount);
    return t;
}

QList<QJsonObject> CampaignDefinitions::workflowDefs() const
{
    QList<QJsonObject> defs;
    for (const Kind &k : m_kinds) {
        QJsonArray tasks;
        for (const Ref &r : k.refs)
            tasks.append(task(r));
        defs.append(QJsonObject{{QStringLiteral("name"), k.name},
                                {QStringLiteral("version"), 1},
                                {QStringLiteral("schemaVersion"), 2},
                                {QStringLiteral("tasks"), tasks}});
    }
    return defs;
}

QStringList CampaignDefinitions::jobIds() { return {QStringLiteral("crash-interval"), QStringLiteral("crash-cron")}; }

QList<QJsonObject> CampaignDefinitions::jobs(int intervalMs) const
{
    const QJsonObject target{{QStringLiteral("type"), QStringLiteral("workflow")},
                             {QStringLiteral("name"), jobWorkflow()},
                             {QStringLiteral("version"), 1}};
    const int cronSeconds = std::clamp(intervalMs / 1000 + 1, 1, 59);
    return {
        QJsonObject{{QStringLiteral("id"), jobIds().at(0)},
                    {QStringLiteral("name"), QStringLiteral("crash campaign interval job")},
                    {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("interval")},
                                                            {QStringLiteral("intervalMs"), intervalMs}}},
                    {QStringLiteral("target"), target},
                    {QStringLiteral("maxInstances"), 0}},
        QJsonObject{{QStringLiteral("id"), jobIds().at(1)},
                    {QStringLiteral("name"), QStringLiteral("crash campaign cron job")},
                    {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")},
                                                            {QStringLiteral("expression"), QStringLiteral("*/%1 * * * * *").arg(cronSeconds)}}},
                    {QStringLiteral("target"), target},
                    {QStringLiteral("maxInstances"), 0}},
    };
}

const CampaignDefinitions::Kind *CampaignDefinitions::kind(const QString &workflowName) const
{
    for (const Kind &k : m_kinds)
        if (k.name == workflowName)
            return &k;
    return nullptr;
}

QString CampaignDefinitions::kindForStart(int n) const
{
    const int slot = n % 20;
    if (slot < 12)
        return QStringLiteral("crash_mix");
    if (slot < 17)
        return QStringLiteral("crash_retry");
    if (slot < 19)
        return QStringLiteral("crash_dlq_sh");
    return QStringLiteral("crash_dlq_http");
}

} // namespace orrery::test
