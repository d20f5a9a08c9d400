#pragma once

#include <QtGlobal>

namespace orrery {

// A token bucket in the caller's time (ms): `ratePerSecond` tokens flow in, at most `burst`
// are held. tryTake() spends one if there is one.
class TokenBucket
{
public:
    TokenBucket(double ratePerSecond, int burst, qint64 nowMs);

    bool tryTake(qint64 nowMs);
    double tokens() const { return m_tokens; }

private:
    double m_rate;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs;
};

} // namespace orrery
