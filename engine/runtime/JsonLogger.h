#pragma once

#include "core/EngineEvent.h"

#include <QFile>
#include <QJsonObject>
#include <QMutex>
#include <QObject>

namespace orrery {

// Structured logs: one JSON object per line ({"ts","level","msg",...fields}) to stderr or a file.
// Also receives Qt's own messages (installMessageHandler) so nothing bypasses the format.
// Callers must never pass secrets; URLs with passwords are masked by maskSecrets().
class JsonLogger : public QObject
{
    Q_OBJECT

public:
    enum class Level { Debug, Info, Warning, Error };

    explicit JsonLogger(QObject *parent = nullptr);
    ~JsonLogger() override;

    // Empty path = stderr. Returns an error message, or empty on success.
    QString openFile(const QString &path);
    void setLevel(Level level) { m_level = level; }
    static std::optional<Level> parseLevel(const QString &name);

    void log(Level level, const QString &msg, const QJsonObject &fields = {});
    void info(const QString &msg, const QJsonObject &fields = {}) { log(Level::Info, msg, fields); }
    void warning(const QString &msg, const QJsonObject &fields = {}) { log(Level::Warning, msg, fields); }
    void error(const QString &msg, const QJsonObject &fields = {}) { log(Level::Error, msg, fields); }

    // Routes qDebug/qWarning/... through this logger until the logger is destroyed.
    void installMessageHandler();

    static QString maskSecrets(QString text);

public Q_SLOTS:
    // Engine events worth a line: failures, retries, dead letters and workflow endings at info;
    // the rest at debug.
    void logEvent(const orrery::EngineEvent &event);

private:
    Level m_level = Level::Info;
    QFile m_file;
    QMutex m_mutex;
};

} // namespace orrery
