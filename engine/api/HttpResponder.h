#pragma once

#include "HttpResponse.h"

#include <functional>
#include <memory>

namespace orrery {

class ResponseQueue;
class ThreadMailbox;

// The one-shot answer channel of one request. Cheap to copy (shared state); send() may be
// called from any thread, exactly once; later calls are ignored. If every copy is dropped
// without an answer (for example a callback the engine discarded while stopping), the client
// gets a 503 instead of a hung connection.
class HttpResponder
{
public:
    HttpResponder(ResponseQueue *queue, quint64 slot, bool headOnly, bool closeAfter,
                  std::shared_ptr<ThreadMailbox> mailbox, QString instance);

    void send(HttpResponse response) const;
    // Runs on every answer just before it is written (including the 503 of a dropped request),
    // on the answering thread. Set once, before the responder is handed to a handler.
    void setFinalizer(std::function<void(HttpResponse &)> finalize);
    bool sent() const;
    // Runs `work` on the server thread (directly when already there). False if the server is gone.
    bool post(std::function<void()> work) const;

private:
    struct State;
    std::shared_ptr<State> d;
};

} // namespace orrery
