#pragma once

#include <QRandomGenerator>

namespace orrery {

// Exponential reconnect delays with bounded jitter: initial, 2x, 4x ... up to `max`, each one
// multiplied by a random factor in [1 - jitter, 1 + jitter] so that many instances that lost
// the same server do not come back in lock step. Seedable for tests.
class ReconnectBackoff
{
public:
    ReconnectBackoff(int initialMs, int maxMs, double jitter, quint32 seed);

    int next();           // the delay before the next attempt; counts the attempt
    void reset();         // after a success
    int attempts() const { return m_attempts; }

private:
    int m_initialMs;
    int m_maxMs;
    double m_jitter;
    int m_attempts = 0;
    QRandomGenerator m_random;
};

} // namespace orrery
