#include "store/Migrations.h"

namespace orrery {

// Schema of the scheduler jobs and runs: versions 3, 3+10, 3+20, ... (each module steps by 10 so modules
// never collide). Released steps are never edited; append new ones.
std::vector<Migration> schedulerMigrations()
{
    return {};
}

} // namespace orrery
