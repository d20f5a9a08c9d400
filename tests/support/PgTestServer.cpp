#include "support/PgTestServer.h"

#include "support/FreePort.h"
#include "support/ProcessRunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>
#include <QVersionNumber>

#include <pwd.h>
#include <unistd.h>

namespace orrery::test {

namespace {

QString findBinDir()
{
    const QString env = qEnvironmentVariable("ORRERY_TEST_PG_BINDIR");
    if (!env.isEmpty())
        return QFile::exists(env + QStringLiteral("/initdb")) ? env : QString();
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QString best;
    QVersionNumber bestVersion;
    for (const QString &v : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QVersionNumber n = QVersionNumber::fromString(v);
        if (QFile::exists(root.filePath(v + QStringLiteral("/bin/initdb"))) && n > bestVersion) {
            bestVersion = n;
            best = root.filePath(v + QStringLiteral("/bin"));
        }
    }
    if (!best.isEmpty())
        return best;
    const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    return initdb.isEmpty() ? QString() : QFileInfo(initdb).absolutePath();
}

QString quoteIdent(const QString &name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
}

bool requirePg()
{
    return qEnvironmentVariable("ORRERY_TEST_REQUIRE_PG") == QLatin1String("1");
}

} // namespace

QString PgTestServer::binDir()
{
    return findBinDir();
}

PgTestServer::PgTestServer() : PgTestServer(Options{}) {}

PgTestServer::PgTestServer(Options options) : m_options(options)
{
    m_adminConnection = QStringLiteral("orrery-pgtest-admin-%1").arg(quintptr(this), 0, 16);
}

PgTestServer::~PgTestServer()
{
    if (QSqlDatabase::contains(m_adminConnection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_adminConnection, false);
            if (db.isOpen() && !m_clusterRunning) {
                for (const QString &name : std::as_const(m_databases)) {
                    QSqlQuery q(db);
                    q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoteIdent(name)));
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(m_adminConnection);
    }
    stopCluster();
}

PgTestServer::Status PgTestServer::unavailable(const QString &why)
{
    m_error = why;
    return m_status = requirePg() ? Status::Broken : Status::Unavailable;
}

PgTestServer::Status PgTestServer::broken(const QString &why)
{
    m_error = why;
    return m_status = Status::Broken;
}

PgTestServer::Status PgTestServer::start()
{
    if (m_started)
        return m_status;
    m_started = true;
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return unavailable(QStringLiteral("the Qt PostgreSQL driver QPSQL is missing (install libqt6sql6-psql)"));
    const QString env = qEnvironmentVariable("ORRERY_TEST_PG_URL");
    if (!env.isEmpty()) {
        m_external = true;
        const QUrl url(env);
        if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2)
            return broken(QStringLiteral("ORRERY_TEST_PG_URL is not a postgresql://user:pass@host:port/dbname URL"));
        m_host = url.host();
        m_port = url.port(5432);
        m_user = url.userName(QUrl::FullyDecoded);
        m_password = url.password(QUrl::FullyDecoded);
        m_adminDb = url.path(QUrl::FullyDecoded).mid(1);
        m_query = url.query();
        return connectAdmin();
    }
    const Status s = startCluster();
    return s == Status::Ready ? connectAdmin() : s;
}

PgTestServer::Status PgTestServer::startCluster()
{
    m_binDir = binDir();
    if (m_binDir.isEmpty())
        return unavailable(QStringLiteral("no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql "
                                          "or set ORRERY_TEST_PG_URL"));
    struct passwd *pw = nullptr;
    if (ProcessRunner::isRoot()) {
        pw = ::getpwnam("postgres");
        if (!pw)
            return unavailable(QStringLiteral("running as root and there is no 'postgres' user to run initdb as"));
        m_runAs = QStringLiteral("postgres");
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/orrery-pg-XXXXXX"));
    if (!m_dir->isValid())
        return unavailable(QStringLiteral("cannot create a temporary directory: %1").arg(m_dir->errorString()));
    if (pw && ::chown(QFile::encodeName(m_dir->path()).constData(), pw->pw_uid, pw->pw_gid) != 0)
        return unavailable(QStringLiteral("cannot hand %1 to the postgres user").arg(m_dir->path()));
    const QString data = m_dir->filePath(QStringLiteral("data"));
    const ProcessResult init = ProcessRunner::run(
        m_binDir + QStringLiteral("/initdb"),
        {QStringLiteral("-D"), data, QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-U"),
         QStringLiteral("postgres"), QStringLiteral("--no-sync"), QStringLiteral("-E"), QStringLiteral("UTF8"),
         QStringLiteral("--locale=C")},
        120000, m_runAs);
    if (!init.started || init.exitCode != 0)
        return unavailable(init.describe(QStringLiteral("initdb")));
    QString lastError;
    for (int attempt = 0; attempt < 3; ++attempt) {
        m_port = FreePort::find();
        QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c max_connections=200")
                              .arg(m_port)
                              .arg(m_dir->path());
        if (!m_options.durable)
            options += QStringLiteral(" -c fsync=off -c full_page_writes=off -c synchronous_commit=off");
        const ProcessResult run = ProcessRunner::run(
            m_binDir + QStringLiteral("/pg_ctl"),
            {QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir->filePath(QStringLiteral("pg.log")),
             QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"), options,
             QStringLiteral("start")},
            90000, m_runAs);
        if (run.started && run.exitCode == 0) {
            m_clusterRunning = true;
            m_user = QStringLiteral("postgres");
            m_adminDb = QStringLiteral("postgres");
            return Status::Ready;
        }
        QFile log(m_dir->filePath(QStringLiteral("pg.log")));
        lastError = run.describe(QStringLiteral("pg_ctl start"));
        if (log.open(QIODevice::ReadOnly))
            lastError += QStringLiteral("\n") + QString::fromLocal8Bit(log.readAll().right(2000));
    }
    return unavailable(lastError);
}

void PgTestServer::stopCluster()
{
    if (!m_clusterRunning)
        return;
    ProcessRunner::run(m_binDir + QStringLiteral("/pg_ctl"),
                       {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
                        QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")},
                       60000, m_runAs);
    m_clusterRunning = false;
}

PgTestServer::Status PgTestServer::connectAdmin()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_adminConnection);
    db.setHostName(m_host);
    db.setPort(m_port);
    db.setUserName(m_user);
    db.setPassword(m_password);
    db.setDatabaseName(m_adminDb);
    db.setConnectOptions(QStringLiteral("connect_timeout=10"));
    if (!db.open()) {
        QString why = db.lastError().text();
        if (!m_password.isEmpty())
            why.replace(m_password, QStringLiteral("***"));
        return broken(QStringLiteral("cannot connect to PostgreSQL at %1:%2 as %3: %4").arg(m_host).arg(m_port).arg(m_user, why));
    }
    m_error.clear();
    return m_status = Status::Ready;
}

QString PgTestServer::urlFor(const QString &database) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(m_host);
    url.setPort(m_port);
    url.setUserName(m_user);
    if (!m_password.isEmpty())
        url.setPassword(m_password);
    url.setPath(QLatin1Char('/') + database);
    if (!m_query.isEmpty())
        url.setQuery(m_query);
    return url.toString(QUrl::FullyEncoded);
}

QString PgTestServer::adminUrl() const
{
    return urlFor(m_adminDb);
}

QString PgTestServer::createDatabase()
{
    if (start() != Status::Ready)
        return {};
    const QString name = QStringLiteral("orrery_test_%1_%2_%3")
                             .arg(QCoreApplication::applicationPid())
                             .arg(++m_counter)
                             .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    QSqlDatabase db = QSqlDatabase::database(m_adminConnection, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(quoteIdent(name)))) {
        m_error = QStringLiteral("CREATE DATABASE %1 failed: %2").arg(name, q.lastError().text());
        return {};
    }
    m_databases << name;
    return urlFor(name);
}

bool PgTestServer::dropDatabase(const QString &url)
{
    const QString name = QUrl(url).path().mid(1);
    QSqlDatabase db = QSqlDatabase::database(m_adminConnection, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoteIdent(name)))) {
        m_error = QStringLiteral("DROP DATABASE %1 failed: %2").arg(name, q.lastError().text());
        return false;
    }
    m_databases.removeAll(name);
    return true;
}

bool PgTestServer::execSql(const QString &url, const QString &sql, QString *error)
{
    const QUrl u(url);
    const QString name = QStringLiteral("orrery-pgtest-exec-%1").arg(quintptr(this), 0, 16);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(u.host());
        db.setPort(u.port(5432));
        db.setUserName(u.userName(QUrl::FullyDecoded));
        db.setPassword(u.password(QUrl::FullyDecoded));
        db.setDatabaseName(u.path(QUrl::FullyDecoded).mid(1));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok && error)
                *error = q.lastError().text();
        } else if (error) {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace orrery::test
