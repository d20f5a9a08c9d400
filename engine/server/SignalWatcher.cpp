#include "SignalWatcher.h"

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace orrery {

namespace {
int g_fds[2] = {-1, -1}; // the self-pipe: a signal handler can only reach static storage
volatile sig_atomic_t g_received = 0;

void onSignal(int signo)
{
    // A second signal leaves at once, even while the main thread is busy draining. The store
    // stays consistent: committed transactions are kept, the open one is rolled back.
    if (g_received++ > 0)
        ::_exit(128 + signo);
    const char b = char(signo);
    [[maybe_unused]] const ssize_t n = ::write(g_fds[0], &b, 1);
}
} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_fds) != 0)
        return;
    m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::onReadable);
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
}

SignalWatcher::~SignalWatcher()
{
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
}

void SignalWatcher::onReadable()
{
    char b = 0;
    if (::read(g_fds[1], &b, 1) == 1)
        Q_EMIT terminationRequested(int(b), ++m_count);
}

} // namespace orrery
