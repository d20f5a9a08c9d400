#include "store/Store.h"

#include "store/Migrations.h"
#include "store/SqlBackend.h"
#include "store/SqlStore.h"
#include "store/StoreUrl.h"

#include <QUuid>

namespace orrery {

Result<std::unique_ptr<Store>> Store::open(const StoreConfig &config)
{
    Result<StoreUrl> url = StoreUrl::parse(config.url);
    if (!url)
        return url.error();
    std::unique_ptr<SqlBackend> backend = SqlBackend::create(url.value());
    // Connection names are process-wide: make them unique per store instance.
    const QString prefix = QStringLiteral("orrery-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString migrateName = prefix + QStringLiteral("-migrate");
    Result<int> version = Error::internal(QString());
    {
        Result<QSqlDatabase> db = backend->openConnection(migrateName, QStringLiteral("migrate"));
        if (!db)
            return db.error();
        const Clock *clock = config.clock ? config.clock : SystemClock::instance();
        version = Migrations::apply(db.value(), *backend, clock->nowMs());
        db.value().close();
    }
    SqlBackend::closeConnection(migrateName);
    if (!version)
        return version.error();
    return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(backend), config, version.value(), prefix));
}

} // namespace orrery
