#include "WebModule.h"

#include "WebAssets.h"
#include "WebRoutes.h"

#include "api/HttpApiServer.h"

namespace orrery {

Result<void> WebModule::start(ServerContext &context)
{
    if (!context.api)
        return Error::internal(QStringLiteral("the API server is missing from the server context"));
    auto assets = std::make_shared<const WebAssets>();
    if (!assets->page())
        return Error::internal(QStringLiteral("the web dashboard's index.html is missing from the binary's resources "
                                              "(web/CMakeLists.txt builds it; rebuild)"));
    context.api->addRoutes([assets](ApiRouter &router) { WebRoutes::registerRoutes(router, assets); });
    return {};
}

} // namespace orrery
