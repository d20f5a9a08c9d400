#include "store/Migrations.h"

namespace orrery {

// Schema of the API audit log and token changes: versions 4, 4+10, 4+20, ... (each module steps by 10 so modules
// never collide). Released steps are never edited; append new ones.
std::vector<Migration> apiMigrations()
{
    return {};
}

} // namespace orrery
