#include "store/Migrations.h"

namespace orrery {

// Schema of the API audit log and token changes: versions 4, 4+10, 4+20, ... (each module steps by 10 so modules
// never collide). Released steps are never edited; append new ones.
std::vector<Migration> apiMigrations()
{
    std::vector<Migration> list;
    // Every mutating API call (and every `orreryd token` command): who, with which role, what,
    // on which target, when, from where, and how it ended.
    list.push_back(Migration{
        4,
        QStringLiteral("API audit log"),
        {
            QStringLiteral("CREATE TABLE api_audit ("
                           "seq {serial_pk}, time {bigint} NOT NULL, "
                           "actor_id TEXT NOT NULL DEFAULT '', actor TEXT NOT NULL DEFAULT '', "
                           "role TEXT NOT NULL DEFAULT '', method TEXT NOT NULL, route TEXT NOT NULL, "
                           "target TEXT NOT NULL, status INTEGER NOT NULL, outcome TEXT NOT NULL, "
                           "remote TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX api_audit_time ON api_audit (time)"),
            QStringLiteral("CREATE INDEX api_audit_actor ON api_audit (actor_id, time)"),
        }});
    return list;
}

} // namespace orrery
