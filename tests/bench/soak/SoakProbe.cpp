#include "SoakProbe.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace orrery::bench {

namespace {

qint64 fileSize(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() ? info.size() : 0;
}

} // namespace

SoakProbe::SoakProbe(qint64 pid, QString dbPath)
    : m_pid(pid), m_dbPath(std::move(dbPath)), m_connection(QStringLiteral("soak-probe-%1").arg(pid))
{
}

SoakProbe::~SoakProbe()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

ProcessReading SoakProbe::process() const
{
    ProcessReading r;
    QFile status(QStringLiteral("/proc/%1/status").arg(m_pid));
    if (!status.open(QIODevice::ReadOnly))
        return r;
    for (const QByteArray &line : status.readAll().split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() < 2)
            continue;
        if (parts.at(0) == "VmRSS:")
            r.rssKiB = parts.at(1).toLongLong();
        else if (parts.at(0) == "RssAnon:")
            r.anonKiB = parts.at(1).toLongLong();
        else if (parts.at(0) == "Threads:")
            r.threads = parts.at(1).toInt();
    }
    r.fds = int(QDir(QStringLiteral("/proc/%1/fd").arg(m_pid)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
    QFile stat(QStringLiteral("/proc/%1/stat").arg(m_pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray text = stat.readAll();
        // After "pid (comm) ": state is field 3, utime 14 and stime 15.
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12)
            r.cpuTicks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
    }
    r.ok = r.rssKiB > 0;
    return r;
}

StoreReading SoakProbe::store(bool countRows)
{
    StoreReading r;
    r.dbBytes = fileSize(m_dbPath);
    r.walBytes = fileSize(m_dbPath + QStringLiteral("-wal"));
    r.shmBytes = fileSize(m_dbPath + QStringLiteral("-shm"));
    if (!countRows)
        return r;
    if (!QSqlDatabase::contains(m_connection)) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(m_dbPath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    if (!db.isOpen())
        return r;
    auto count = [&db](const char *table) -> qint64 {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    };
    r.workflows = count("workflows");
    r.tasks = count("tasks");
    r.audit = count("api_audit");
    return r;
}

} // namespace orrery::bench
