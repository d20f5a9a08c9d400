#include "PgCluster.h"

#include "support/FreePort.h"
#include "support/PgTestServer.h"
#include "support/ProcessRunner.h"

#include <QDir>
#include <QFile>

#include <pwd.h>
#include <unistd.h>

namespace orrery::test {

PgCluster::PgCluster() = default;

PgCluster::~PgCluster()
{
    stop();
}

QString PgCluster::urlFor(quint16 port)
{
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(port);
}

bool PgCluster::create()
{
    m_binDir = PgTestServer::binDir();
    if (m_binDir.isEmpty()) {
        m_error = QStringLiteral("no PostgreSQL server binaries under /usr/lib/postgresql");
        return false;
    }
    struct passwd *pw = nullptr;
    if (ProcessRunner::isRoot()) {
        pw = ::getpwnam("postgres");
        if (!pw) {
            m_error = QStringLiteral("running as root and there is no 'postgres' user");
            return false;
        }
        m_runAs = QStringLiteral("postgres");
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/orrery-pgfault-XXXXXX"));
    if (!m_dir->isValid() || (pw && ::chown(QFile::encodeName(m_dir->path()).constData(), pw->pw_uid, pw->pw_gid) != 0)) {
        m_error = QStringLiteral("cannot prepare a directory for the cluster");
        return false;
    }
    const ProcessResult init = ProcessRunner::run(
        m_binDir + QStringLiteral("/initdb"),
        {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-A"), QStringLiteral("trust"),
         QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("--no-sync"), QStringLiteral("-E"),
         QStringLiteral("UTF8"), QStringLiteral("--locale=C")},
        120000, m_runAs);
    if (!init.started || init.exitCode != 0) {
        m_error = init.describe(QStringLiteral("initdb"));
        return false;
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = FreePort::find();
        if (start())
            return true;
    }
    return false;
}

bool PgCluster::start()
{
    const QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c max_connections=100 "
                                           "-c fsync=off -c full_page_writes=off")
                                .arg(m_port)
                                .arg(m_dir->path());
    const ProcessResult run = ProcessRunner::run(
        m_binDir + QStringLiteral("/pg_ctl"),
        {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-l"),
         m_dir->filePath(QStringLiteral("pg.log")), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
         QStringLiteral("-o"), options, QStringLiteral("start")},
        90000, m_runAs);
    m_running = run.started && run.exitCode == 0;
    if (!m_running)
        m_error = run.describe(QStringLiteral("pg_ctl start"));
    return m_running;
}

bool PgCluster::stop()
{
    if (!m_running)
        return true;
    const ProcessResult run = ProcessRunner::run(
        m_binDir + QStringLiteral("/pg_ctl"),
        {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"), QStringLiteral("fast"),
         QStringLiteral("-w"), QStringLiteral("stop")},
        60000, m_runAs);
    m_running = !(run.started && run.exitCode == 0);
    if (m_running)
        m_error = run.describe(QStringLiteral("pg_ctl stop"));
    return !m_running;
}

} // namespace orrery::test
