#include "HttpResponder.h"

#include "ResponseQueue.h"
#include "ThreadMailbox.h"

#include <QPointer>
#include <atomic>

namespace orrery {

struct HttpResponder::State
{
    QPointer<ResponseQueue> queue; // null once the connection is gone
    quint64 slot = 0;
    bool headOnly = false;
    bool closeAfter = false;
    std::shared_ptr<ThreadMailbox> mailbox;
    QString instance;
    std::function<void(HttpResponse &)> finalize;
    std::atomic_bool done{false};

    static void write(const QPointer<ResponseQueue> &queue, quint64 slot, const HttpResponse &r,
                      bool headOnly, bool closeAfter)
    {
        if (queue)
            queue->finish(slot, r.toWire(headOnly, closeAfter || r.closeConnection),
                          closeAfter || r.closeConnection);
    }

    ~State()
    {
        if (done.load())
            return;
        HttpResponse r = HttpResponse::error(
            503, QStringLiteral("The request was dropped without an answer; the engine may be stopping. Retry later."),
            instance);
        if (finalize)
            finalize(r);
        if (mailbox->onTargetThread()) {
            write(queue, slot, r, headOnly, closeAfter);
        } else {
            mailbox->post([q = queue, s = slot, r, h = headOnly, c = closeAfter] { write(q, s, r, h, c); });
        }
    }
};

HttpResponder::HttpResponder(ResponseQueue *queue, quint64 slot, bool headOnly, bool closeAfter,
                             std::shared_ptr<ThreadMailbox> mailbox, QString instance)
    : d(std::make_shared<State>())
{
    d->queue = queue;
    d->slot = slot;
    d->headOnly = headOnly;
    d->closeAfter = closeAfter;
    d->mailbox = std::move(mailbox);
    d->instance = std::move(instance);
}

void HttpResponder::send(HttpResponse response) const
{
    if (d->done.exchange(true))
        return;
    if (d->finalize)
        d->finalize(response);
    if (d->mailbox->onTargetThread()) {
        State::write(d->queue, d->slot, response, d->headOnly, d->closeAfter);
        return;
    }
    d->mailbox->post([state = d, r = std::move(response)] {
        State::write(state->queue, state->slot, r, state->headOnly, state->closeAfter);
    });
}

void HttpResponder::setFinalizer(std::function<void(HttpResponse &)> finalize)
{
    d->finalize = std::move(finalize);
}

bool HttpResponder::sent() const
{
    return d->done.load();
}

bool HttpResponder::post(std::function<void()> work) const
{
    if (d->mailbox->onTargetThread()) {
        work();
        return true;
    }
    return d->mailbox->post(std::move(work));
}

} // namespace orrery
