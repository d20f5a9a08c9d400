#pragma once

#include <QString>

namespace orrery {

// What went wrong in one attempt, as far as error classification needs to know.
// Handlers fill it in: the HTTP handler with the response status (0 = no response), the
// shell handler with the exit code, network-level code with an error code such as
// "ConnectionRefusedError" (QNetworkReply::NetworkError names) or "ECONNREFUSED".
struct FailureInfo
{
    enum class Kind { Http, Shell, Network, Other };

    Kind kind = Kind::Other;
    int httpStatus = 0;   // Kind::Http: the response status, 0 when no response arrived
    int exitCode = 0;     // Kind::Shell: the process exit code
    QString errorCode;    // any kind: a machine-readable code, matched case-insensitively
    QString message;      // for people; only used by the built-in message rules

    static FailureInfo http(int status, const QString &message = QString())
    {
        FailureInfo f;
        f.kind = Kind::Http;
        f.httpStatus = status;
        f.message = message;
        return f;
    }
    static FailureInfo shell(int exitCode, const QString &message = QString())
    {
        FailureInfo f;
        f.kind = Kind::Shell;
        f.exitCode = exitCode;
        f.message = message;
        return f;
    }
    static FailureInfo network(const QString &errorCode, const QString &message = QString())
    {
        FailureInfo f;
        f.kind = Kind::Network;
        f.errorCode = errorCode;
        f.message = message;
        return f;
    }
    static FailureInfo other(const QString &errorCode, const QString &message = QString())
    {
        FailureInfo f;
        f.errorCode = errorCode;
        f.message = message;
        return f;
    }
};

} // namespace orrery
