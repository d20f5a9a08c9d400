#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace orrery::test {

// Token brute force against orreryd: what one address gets when it keeps guessing (401s, then
// 429 for everything, the right token included), and whether the time to refuse a wrong token
// depends on how much of it is right (a timing leak). The timing samples come from many source
// addresses on 127.0.0.0/8, each below the throttle's limit, so the throttle never answers them.
class TokenGuessing
{
public:
    struct Lockout
    {
        QList<int> statuses;      // of each wrong guess from the attacking address, in order
        int firstThrottled = -1;  // index of the first 429
        int rightTokenStatus = 0; // the right token from the attacking address, after the guesses
        QByteArray retryAfter;
        int otherAddressStatus = 0; // the right token from another address meanwhile
    };
    struct Timing
    {
        int samples = 0;             // per kind
        double samePrefixMedianUs = 0; // wrong token sharing all but the last character
        double noPrefixMedianUs = 0;   // wrong token sharing no character
        double differenceUs = 0;
        double noiseUs = 0;          // median absolute deviation of the no-prefix samples
        int non401 = 0;              // answers other than 401 (throttled or broken): should be 0
    };

    static Lockout lockout(quint16 port, const QByteArray &rightToken, int guesses, const QByteArray &attacker);
    static Timing timing(quint16 port, const QByteArray &rightToken, int samplesPerKind, int perAddress);
};

} // namespace orrery::test
