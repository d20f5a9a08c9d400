#pragma once

#include <QObject>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace orrery {

class ActiveInstance;
class RequestContext;

// The reverse proxy of a standby: sends a request it does not serve itself to the active
// instance (same method, path, query, body, Authorization and content headers, plus
// X-Orrery-Forwarded-By naming this standby and X-Forwarded-For) and relays the answer's status,
// headers and body (with X-Orrery-Forwarded-To naming the active). Answers 503 in the standby's
// shape (ActiveInstance::refusal), quickly and with the reason, when
//   - forwarding is off (the request is refused as before forwarding existed);
//   - the request was already forwarded once (loop guard: a standby never forwards twice);
//   - no active instance is known, or the lease record names this instance;
//   - the active does not answer (refused, reset, unknown host, or no answer within the timeout).
// Lives on the thread of the API server that uses it (its QNetworkAccessManager keeps the
// connections to the active alive there); forward() must be called on that thread.
class ActiveForwarder : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        bool enabled = true;
        int timeoutMs = 10000; // from sending the request to the end of the answer
    };

    ActiveForwarder(Settings settings, std::shared_ptr<const ActiveInstance> active, QObject *parent = nullptr);
    ~ActiveForwarder() override;

    void forward(const RequestContext &ctx);

    static constexpr const char *kForwardedToHeader = "X-Orrery-Forwarded-To";

private:
    void relay(const RequestContext &ctx, QNetworkReply *reply, const QString &activeUrl);

    Settings m_settings;
    std::shared_ptr<const ActiveInstance> m_active;
    QNetworkAccessManager *m_nam;
};

} // namespace orrery
