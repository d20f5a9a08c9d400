#include "TokenGuessing.h"

#include "RawHttp.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace orrery::test {

namespace {

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

QByteArray address(int n)
{
    // 127.1.x.y: never 127.0.0.1, where the well-behaved client and the test's own calls come from.
    return "127.1." + QByteArray::number((n / 250) % 250) + '.' + QByteArray::number(1 + n % 250);
}

// One request on an open keep-alive connection; its duration in microseconds, or -1.
double timedCall(int fd, const QByteArray &token, int *status)
{
    const QByteArray req = RawHttp::build("GET", "/api/token/me", token, {}, {{"Connection", "keep-alive"}});
    const auto start = std::chrono::steady_clock::now();
    if (!RawHttp::sendAll(fd, req, 5000))
        return -1;
    const RawHttp::Reply r = RawHttp::readReply(fd, 5000);
    const auto end = std::chrono::steady_clock::now();
    *status = r.status;
    return r.status == 0 ? -1 : double(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count()) / 1000.0;
}

} // namespace

TokenGuessing::Lockout TokenGuessing::lockout(quint16 port, const QByteArray &rightToken, int guesses, const QByteArray &attacker)
{
    Lockout l;
    for (int i = 0; i < guesses; ++i) {
        QByteArray guess = rightToken;
        guess[guess.size() - 1 - (i % 5)] = guess[guess.size() - 1 - (i % 5)] == 'A' ? 'B' : 'A';
        const RawHttp::Reply r = RawHttp::request(port, "GET", "/api/tasks?size=1", guess, {}, 5000, attacker);
        l.statuses.append(r.status);
        if (r.status == 429 && l.firstThrottled < 0) {
            l.firstThrottled = i;
            l.retryAfter = r.header("Retry-After");
        }
    }
    l.rightTokenStatus = RawHttp::request(port, "GET", "/api/tasks?size=1", rightToken, {}, 5000, attacker).status;
    l.otherAddressStatus = RawHttp::request(port, "GET", "/api/tasks?size=1", rightToken, {}, 5000).status;
    return l;
}

TokenGuessing::Timing TokenGuessing::timing(quint16 port, const QByteArray &rightToken, int samplesPerKind, int perAddress)
{
    Timing t;
    QByteArray samePrefix = rightToken;
    samePrefix[samePrefix.size() - 1] = samePrefix.at(samePrefix.size() - 1) == 'x' ? 'y' : 'x';
    QByteArray noPrefix(rightToken.size(), 'z');
    for (qsizetype i = 0; i < noPrefix.size(); ++i)
        noPrefix[i] = rightToken.at(i) == 'z' ? 'y' : 'z';
    QList<double> same, none;
    int addressIndex = 0;
    int fd = -1;
    int onThisAddress = 0;
    // Alternate the two kinds on the same connection, so drift in load hits both alike.
    for (int i = 0; i < 2 * samplesPerKind; ++i) {
        if (fd < 0 || onThisAddress >= perAddress) {
            RawHttp::closeFd(fd);
            fd = RawHttp::connectTo(port, 5000, address(addressIndex++));
            onThisAddress = 0;
            if (fd < 0)
                continue;
        }
        int status = 0;
        const bool sameKind = i % 2 == 0;
        const double us = timedCall(fd, sameKind ? samePrefix : noPrefix, &status);
        ++onThisAddress;
        if (us < 0) {
            RawHttp::closeFd(fd);
            fd = -1;
            ++t.non401;
            continue;
        }
        if (status != 401) {
            ++t.non401;
            continue;
        }
        (sameKind ? same : none).append(us);
    }
    RawHttp::closeFd(fd);
    t.samples = int(qMin(same.size(), none.size()));
    t.samePrefixMedianUs = median(same);
    t.noPrefixMedianUs = median(none);
    t.differenceUs = t.samePrefixMedianUs - t.noPrefixMedianUs;
    QList<double> deviations;
    for (double v : std::as_const(none))
        deviations.append(std::fabs(v - t.noPrefixMedianUs));
    t.noiseUs = median(deviations);
    return t;
}

} // namespace orrery::test
