#pragma once

#include "api/ServerModule.h"

namespace orrery {

class HttpApiServer;

// Plugs the parts of the API that need the server's other objects into OrreryServer: the local
// worker pool for GET /api/conductor/workers. (Registered in runtime/ServerModules.cpp.)
class ApiServerModule final : public ServerModule
{
public:
    QString name() const override { return QStringLiteral("api"); }
    Result<void> start(ServerContext &context) override;
    void stop() override;

private:
    HttpApiServer *m_api = nullptr;
};

} // namespace orrery
