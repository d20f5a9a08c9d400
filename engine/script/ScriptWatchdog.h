#pragma once

#include <QtGlobal>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace orrery {

// One thread that watches one evaluation at a time for a script evaluator: it calls `interrupt`
// when the deadline passes or the process's resident memory grew by more than the limit since
// arm(). Sampling is every 5 ms; the memory limit is therefore approximate (documented).
class ScriptWatchdog
{
public:
    enum class Verdict { None, TimedOut, OutOfMemory };

    ScriptWatchdog();
    ~ScriptWatchdog();
    ScriptWatchdog(const ScriptWatchdog &) = delete;
    ScriptWatchdog &operator=(const ScriptWatchdog &) = delete;

    void arm(int timeoutMs, qint64 memoryBytes, std::function<void()> interrupt);
    // Stops watching; returns why it interrupted, if it did.
    Verdict disarm();

    static qint64 residentBytes();

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_armed = false;
    std::chrono::steady_clock::time_point m_deadline;
    qint64 m_memoryBase = 0;
    qint64 m_memoryLimit = 0;
    std::function<void()> m_interrupt;
    Verdict m_verdict = Verdict::None;
    std::thread m_thread;
};

} // namespace orrery
