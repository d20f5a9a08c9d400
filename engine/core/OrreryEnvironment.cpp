#include "OrreryEnvironment.h"

#include <QProcessEnvironment>

namespace orrery {

QHash<QString, QString> OrreryEnvironment::ofProcess()
{
    QHash<QString, QString> env;
    const QProcessEnvironment pe = QProcessEnvironment::systemEnvironment();
    for (const QString &k : pe.keys())
        if (k.startsWith(QLatin1String("ORRERY_")))
            env.insert(k, pe.value(k));
    return env;
}

} // namespace orrery
