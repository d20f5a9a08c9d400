#pragma once

#include <QString>

namespace orrery {

// What went wrong in one attempt, as far as error classification needs to know: the HTTP
// response status (0 = no response), the shell exit code, or an error code such as
// "ConnectionRefusedError" (QNetworkReply::NetworkError names), "ECONNREFUSED" or the local
// workers' snake_case codes ("connection_refused", "read_timeout", ...). The local worker
// bridge builds it from the workers' own FailureInfo (a different type: workers never decide
// about retries); remote workers report only a status and a reason.
struct FailureFacts
{
    enum class Kind { Http, Shell, Network, Other };

    Kind kind = Kind::Other;
    int httpStatus = 0;   // Kind::Http: the response status, 0 when no response arrived
    int exitCode = 0;     // Kind::Shell: the process exit code
    QString errorCode;    // any kind: a machine-readable code, matched case-insensitively
    QString message;      // for people; only used by the built-in message rules

    static FailureFacts http(int status, const QString &message = QString())
    {
        FailureFacts f;
        f.kind = Kind::Http;
        f.httpStatus = status;
        f.message = message;
        return f;
    }
    static FailureFacts shell(int exitCode, const QString &message = QString())
    {
        FailureFacts f;
        f.kind = Kind::Shell;
        f.exitCode = exitCode;
        f.message = message;
        return f;
    }
    static FailureFacts network(const QString &errorCode, const QString &message = QString())
    {
        FailureFacts f;
        f.kind = Kind::Network;
        f.errorCode = errorCode;
        f.message = message;
        return f;
    }
    static FailureFacts other(const QString &errorCode, const QString &message = QString())
    {
        FailureFacts f;
        f.errorCode = errorCode;
        f.message = message;
        return f;
    }
};

} // namespace orrery
