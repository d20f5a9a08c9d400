#pragma once

#include "core/Result.h"

#include <QList>
#include <QPair>
#include <QString>

namespace orrery {

// A parsed store location. Accepted forms:
//   sqlite:/abs/path/orrery.db   sqlite:///abs/path/orrery.db   sqlite:relative.db   /abs/path.db   relative.db
//   postgresql://user:pass@host:port/dbname?sslmode=require   (also postgres://)
// The password is kept for connecting but never appears in masked() or in error texts.
struct StoreUrl
{
    enum class Backend { Sqlite, Postgres };

    Backend backend = Backend::Sqlite;
    QString path; // SQLite: absolute file path
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QList<QPair<QString, QString>> options; // PostgreSQL: libpq connection parameters from the query string

    static Result<StoreUrl> parse(const QString &url);

    // The URL with the password replaced by "***", safe for logs and error messages.
    QString masked() const;
    // Replaces every occurrence of the password in `text` by "***".
    QString maskSecrets(QString text) const;
};

} // namespace orrery
