#include "ReconnectBackoff.h"

#include <algorithm>
#include <cmath>

namespace orrery {

ReconnectBackoff::ReconnectBackoff(int initialMs, int maxMs, double jitter, quint32 seed)
    : m_initialMs(std::max(1, initialMs)), m_maxMs(std::max(m_initialMs, maxMs)),
      m_jitter(std::clamp(jitter, 0.0, 1.0)), m_random(seed)
{
}

int ReconnectBackoff::next()
{
    const double base = std::min(double(m_maxMs), double(m_initialMs) * std::pow(2.0, std::min(m_attempts, 30)));
    ++m_attempts;
    const double factor = 1.0 + m_jitter * (2.0 * m_random.generateDouble() - 1.0);
    return std::max(1, int(std::lround(base * factor)));
}

void ReconnectBackoff::reset()
{
    m_attempts = 0;
}

} // namespace orrery
