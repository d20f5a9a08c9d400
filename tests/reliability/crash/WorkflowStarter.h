#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace orrery::test {

// Starts the campaign's workflows over REST at a steady rate while orreryd is up, a few requests
// in flight, each with correlationId crash-<n>. A start answered 200 is accepted (its workflow
// must exist at the end); one cut off by a kill is ambiguous (it may or may not have been
// committed) and is not retried, so a second workflow with the same correlationId is a double start.
class WorkflowStarter : public QObject
{
public:
    WorkflowStarter(int total, double perSecond, std::function<QString(int)> kindOf, QObject *parent);

    void attach(const QString &baseUrl, const QByteArray &token); // orreryd is up: go on
    void detach();                                                 // orreryd is about to die: pause

    bool finished() const { return m_next >= m_total && m_inFlight == 0; }
    int issued() const { return m_next; }
    const QHash<int, QString> &accepted() const { return m_accepted; }
    const QSet<int> &ambiguous() const { return m_ambiguous; }
    const QStringList &refusals() const { return m_refusals; }
    static QString correlationOf(int n) { return QStringLiteral("crash-%1").arg(n); }

private:
    void pump();
    void send(int n);

    int m_total;
    double m_perSecond;
    std::function<QString(int)> m_kindOf;
    QNetworkAccessManager m_nam;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_activeMs = 0; // time attached, summed: the rate counts only while orreryd is up
    QString m_baseUrl;
    QByteArray m_token;
    bool m_attached = false;
    int m_next = 0;
    int m_inFlight = 0;
    QHash<int, QString> m_accepted;
    QSet<int> m_ambiguous;
    QStringList m_refusals;
};

} // namespace orrery::test
