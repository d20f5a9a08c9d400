#pragma once

#include "api/Principal.h"

namespace orrery::test {

// An Authenticator with three fixed tokens: viewer-token, operator-token, admin-token.
class FixedTokens final : public Authenticator
{
public:
    std::optional<Principal> authenticate(const QByteArray &secret) const override
    {
        if (secret == "viewer-token")
            return Principal{QStringLiteral("t1"), QStringLiteral("v"), Role::Viewer, {}};
        if (secret == "operator-token")
            return Principal{QStringLiteral("t2"), QStringLiteral("o"), Role::Operator, {}};
        if (secret == "admin-token")
            return Principal{QStringLiteral("t3"), QStringLiteral("a"), Role::Admin, {}};
        return std::nullopt;
    }
};

} // namespace orrery::test
