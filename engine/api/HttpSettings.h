#pragma once

#include <QString>
#include <QtGlobal>

namespace orrery {

// Limits and identity of the HTTP layer. Immutable once the server has started.
struct HttpSettings
{
    qint64 maxBodyBytes = 1 << 20;    // Content-Length above this: 413 before the body is read
    int maxHeaderBytes = 16 * 1024;   // request line + headers above this: 431
    int maxJsonDepth = 64;            // deeper JSON bodies: 400
    QString instance;                 // "instance" field of error bodies; empty = host name

    // `instance`, or the machine's host name when it is empty.
    QString instanceName() const;
};

} // namespace orrery
