#include "SqliteInstanceLock.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace orrery {

SqliteInstanceLock::~SqliteInstanceLock() { release(); }

Result<void> SqliteInstanceLock::acquire(const QString &databaseFile)
{
    release();
    m_path = QFileInfo(databaseFile).absoluteFilePath() + QStringLiteral(".server-lock");
    const QByteArray path = QFile::encodeName(m_path);
    m_fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0)
        return Error::unavailable(QStringLiteral("cannot open the lock file %1: %2").arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        char buf[32] = {};
        const ssize_t n = ::pread(m_fd, buf, sizeof buf - 1, 0);
        const QString pid = n > 0 ? QString::fromLatin1(buf, int(n)).trimmed() : QStringLiteral("unknown");
        ::close(m_fd);
        m_fd = -1;
        if (err == EWOULDBLOCK)
            return Error::conflict(QStringLiteral("another orreryd (pid %1) already serves the SQLite store %2; a SQLite "
                                                  "store has one server (use PostgreSQL for a standby)")
                                       .arg(pid, databaseFile));
        return Error::unavailable(QStringLiteral("cannot lock %1: %2").arg(m_path, QString::fromLocal8Bit(std::strerror(err))));
    }
    const QByteArray pid = QByteArray::number(qint64(::getpid())) + '\n';
    if (::ftruncate(m_fd, 0) == 0)
        (void)!::pwrite(m_fd, pid.constData(), size_t(pid.size()), 0);
    return {};
}

void SqliteInstanceLock::release()
{
    if (m_fd >= 0) {
        ::close(m_fd); // closing drops the flock
        m_fd = -1;
    }
}

} // namespace orrery
