#pragma once

namespace orrery {

class ApiRouter;
struct ApiServices;

// Token routes:
//   POST   /api/token              Conductor SDK exchange {keyId, keySecret} -> {token} (anonymous;
//                                  a wrong secret counts as a failed authentication)
//   GET    /api/token/me           the caller's own token: id, name, role, projects (viewer)
//   GET    /api/tokens             list (admin): id, name, role, projects, times, revoked; never secrets
//   POST   /api/tokens             create {name, role, projects?} (admin): the secret is in the
//                                  answer, once; only its hash is stored
//   DELETE /api/tokens/{tokenId}   revoke (admin); the last admin token cannot be revoked
class TokenRoutes
{
public:
    static void registerRoutes(ApiRouter &router, const ApiServices &services);
};

} // namespace orrery
