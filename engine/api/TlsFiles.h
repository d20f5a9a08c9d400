#pragma once

#include "core/Result.h"

#include <QSslConfiguration>
#include <QString>

namespace orrery {

// Loads the server side of TLS from PEM files: the certificate file may hold a chain (the
// server's certificate first), the key file an unencrypted RSA or EC private key. Errors name
// the file and what is wrong with it.
class TlsFiles
{
public:
    static Result<QSslConfiguration> load(const QString &certFile, const QString &keyFile);
};

} // namespace orrery
