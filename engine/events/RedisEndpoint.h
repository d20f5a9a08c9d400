#pragma once

#include "core/Result.h"

#include <QString>

namespace orrery {

// Where a Redis server is: redis://[[user]:password@]host[:port][/db] (port 6379 by default).
// The password never appears in display() (logs, stats).
struct RedisEndpoint
{
    QString host;
    quint16 port = 6379;
    QString user;
    QString password;
    int db = 0;

    // Errors name the part of the URL that is wrong.
    static Result<RedisEndpoint> parse(const QString &url);
    QString display() const; // redis://host:port/db, with "***" for a password
};

} // namespace orrery
