#pragma once

#include "ConductorTransport.h"

#include <QObject>
#include <QSet>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace orrery {

// ConductorTransport over QNetworkAccessManager, on the thread that creates it (never blocks it).
// HTTP/1.1 keep-alive, a transfer timeout per request.
class NetworkTransport final : public QObject, public ConductorTransport
{
    Q_OBJECT

public:
    explicit NetworkTransport(const QString &baseUrl, QObject *parent = nullptr);
    ~NetworkTransport() override;

    void send(const ConductorRequest &request, std::function<void(ConductorReply)> done) override;
    void cancelAll() override;

private:
    QString m_baseUrl;
    QNetworkAccessManager *m_nam;
    QSet<QNetworkReply *> m_inFlight;
};

} // namespace orrery
