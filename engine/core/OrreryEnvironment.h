#pragma once

#include <QHash>
#include <QString>

namespace orrery {

// The ORRERY_* variables of the process environment, which the server options, the real-time hub
// and the commands read (they take the map as an argument, so tests inject their own).
class OrreryEnvironment
{
public:
    static QHash<QString, QString> ofProcess();
};

} // namespace orrery
