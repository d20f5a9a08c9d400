#pragma once

#include "api/ServerModule.h"

namespace orrery {

// Serves the web dashboard (docs/dashboard.md) at / on the API port: the page and its assets,
// compiled into the binary. The dashboard itself talks to the REST API and the Socket.IO hub
// with the user's token. Registered in runtime/ServerModules.cpp, so orreryd and the console's
// local engine both serve it.
class WebModule final : public ServerModule
{
public:
    QString name() const override { return QStringLiteral("web"); }
    Result<void> start(ServerContext &context) override;
    void stop() override {}
};

} // namespace orrery
