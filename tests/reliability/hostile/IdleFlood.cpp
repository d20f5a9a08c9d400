#include "IdleFlood.h"

#include "RawHttp.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

namespace orrery::test {

IdleFlood::~IdleFlood()
{
    release();
}

qint64 IdleFlood::raiseFdLimit(qint64 needed)
{
    rlimit r{};
    ::getrlimit(RLIMIT_NOFILE, &r);
    if (rlim_t(needed) > r.rlim_cur) {
        r.rlim_cur = r.rlim_max == RLIM_INFINITY ? rlim_t(needed) : qMin<rlim_t>(rlim_t(needed), r.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &r);
        ::getrlimit(RLIMIT_NOFILE, &r);
    }
    return qint64(r.rlim_cur);
}

bool IdleFlood::setFdLimitOf(qint64 pid, qint64 limit, QString *error)
{
    rlimit r{rlim_t(limit), rlim_t(limit)};
    rlimit old{};
    if (::prlimit(pid_t(pid), RLIMIT_NOFILE, &r, &old) != 0) {
        *error = QStringLiteral("prlimit(%1): %2").arg(pid).arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
}

int IdleFlood::open(quint16 port, int count, int connectTimeoutMs)
{
    int ok = 0;
    int failedInARow = 0;
    for (int i = 0; i < count && failedInARow < 20; ++i) {
        QString why;
        const int fd = RawHttp::connectTo(port, connectTimeoutMs, {}, &why);
        if (fd < 0) {
            if (m_error.isEmpty())
                m_error = why;
            ++failedInARow; // the backlog is full or we ran out of descriptors: stop trying
            continue;
        }
        failedInARow = 0;
        m_fds.append(fd);
        ++ok;
    }
    return ok;
}

int IdleFlood::release()
{
    int closedByServer = 0;
    for (int fd : std::as_const(m_fds)) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 0) > 0) {
            char c;
            const ssize_t n = ::recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK);
            if (n == 0 || (n < 0 && errno != EAGAIN))
                ++closedByServer;
        }
        RawHttp::closeFd(fd);
    }
    m_fds.clear();
    return closedByServer;
}

} // namespace orrery::test
