#pragma once

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>
#include <vector>

namespace orrery::bench {

// Open-loop load of bench_soak: starts workflow `workflowName` over REST
// (POST /api/workflow/{name}?projectId=<prefix><n % rooms>) at `perSecond` workflows a second,
// paced by a 5 ms timer against the time since start(): what is due is sent whether or not the
// earlier starts were answered. A start is answered after its commit (tens of ms on a busy
// machine), so the rate needs many connections: requests are spread over kManagers
// QNetworkAccessManagers (each keeps at most 6 connections to a host). Beyond kMaxOutstanding
// unanswered starts, due starts are counted as skipped rather than queued in the client (which
// would measure the client's queue, not orreryd).
class SoakStarter : public QObject
{
public:
    struct Window // since the previous take()
    {
        qint64 accepted = 0;
        qint64 failed = 0;
        qint64 skipped = 0;
        std::map<int, qint64> latencyMs; // POST to its 200 answer (the start is committed), 1 ms buckets
        QString lastError;
    };

    SoakStarter(QString baseUrl, QByteArray token, QString workflowName, QString projectPrefix, int rooms,
                double perSecond, QObject *parent);

    void start();
    void stop();
    Window take();
    qint64 outstanding() const { return m_outstanding; }
    qint64 acceptedTotal() const { return m_acceptedTotal; }
    qint64 failedTotal() const { return m_failedTotal; }
    qint64 skippedTotal() const { return m_skippedTotal; }

    static constexpr int kManagers = 16;
    static constexpr qint64 kMaxOutstanding = 1000;

private:
    void pump();
    void send(qint64 n);

    QString m_baseUrl;
    QByteArray m_token;
    QString m_workflowName;
    QString m_projectPrefix;
    int m_rooms;
    double m_perSecond;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_nams;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_next = 0;
    qint64 m_outstanding = 0;
    qint64 m_acceptedTotal = 0, m_failedTotal = 0, m_skippedTotal = 0;
    Window m_window;
};

} // namespace orrery::bench
