#include "JsonLogger.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cstdio>

namespace orrery {

namespace {
JsonLogger *g_handlerTarget = nullptr; // the one logger Qt's message handler forwards to

const char *levelName(JsonLogger::Level l)
{
    switch (l) {
    case JsonLogger::Level::Debug: return "debug";
    case JsonLogger::Level::Info: return "info";
    case JsonLogger::Level::Warning: return "warning";
    case JsonLogger::Level::Error: return "error";
    }
    return "info";
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &, const QString &msg)
{
    if (!g_handlerTarget) {
        fprintf(stderr, "%s\n", qPrintable(msg));
        return;
    }
    JsonLogger::Level level = JsonLogger::Level::Info;
    switch (type) {
    case QtDebugMsg: level = JsonLogger::Level::Debug; break;
    case QtInfoMsg: level = JsonLogger::Level::Info; break;
    case QtWarningMsg: level = JsonLogger::Level::Warning; break;
    case QtCriticalMsg:
    case QtFatalMsg: level = JsonLogger::Level::Error; break;
    }
    g_handlerTarget->log(level, JsonLogger::maskSecrets(msg), QJsonObject{{QStringLiteral("source"), QStringLiteral("qt")}});
}
} // namespace

JsonLogger::JsonLogger(QObject *parent) : QObject(parent) {}

JsonLogger::~JsonLogger()
{
    if (g_handlerTarget == this) {
        qInstallMessageHandler(nullptr);
        g_handlerTarget = nullptr;
    }
}

QString JsonLogger::openFile(const QString &path)
{
    QMutexLocker lock(&m_mutex);
    if (m_file.isOpen())
        m_file.close();
    if (path.isEmpty())
        return {};
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::Append | QIODevice::Text))
        return QStringLiteral("cannot open log file %1: %2").arg(path, m_file.errorString());
    m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
    return {};
}

std::optional<JsonLogger::Level> JsonLogger::parseLevel(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("debug")) return Level::Debug;
    if (n == QLatin1String("info")) return Level::Info;
    if (n == QLatin1String("warning") || n == QLatin1String("warn")) return Level::Warning;
    if (n == QLatin1String("error")) return Level::Error;
    return std::nullopt;
}

QString JsonLogger::maskSecrets(QString text)
{
    // user:password@ in URLs, and bearer tokens.
    static const QRegularExpression url(QStringLiteral("(\\w+://[^:/@\\s]+:)[^@\\s]+@"));
    static const QRegularExpression bearer(QStringLiteral("(?i)(bearer\\s+)\\S+"));
    static const QRegularExpression token(QStringLiteral("orr_[A-Za-z0-9_-]{8,}"));
    text.replace(url, QStringLiteral("\\1***@"));
    text.replace(bearer, QStringLiteral("\\1***"));
    text.replace(token, QStringLiteral("orr_***"));
    return text;
}

void JsonLogger::log(Level level, const QString &msg, const QJsonObject &fields)
{
    if (level < m_level)
        return;
    QJsonObject o = fields;
    o.insert(QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("level"), QLatin1String(levelName(level)));
    o.insert(QStringLiteral("msg"), msg);
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    QMutexLocker lock(&m_mutex);
    if (m_file.isOpen()) {
        m_file.write(line);
        m_file.flush();
    } else {
        fwrite(line.constData(), 1, size_t(line.size()), stderr);
        fflush(stderr);
    }
}

void JsonLogger::installMessageHandler()
{
    g_handlerTarget = this;
    qInstallMessageHandler(qtMessageHandler);
}

void JsonLogger::logEvent(const EngineEvent &event)
{
    static const QSet<QString> important = {
        QStringLiteral("task_failed"), QStringLiteral("task_timed_out"), QStringLiteral("task_retry_scheduled"),
        QStringLiteral("task_dead_lettered"), QStringLiteral("workflow_failed"), QStringLiteral("workflow_timed_out"),
        QStringLiteral("workflow_terminated"), QStringLiteral("breaker_state_changed"), QStringLiteral("dlq_alert"),
        QStringLiteral("task_timeout_alert"), QStringLiteral("health_changed")};
    const Level level = important.contains(event.name) ? Level::Info : Level::Debug;
    if (level < m_level)
        return;
    QJsonObject fields = event.payload;
    fields.insert(QStringLiteral("event"), event.name);
    if (!event.projectId.isEmpty())
        fields.insert(QStringLiteral("projectId"), event.projectId);
    log(level, event.name, fields);
}

} // namespace orrery
