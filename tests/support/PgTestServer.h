#pragma once

#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace orrery::test {

// A PostgreSQL server for tests, and fresh databases on it.
// - With ORRERY_TEST_PG_URL set (postgresql://ci:ci@127.0.0.1:5432/cidb), it connects there; the
//   role must be allowed to CREATE DATABASE. Failing to connect is then a test failure.
// - Otherwise it starts a throwaway cluster (initdb + pg_ctl from /usr/lib/postgresql/<v>/bin,
//   run as the 'postgres' user when we are root) on a free loopback port, trust auth, its socket
//   in a temp dir, and stops it in the destructor. If that is not possible the tests are skipped
//   (use the ORRERY_REQUIRE_PG macro), unless ORRERY_TEST_REQUIRE_PG=1 makes it a failure.
// Every database created by createDatabase() is dropped again in the destructor.
// Use it from one thread (its admin connection belongs to the thread that called start()).
class PgTestServer
{
public:
    enum class Status { Ready, Unavailable, Broken };
    struct Options
    {
        bool durable = false; // throwaway cluster only: keep fsync/synchronous_commit on (benchmarks)
    };

    PgTestServer();
    explicit PgTestServer(Options options);
    ~PgTestServer();
    PgTestServer(const PgTestServer &) = delete;
    PgTestServer &operator=(const PgTestServer &) = delete;

    // The newest /usr/lib/postgresql/<v>/bin holding initdb (or ORRERY_TEST_PG_BINDIR); empty if none.
    static QString binDir();

    // Connects or starts the cluster; idempotent (the first outcome is kept).
    Status start();
    QString errorString() const { return m_error; }
    bool isExternal() const { return m_external; }
    // The server's URL with the admin database (password included; for tests only).
    QString adminUrl() const;

    // A new, empty, uniquely named database; its URL (empty on failure, see errorString()).
    QString createDatabase();
    bool dropDatabase(const QString &url);
    // Runs one SQL statement on the database of `url` through a short-lived connection (tests use
    // it to break or inspect a store's database from outside).
    bool execSql(const QString &url, const QString &sql, QString *error = nullptr);

private:
    Status startCluster();
    Status connectAdmin();
    Status unavailable(const QString &why);
    Status broken(const QString &why);
    QString urlFor(const QString &database) const;
    void stopCluster();

    Options m_options;
    bool m_started = false;
    Status m_status = Status::Unavailable;
    bool m_external = false;
    QString m_error;
    QString m_binDir;
    QString m_runAs;
    std::unique_ptr<QTemporaryDir> m_dir;
    bool m_clusterRunning = false;
    QString m_host = QStringLiteral("127.0.0.1");
    int m_port = 0;
    QString m_user;
    QString m_password;
    QString m_adminDb;
    QString m_query; // extra URL options
    QString m_adminConnection;
    QStringList m_databases;
    int m_counter = 0;
};

} // namespace orrery::test

// In a Qt Test function: skips (no server possible) or fails (a configured server is unreachable).
#define ORRERY_REQUIRE_PG(server)                                                                  \
    do {                                                                                           \
        const auto pgStatus_ = (server).start();                                                   \
        if (pgStatus_ == orrery::test::PgTestServer::Status::Unavailable)                          \
            QSKIP(qPrintable(QStringLiteral("PostgreSQL not available: ") + (server).errorString())); \
        if (pgStatus_ == orrery::test::PgTestServer::Status::Broken)                               \
            QFAIL(qPrintable(QStringLiteral("PostgreSQL: ") + (server).errorString()));            \
    } while (false)
