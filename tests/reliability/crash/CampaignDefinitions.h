#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace orrery::test {

// What the crash campaign registers on orreryd (task definitions, five workflow shapes, two
// scheduled jobs) and what each workflow must look like once it ended.
class CampaignDefinitions
{
public:
    struct Ref
    {
        QString name;       // taskReferenceName
        QString type;       // shell, http or noop
        bool deadLetters;   // fails for good: retryCount+1 FAILED attempts and one DLQ entry
        int retryCount;     // the workflow task's retryCount
    };
    struct Kind
    {
        QString name;      // workflow name
        QString endStatus; // COMPLETED or FAILED
        QList<Ref> refs;   // every reference it runs, in order
    };

    CampaignDefinitions(quint16 httpPort, QString shellLog);

    QJsonArray taskDefs() const;
    QList<QJsonObject> workflowDefs() const;
    QList<QJsonObject> jobs(int intervalMs) const;
    static QStringList jobIds();

    const QList<Kind> &kinds() const { return m_kinds; }
    const Kind *kind(const QString &workflowName) const;
    // The kind the campaign's n-th start uses (60 % mix, 25 % retry, 10 % shell DLQ, 5 % http DLQ).
    QString kindForStart(int n) const;
    static QString jobWorkflow() { return QStringLiteral("crash_job"); }

private:
    QJsonObject task(const Ref &ref) const;

    quint16 m_port;
    QString m_log;
    QList<Kind> m_kinds;
};

} // namespace orrery::test
