#include "HttpSettings.h"

#include <QSysInfo>

namespace orrery {

QString HttpSettings::instanceName() const
{
    return instance.isEmpty() ? QSysInfo::machineHostName() : instance;
}

} // namespace orrery
