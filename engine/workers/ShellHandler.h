#pragma once

#include "workers/HandlerContext.h"
#include "workers/TaskHandler.h"

#include <QByteArray>
#include <QProcess>
#include <memory>

class QTimer;

namespace orrery {

// Built-in "shell": runs argv directly (no shell interpretation) with QProcess on the pool
// thread. Input: argv, env, inheritEnv, cwd, timeoutSeconds, maxOutputBytes, stdin.
// See docs/task-types.md.
class ShellHandler final : public TaskHandler
{
public:
    static constexpr qint64 kDefaultMaxOutputBytes = 64 * 1024;
    static constexpr int kKillGraceMs = 3000; // between SIGTERM and SIGKILL

    explicit ShellHandler(const HandlerContext &context);
    ~ShellHandler() override;

    void start(const TaskAssignment &task, Done done) override;
    void cancel() override;

private:
    struct Capture
    {
        QByteArray data;
        bool truncated = false;
    };

    void readChannel(QProcess::ProcessChannel channel);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void onTimeout();
    void stopProcess();
    void finish(TaskOutcome outcome);
    QJsonObject output(int exitCode) const;
    QString lastStderrLine() const;

    HandlerContext m_context;
    Done m_done;
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QTimer> m_timeoutTimer;
    std::unique_ptr<QTimer> m_killTimer;
    Capture m_stdout;
    Capture m_stderr;
    QByteArray m_stderrTail; // last bytes of stderr, kept even past the limit, for the reason
    QString m_program;
    QStringList m_logs;
    qint64 m_maxOutputBytes = kDefaultMaxOutputBytes;
    qint64 m_startedMs = 0;
    double m_timeoutSeconds = 0;
    bool m_timedOut = false;
    bool m_finished = false;
};

} // namespace orrery
