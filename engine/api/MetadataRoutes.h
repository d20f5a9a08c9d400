#pragma once

namespace orrery {

class ApiRouter;
class Engine;

// Conductor's metadata API (spec §3): task and workflow definitions.
// Reads need a viewer token; every change needs an admin token.
class MetadataRoutes
{
public:
    static void registerRoutes(ApiRouter &router, Engine *engine);
};

} // namespace orrery
