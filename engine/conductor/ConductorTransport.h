#pragma once

#include "ConductorRequest.h"

#include <functional>

namespace orrery {

// Sends requests to one server, asynchronously: `done` runs later on the transport's thread,
// exactly once (also for a cancelled call: status 0), unless the transport is destroyed first
// (then never). Tests use a fake.
class ConductorTransport
{
public:
    virtual ~ConductorTransport() = default;
    virtual void send(const ConductorRequest &request, std::function<void(ConductorReply)> done) = 0;
    // Ends every call in flight (their `done` gets status 0, error "cancelled").
    virtual void cancelAll() = 0;
};

} // namespace orrery
