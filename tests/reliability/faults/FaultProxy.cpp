#include "FaultProxy.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace orrery::test {

namespace {

qint64 monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int connectUpstream(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

struct FaultProxy::Pipe
{
    int client = -1;
    int upstream = -1;
    std::atomic<bool> dropped{false};
};

FaultProxy::FaultProxy(quint16 upstreamPort) : m_upstream(upstreamPort) {}

FaultProxy::~FaultProxy() { stop(); }

qint64 FaultProxy::nowMs() const
{
    return (monotonicNs() - m_startNs) / 1'000'000;
}

bool FaultProxy::start(QString *error)
{
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_listenFd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(m_listenFd, 128) != 0) {
        *error = QStringLiteral("proxy: cannot listen: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    socklen_t len = sizeof addr;
    ::getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_startNs = monotonicNs();
    m_acceptThread = std::thread([this] { acceptLoop(); });
    return true;
}

void FaultProxy::stop()
{
    if (m_stop.exchange(true))
        return;
    if (m_acceptThread.joinable())
        m_acceptThread.join();
    if (m_listenFd >= 0)
        ::close(m_listenFd);
    dropAll();
    std::vector<std::thread> threads;
    {
        QMutexLocker lock(&m_mutex);
        threads.swap(m_threads);
    }
    for (std::thread &t : threads)
        t.join();
}

void FaultProxy::dropAll()
{
    QMutexLocker lock(&m_mutex);
    for (const auto &p : m_pipes) {
        if (!p->dropped.exchange(true)) {
            ::shutdown(p->client, SHUT_RDWR);
            ::shutdown(p->upstream, SHUT_RDWR);
        }
    }
}

void FaultProxy::acceptLoop()
{
    while (!m_stop) {
        pollfd p{m_listenFd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            continue;
        const int client = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        const qint64 at = nowMs();
        const int upstream = connectUpstream(m_upstream);
        QMutexLocker lock(&m_mutex);
        m_accepted.append(at);
        if (upstream < 0) {
            m_refused.append(at);
            ::close(client);
            continue;
        }
        auto pipe = std::make_shared<Pipe>();
        pipe->client = client;
        pipe->upstream = upstream;
        m_pipes.push_back(pipe);
        m_threads.emplace_back([this, pipe] { forward(pipe); });
    }
}

void FaultProxy::forward(std::shared_ptr<Pipe> pipe)
{
    char buffer[65536];
    pollfd fds[2] = {{pipe->client, POLLIN, 0}, {pipe->upstream, POLLIN, 0}};
    bool open = true;
    while (open && !m_stop && !pipe->dropped) {
        if (::poll(fds, 2, 200) <= 0)
            continue;
        for (int i = 0; i < 2 && open; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                open = false;
                break;
            }
            const int to = fds[1 - i].fd;
            for (ssize_t sent = 0; sent < n;) {
                const ssize_t w = ::send(to, buffer + sent, size_t(n - sent), MSG_NOSIGNAL);
                if (w <= 0) {
                    open = false;
                    break;
                }
                sent += w;
            }
        }
    }
    QMutexLocker lock(&m_mutex);
    pipe->dropped = true;
    ::close(pipe->client);
    ::close(pipe->upstream);
    std::erase(m_pipes, pipe);
}

QList<qint64> FaultProxy::accepted() const
{
    QMutexLocker lock(&m_mutex);
    return m_accepted;
}

QList<qint64> FaultProxy::refused() const
{
    QMutexLocker lock(&m_mutex);
    return m_refused;
}

int FaultProxy::countBetween(const QList<qint64> &times, qint64 fromMs, qint64 toMs)
{
    return int(std::count_if(times.cbegin(), times.cend(), [=](qint64 t) { return t >= fromMs && t < toMs; }));
}

} // namespace orrery::test
