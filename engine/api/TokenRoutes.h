#pragma once

namespace orrery {

class ApiRouter;
class TokenService;

// POST /api/token (anonymous): the Conductor SDKs' key exchange. The body is
// {"keyId": <anything, e.g. the token id>, "keySecret": <an Orrery token>}; a valid token is
// answered with {"token": <the same token>}, so an SDK configured with keyId/keySecret sends it
// as X-Authorization afterwards. An invalid one gets 401.
class TokenRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const TokenService *tokens);
};

} // namespace orrery
