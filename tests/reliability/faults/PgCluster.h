#pragma once

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace orrery::test {

// A throwaway PostgreSQL cluster that a test may stop and start again on the same port (the
// shared CI cluster of PgTestServer must never be stopped: other tests use it). initdb + pg_ctl
// from /usr/lib/postgresql/<v>/bin, run as the 'postgres' user when we are root, trust auth on
// 127.0.0.1. The store URL uses the cluster's own 'postgres' database.
class PgCluster
{
public:
    PgCluster();
    ~PgCluster();
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    // initdb and the first start; false with errorString() when PostgreSQL cannot run here.
    bool create();
    bool start();
    bool stop(); // fast shutdown: connections are cut, as when an operator stops the service
    quint16 port() const { return m_port; }
    QString errorString() const { return m_error; }
    // The store URL for a server reaching this cluster through `port` (a proxy in front of it).
    static QString urlFor(quint16 port);

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    QString m_runAs;
    quint16 m_port = 0;
    bool m_running = false;
    QString m_error;
};

} // namespace orrery::test
