#include "ScriptWatchdog.h"

#include <cstdio>
#include <unistd.h>

namespace orrery {

ScriptWatchdog::ScriptWatchdog() : m_thread([this] { run(); }) {}

ScriptWatchdog::~ScriptWatchdog()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

qint64 ScriptWatchdog::residentBytes()
{
    FILE *f = std::fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    long size = 0, resident = 0;
    const int n = std::fscanf(f, "%ld %ld", &size, &resident);
    std::fclose(f);
    return n == 2 ? qint64(resident) * sysconf(_SC_PAGESIZE) : 0;
}

void ScriptWatchdog::arm(int timeoutMs, qint64 memoryBytes, std::function<void()> interrupt)
{
    const qint64 base = memoryBytes > 0 ? residentBytes() : 0;
    {
        std::lock_guard lock(m_mutex);
        m_armed = true;
        m_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
        m_memoryBase = base;
        m_memoryLimit = memoryBytes;
        m_interrupt = std::move(interrupt);
        m_verdict = Verdict::None;
    }
    m_wake.notify_all();
}

ScriptWatchdog::Verdict ScriptWatchdog::disarm()
{
    std::lock_guard lock(m_mutex);
    m_armed = false;
    m_interrupt = nullptr;
    return m_verdict;
}

void ScriptWatchdog::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (!m_armed || m_verdict != Verdict::None) {
            m_wake.wait(lock);
            continue;
        }
        m_wake.wait_for(lock, std::chrono::milliseconds(5));
        if (!m_armed || m_stop || m_verdict != Verdict::None)
            continue;
        Verdict v = Verdict::None;
        if (std::chrono::steady_clock::now() >= m_deadline)
            v = Verdict::TimedOut;
        else if (m_memoryLimit > 0 && m_memoryBase > 0 && residentBytes() - m_memoryBase > m_memoryLimit)
            v = Verdict::OutOfMemory;
        if (v != Verdict::None) {
            m_verdict = v;
            if (m_interrupt)
                m_interrupt();
        }
    }
}

} // namespace orrery
