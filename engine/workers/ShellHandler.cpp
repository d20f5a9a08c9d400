#include "ShellHandler.h"

#include "core/Clock.h"
#include "workers/InputReader.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QTimer>

namespace orrery {

namespace {

constexpr int kStderrTailBytes = 1024;

FailureInfo shellFailure(const QString &kind, const QString &code, int exitCode = -1)
{
    FailureInfo f;
    f.kind = kind;
    f.errorCode = code;
    f.exitCode = exitCode;
    return f;
}

} // namespace

ShellHandler::ShellHandler(const HandlerContext &context) : m_context(context) {}

ShellHandler::~ShellHandler()
{
    if (m_process) {
        QObject::disconnect(m_process.get(), nullptr, nullptr, nullptr);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(1000);
        }
    }
}

void ShellHandler::start(const TaskAssignment &task, Done done)
{
    m_done = std::move(done);
    InputReader in(task.input);
    const QStringList argv = in.stringArray(QStringLiteral("argv"), true);
    const auto env = in.stringMap(QStringLiteral("env"));
    const bool inheritEnv = in.boolean(QStringLiteral("inheritEnv"), true);
    const QString cwd = in.string(QStringLiteral("cwd"));
    m_timeoutSeconds = in.number(QStringLiteral("timeoutSeconds"), 0, 0, 31'536'000);
    m_maxOutputBytes = in.integer(QStringLiteral("maxOutputBytes"), kDefaultMaxOutputBytes, 0, 256 * 1024 * 1024);
    const QString stdinText = in.string(QStringLiteral("stdin"));
    if (in.ok() && argv.first().isEmpty())
        in.fail(QStringLiteral("input.argv[0] (the program) must not be empty"));
    if (in.ok() && !cwd.isEmpty() && !QFileInfo(cwd).isDir())
        in.fail(QStringLiteral("input.cwd '%1' is not an existing directory").arg(cwd));
    if (!in.ok()) {
        finish(TaskOutcome::badInput(in.error()));
        return;
    }

    m_program = argv.first();
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(m_program);
    m_process->setArguments(argv.mid(1));
    if (!cwd.isEmpty())
        m_process->setWorkingDirectory(cwd);
    QProcessEnvironment environment = inheritEnv ? QProcessEnvironment::systemEnvironment() : QProcessEnvironment();
    for (const auto &[name, value] : env)
        environment.insert(name, value);
    m_process->setProcessEnvironment(environment);

    QProcess *p = m_process.get();
    QObject::connect(p, &QProcess::readyReadStandardOutput, p, [this] { readChannel(QProcess::StandardOutput); });
    QObject::connect(p, &QProcess::readyReadStandardError, p, [this] { readChannel(QProcess::StandardError); });
    QObject::connect(p, &QProcess::finished, p, [this](int code, QProcess::ExitStatus status) { onFinished(code, status); });
    QObject::connect(p, &QProcess::errorOccurred, p, [this](QProcess::ProcessError error) { onError(error); });

    m_startedMs = m_context.clock->nowMs();
    if (m_timeoutSeconds > 0) {
        m_timeoutTimer = std::make_unique<QTimer>();
        m_timeoutTimer->setSingleShot(true);
        m_timeoutTimer->setTimerType(Qt::PreciseTimer);
        QObject::connect(m_timeoutTimer.get(), &QTimer::timeout, m_timeoutTimer.get(), [this] { onTimeout(); });
        m_timeoutTimer->start(int(qMin<double>(m_timeoutSeconds * 1000.0, double(INT_MAX))));
    }
    p->start(QIODevice::ReadWrite);
    if (m_finished)
        return; // failed to start, already reported
    if (!stdinText.isEmpty())
        p->write(stdinText.toUtf8());
    p->closeWriteChannel(); // a child reading stdin sees EOF instead of hanging
    m_logs << QStringLiteral("started %1 (pid %2)").arg(m_program).arg(p->processId());
}

void ShellHandler::cancel()
{
    stopProcess();
}

void ShellHandler::readChannel(QProcess::ProcessChannel channel)
{
    m_process->setReadChannel(channel);
    const QByteArray chunk = m_process->readAll();
    Capture &capture = channel == QProcess::StandardOutput ? m_stdout : m_stderr;
    const qint64 room = m_maxOutputBytes - capture.data.size();
    if (chunk.size() > room) {
        capture.data.append(chunk.left(room));
        capture.truncated = true;
    } else {
        capture.data.append(chunk);
    }
    if (channel == QProcess::StandardError) {
        m_stderrTail.append(chunk);
        if (m_stderrTail.size() > kStderrTailBytes)
            m_stderrTail.remove(0, m_stderrTail.size() - kStderrTailBytes);
    }
}

void ShellHandler::onTimeout()
{
    m_timedOut = true;
    m_logs << QStringLiteral("timed out after %1 s, terminating").arg(m_timeoutSeconds);
    stopProcess();
}

void ShellHandler::stopProcess()
{
    if (!m_process || m_process->state() == QProcess::NotRunning || m_killTimer)
        return;
    m_process->terminate();
    m_killTimer = std::make_unique<QTimer>();
    m_killTimer->setSingleShot(true);
    QObject::connect(m_killTimer.get(), &QTimer::timeout, m_killTimer.get(), [this] {
        if (m_process->state() != QProcess::NotRunning) {
            m_logs << QStringLiteral("still running %1 ms after SIGTERM, killing").arg(kKillGraceMs);
            m_process->kill();
        }
    });
    m_killTimer->start(kKillGraceMs);
}

void ShellHandler::onError(QProcess::ProcessError error)
{
    // Crashed, Timedout, Read/WriteError are followed by finished(); only FailedToStart is not.
    if (error != QProcess::FailedToStart)
        return;
    finish(TaskOutcome::failed(QStringLiteral("failed to start '%1': %2").arg(m_program, m_process->errorString()),
                               shellFailure(QStringLiteral("shell"), QStringLiteral("failed_to_start"))));
}

void ShellHandler::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readChannel(QProcess::StandardOutput);
    readChannel(QProcess::StandardError);
    const qint64 durationMs = m_context.clock->nowMs() - m_startedMs;
    const bool crashed = status == QProcess::CrashExit;
    const int code = crashed ? -1 : exitCode;
    m_logs << (crashed ? QStringLiteral("terminated by a signal after %1 ms").arg(durationMs)
                       : QStringLiteral("exited with code %1 after %2 ms").arg(code).arg(durationMs));
    const QJsonObject out = output(code);
    const QString stderrLine = lastStderrLine();
    const QString suffix = stderrLine.isEmpty() ? QString() : QStringLiteral(": ") + stderrLine;
    if (m_timedOut) {
        finish(TaskOutcome::failed(QStringLiteral("timed out after %1 s").arg(m_timeoutSeconds),
                                   shellFailure(QStringLiteral("timeout"), QStringLiteral("timed_out")), out));
    } else if (crashed) {
        finish(TaskOutcome::failed(QStringLiteral("'%1' was terminated by a signal").arg(m_program) + suffix,
                                   shellFailure(QStringLiteral("shell"), QStringLiteral("crashed")), out));
    } else if (code != 0) {
        finish(TaskOutcome::failed(QStringLiteral("exit code %1").arg(code) + suffix,
                                   shellFailure(QStringLiteral("shell"), QStringLiteral("exit_code"), code), out));
    } else {
        finish(TaskOutcome::completed(out));
    }
}

QJsonObject ShellHandler::output(int exitCode) const
{
    return QJsonObject{
        {QStringLiteral("exitCode"), exitCode},
        {QStringLiteral("stdout"), QString::fromUtf8(m_stdout.data)},
        {QStringLiteral("stderr"), QString::fromUtf8(m_stderr.data)},
        {QStringLiteral("stdoutTruncated"), m_stdout.truncated},
        {QStringLiteral("stderrTruncated"), m_stderr.truncated},
        {QStringLiteral("timedOut"), m_timedOut},
        {QStringLiteral("durationMs"), m_context.clock->nowMs() - m_startedMs},
    };
}

QString ShellHandler::lastStderrLine() const
{
    const QList<QByteArray> lines = m_stderrTail.split('\n');
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = QString::fromUtf8(it->trimmed());
        if (!line.isEmpty())
            return line.left(300);
    }
    return {};
}

void ShellHandler::finish(TaskOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_timeoutTimer)
        m_timeoutTimer->stop();
    if (m_killTimer)
        m_killTimer->stop();
    outcome.logs = m_logs;
    Done done = std::move(m_done);
    done(std::move(outcome)); // may destroy nothing: the pool deletes handlers later
}

} // namespace orrery
