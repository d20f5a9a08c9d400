#include "ApiServerModule.h"

#include "HttpApiServer.h"

namespace orrery {

Result<void> ApiServerModule::start(ServerContext &context)
{
    if (!context.api)
        return Error::internal(QStringLiteral("the API server is missing from the server context"));
    m_api = context.api;
    m_api->setWorkerPool(context.pool);
    return {};
}

void ApiServerModule::stop()
{
    if (m_api)
        m_api->setWorkerPool(nullptr); // the pool is destroyed after the modules stop
    m_api = nullptr;
}

} // namespace orrery
