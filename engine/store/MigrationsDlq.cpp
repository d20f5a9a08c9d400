#include "store/Migrations.h"

namespace orrery {

// Schema of the dead-letter queue: versions 2, 2+10, 2+20, ... (each module steps by 10 so modules
// never collide). Released steps are never edited; append new ones.
std::vector<Migration> dlqMigrations()
{
    return {};
}

} // namespace orrery
