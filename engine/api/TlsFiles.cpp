#include "TlsFiles.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

namespace orrery {

Result<QSslConfiguration> TlsFiles::load(const QString &certFile, const QString &keyFile)
{
    if (!QSslSocket::supportsSsl())
        return Error::unavailable(QStringLiteral("TLS was requested (--tls-cert/--tls-key) but no TLS backend is available "
                                                 "to Qt on this machine (install OpenSSL 3)."));
    if (certFile.isEmpty() || keyFile.isEmpty())
        return Error::invalid(QStringLiteral("TLS needs both a certificate file (--tls-cert) and a private key file (--tls-key)."));
    QFile cert(certFile);
    if (!cert.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("Cannot read the TLS certificate file %1: %2").arg(certFile, cert.errorString()));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(cert.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return Error::invalid(QStringLiteral("The TLS certificate file %1 holds no PEM certificate.").arg(certFile));

    QFile key(keyFile);
    if (!key.open(QIODevice::ReadOnly))
        return Error::invalid(QStringLiteral("Cannot read the TLS key file %1: %2").arg(keyFile, key.errorString()));
    const QByteArray pem = key.readAll();
    QSslKey privateKey(pem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    if (privateKey.isNull())
        privateKey = QSslKey(pem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (privateKey.isNull())
        return Error::invalid(QStringLiteral("The TLS key file %1 holds no unencrypted PEM RSA or EC private key.").arg(keyFile));

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(privateKey);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with tokens, not certificates
    config.setProtocol(QSsl::TlsV1_2OrLater);
    return config;
}

} // namespace orrery
