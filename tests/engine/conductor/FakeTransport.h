#pragma once

#include "conductor/ConductorTransport.h"

#include <QList>
#include <functional>

namespace orrery::test {

// A Conductor server in memory: every request is recorded and answered by `responder` when the
// test calls flush() (never from inside send(), like a real network).
class FakeTransport final : public ConductorTransport
{
public:
    std::function<ConductorReply(const ConductorRequest &)> responder = [](const ConductorRequest &) {
        ConductorReply r;
        r.status = 204;
        return r;
    };
    QList<ConductorRequest> sent;

    void send(const ConductorRequest &request, std::function<void(ConductorReply)> done) override
    {
        sent.append(request);
        m_pending.append({request, std::move(done)});
    }
    void cancelAll() override
    {
        auto pending = std::exchange(m_pending, {});
        for (auto &p : pending) {
            ConductorReply r;
            r.error = QStringLiteral("cancelled");
            p.second(r);
        }
    }
    // Answers everything pending (also what the answers cause), up to `rounds` times.
    int flush(int rounds = 10)
    {
        int answered = 0;
        for (int i = 0; i < rounds && !m_pending.isEmpty(); ++i) {
            auto pending = std::exchange(m_pending, {});
            for (auto &p : pending) {
                p.second(responder(p.first));
                ++answered;
            }
        }
        return answered;
    }
    int pendingCount() const { return int(m_pending.size()); }
    int count(const QString &pathPrefix) const
    {
        int n = 0;
        for (const auto &r : sent)
            n += r.path.startsWith(pathPrefix) ? 1 : 0;
        return n;
    }

    static ConductorReply reply(int status, const QByteArray &body = {})
    {
        ConductorReply r;
        r.status = status;
        r.body = body;
        if (status == 0)
            r.error = QStringLiteral("Connection refused");
        return r;
    }

private:
    QList<QPair<ConductorRequest, std::function<void(ConductorReply)>>> m_pending;
};

inline QByteArray headerOf(const ConductorRequest &r, const QByteArray &name)
{
    for (const auto &h : r.headers)
        if (h.first == name)
            return h.second;
    return {};
}

} // namespace orrery::test
