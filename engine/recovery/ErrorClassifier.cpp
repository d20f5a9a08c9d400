#include "ErrorClassifier.h"

#include "JsonFieldReader.h"

#include <cmath>

namespace orrery {

namespace {

constexpr QLatin1String kTerminalKey("terminalErrors");
constexpr QLatin1String kTransientKey("transientErrors");

// Connection-level failures that usually heal: Qt's QNetworkReply::NetworkError names and
// POSIX errno names, compared case-insensitively.
const QSet<QString> &builtInTransientCodes()
{
    static const QSet<QString> codes = [] {
        QSet<QString> s;
        for (const char *c : {"ConnectionRefusedError", "RemoteHostClosedError", "HostNotFoundError",
                              "TimeoutError", "TemporaryNetworkFailureError", "NetworkSessionFailedError",
                              "UnknownNetworkError", "ProxyConnectionRefusedError",
                              "ProxyConnectionClosedError", "ProxyNotFoundError", "ProxyTimeoutError",
                              "ServiceUnavailableError", "InternalServerError", "ECONNREFUSED",
                              "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH",
                              "ENETDOWN", "EPIPE", "EAGAIN", "EAI_AGAIN",
                              // the local workers' codes (engine/workers/FailureInfo.h)
                              "connection_refused", "remote_closed", "host_not_found", "timeout",
                              "connect_timeout", "read_timeout", "timed_out", "network_unavailable",
                              "proxy_error"})
            s.insert(QString::fromLatin1(c).toCaseFolded());
        return s;
    }();
    return codes;
}

// Failures caused by the request itself or by configuration, which a retry repeats.
const QSet<QString> &builtInTerminalCodes()
{
    static const QSet<QString> codes = [] {
        QSet<QString> s;
        for (const char *c : {"SslHandshakeFailedError", "ProtocolUnknownError",
                              "ProtocolInvalidOperationError", "InsecureRedirectError",
                              "TooManyRedirectsError",
                              // the local workers' codes (engine/workers/FailureInfo.h)
                              "tls_error", "redirect_error", "invalid_input", "unknown_task_type"})
            s.insert(QString::fromLatin1(c).toCaseFolded());
        return s;
    }();
    return codes;
}

std::optional<int> wholeNumber(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 1e9)
        return std::nullopt;
    return int(d);
}

} // namespace

QString ErrorClassifier::className(ErrorClass c)
{
    return c == ErrorClass::Terminal ? QStringLiteral("TERMINAL") : QStringLiteral("TRANSIENT");
}

ErrorClassifier::Rules ErrorClassifier::parseRules(JsonFieldReader &reader, const QString &key)
{
    Rules rules;
    if (!reader.has(key))
        return rules;
    const QJsonValue v = reader.value(key);
    if (!v.isArray()) {
        reader.addError(key, QStringLiteral("%1 must be an array of exit codes, HTTP statuses "
                                            "(404, \"http:404\", \"exit:2\") or error-code strings")
                                 .arg(reader.path(key)));
        return rules;
    }
    const QJsonArray arr = v.toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        const QJsonValue e = arr.at(i);
        const QString idx = QStringLiteral("%1[%2]").arg(key).arg(i);
        const QString where = reader.path(idx);
        if (const auto n = wholeNumber(e)) {
            if (*n < 0 || *n > 599) {
                reader.addError(idx, QStringLiteral("%1 must be an exit code (0-255) or an HTTP status "
                                                    "(100-599), got %2").arg(where).arg(*n));
                continue;
            }
            rules.exitCodes.insert(*n);
            rules.httpStatuses.insert(*n);
        } else if (e.isString() && !e.toString().trimmed().isEmpty()) {
            const QString s = e.toString().trimmed();
            const bool isHttp = s.startsWith(QStringLiteral("http:"), Qt::CaseInsensitive);
            const bool isExit = s.startsWith(QStringLiteral("exit:"), Qt::CaseInsensitive);
            if (isHttp || isExit) {
                bool ok = false;
                const int n = s.mid(5).trimmed().toInt(&ok);
                const bool inRange = isHttp ? (n >= 100 && n <= 599) : (n >= 0 && n <= 255);
                if (!ok || !inRange) {
                    reader.addError(idx, QStringLiteral("%1: \"%2\" must be %3").arg(where, s,
                        isHttp ? QStringLiteral("\"http:\" followed by an HTTP status 100-599")
                               : QStringLiteral("\"exit:\" followed by an exit code 0-255")));
                    continue;
                }
                (isHttp ? rules.httpStatuses : rules.exitCodes).insert(n);
            } else {
                rules.errorCodes.insert(s.toCaseFolded());
            }
        } else {
            reader.addError(idx, QStringLiteral("%1 must be an integer (exit code or HTTP status), "
                                                "\"http:N\", \"exit:N\" or a non-empty error-code string")
                                     .arg(where));
            continue;
        }
        rules.source.append(e);
    }
    return rules;
}

Result<ErrorClassifier> ErrorClassifier::fromJson(const QJsonObject &json, const QString &pathPrefix)
{
    JsonFieldReader r(json, pathPrefix);
    ErrorClassifier c;
    c.m_terminal = parseRules(r, kTerminalKey);
    c.m_transient = parseRules(r, kTransientKey);

    QStringList both;
    for (int n : std::as_const(c.m_terminal.exitCodes))
        if (c.m_transient.exitCodes.contains(n))
            both << QStringLiteral("exit:%1").arg(n);
    for (int n : std::as_const(c.m_terminal.httpStatuses))
        if (c.m_transient.httpStatuses.contains(n))
            both << QStringLiteral("http:%1").arg(n);
    for (const QString &s : std::as_const(c.m_terminal.errorCodes))
        if (c.m_transient.errorCodes.contains(s))
            both << s;
    if (!both.isEmpty()) {
        both.sort();
        both.removeDuplicates();
        r.addError(kTransientKey, QStringLiteral("%1 lists %2 which %3 also lists; remove it from one of them")
                                      .arg(r.path(kTransientKey), both.join(QStringLiteral(", ")),
                                           r.path(kTerminalKey)));
    }
    if (!r.errors().isEmpty())
        return Error::invalid(QStringLiteral("Invalid error classification in the task definition: %1")
                                  .arg(r.errors().first().message),
                              r.errors());
    return c;
}

QJsonObject ErrorClassifier::toJson() const
{
    QJsonObject o;
    if (!m_terminal.source.isEmpty())
        o.insert(kTerminalKey, m_terminal.source);
    if (!m_transient.source.isEmpty())
        o.insert(kTransientKey, m_transient.source);
    return o;
}

std::optional<QString> ErrorClassifier::match(const Rules &rules, const FailureFacts &f)
{
    if (f.kind == FailureFacts::Kind::Http && f.httpStatus > 0 && rules.httpStatuses.contains(f.httpStatus))
        return QStringLiteral("http:%1").arg(f.httpStatus);
    if (f.kind == FailureFacts::Kind::Shell && rules.exitCodes.contains(f.exitCode))
        return QStringLiteral("exit:%1").arg(f.exitCode);
    if (!f.errorCode.isEmpty() && rules.errorCodes.contains(f.errorCode.trimmed().toCaseFolded()))
        return f.errorCode.trimmed();
    return std::nullopt;
}

ErrorClassifier::Classification ErrorClassifier::builtIn(const FailureFacts &f)
{
    const auto transient = [](const QString &why) { return Classification{ErrorClass::Transient, why}; };
    const auto terminal = [](const QString &why) { return Classification{ErrorClass::Terminal, why}; };

    const QString code = f.errorCode.trimmed().toCaseFolded();
    if (!code.isEmpty() && builtInTransientCodes().contains(code))
        return transient(QStringLiteral("built-in: error code %1 is a connection failure").arg(f.errorCode));
    if (!code.isEmpty() && builtInTerminalCodes().contains(code))
        return terminal(QStringLiteral("built-in: error code %1 is a request/configuration error").arg(f.errorCode));

    switch (f.kind) {
    case FailureFacts::Kind::Http: {
        const int s = f.httpStatus;
        if (s <= 0)
            return transient(QStringLiteral("built-in: no HTTP response"));
        if (s == 408 || s == 429)
            return transient(QStringLiteral("built-in: HTTP %1 asks to try again").arg(s));
        if (s >= 500 && s <= 599)
            return transient(QStringLiteral("built-in: HTTP %1 is a server error").arg(s));
        if (s >= 400 && s <= 499)
            return terminal(QStringLiteral("built-in: HTTP %1 is a client error").arg(s));
        return transient(QStringLiteral("built-in: unexpected HTTP %1").arg(s));
    }
    case FailureFacts::Kind::Shell:
        if (f.exitCode == 126)
            return terminal(QStringLiteral("built-in: exit 126, the command cannot be executed"));
        if (f.exitCode == 127)
            return terminal(QStringLiteral("built-in: exit 127, the command was not found"));
        return transient(QStringLiteral("built-in: exit %1").arg(f.exitCode));
    case FailureFacts::Kind::Network:
        return transient(QStringLiteral("built-in: network failure"));
    case FailureFacts::Kind::Other:
        break;
    }
    const QString m = f.message.toCaseFolded();
    for (const char *needle : {"connection refused", "connection reset", "timed out", "timeout",
                               "temporarily unavailable"}) {
        if (m.contains(QLatin1String(needle)))
            return transient(QStringLiteral("built-in: message mentions \"%1\"").arg(QLatin1String(needle)));
    }
    return transient(QStringLiteral("built-in: unknown failures are retried"));
}

ErrorClassifier::Classification ErrorClassifier::classify(const FailureFacts &failure) const
{
    if (const auto hit = match(m_terminal, failure))
        return {ErrorClass::Terminal, QStringLiteral("%1: %2").arg(kTerminalKey, *hit)};
    if (const auto hit = match(m_transient, failure))
        return {ErrorClass::Transient, QStringLiteral("%1: %2").arg(kTransientKey, *hit)};
    return builtIn(failure);
}

} // namespace orrery
