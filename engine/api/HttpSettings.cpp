#include "HttpSettings.h"

#include "core/Clock.h"

#include <QSysInfo>

namespace orrery {

QString HttpSettings::instanceName() const
{
    return instance.isEmpty() ? QSysInfo::machineHostName() : instance;
}

const Clock &HttpSettings::clockRef() const
{
    return clock ? *clock : *SystemClock::instance();
}

} // namespace orrery
